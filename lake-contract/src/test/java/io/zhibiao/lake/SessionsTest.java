package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SessionsTest {

    @Test
    void aSecondCreateReturnsTheSessionAppliesShufflePartitionsAndNamesAMasterItCannotUse() {
        SparkSession first = Sessions.create("zhibiao-lake-test", "local[2]", 2);
        String partitions = first.conf().get("spark.sql.shuffle.partitions");
        try {
            SparkSession second = Sessions.create("zhibiao-lake-test-2", "local[3]", 5);
            assertThat(second).isSameAs(first);
            assertThat(second.conf().get("spark.sql.shuffle.partitions")).isEqualTo("5");
            assertThat(second.sparkContext().master()).isEqualTo("local[2]");
            assertThat(Sessions.masterMismatch(second, "local[3]")).hasValueSatisfying(w ->
                    assertThat(w).contains("master local[2]").contains("master local[3] was asked for"));
            assertThat(Sessions.masterMismatch(second, "local[2]")).isEmpty();
        } finally {
            first.conf().set("spark.sql.shuffle.partitions", partitions);
        }
    }
}
