package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row counts read from the Delta log's checksum files agree with Spark's count through appends, a merge, a delete and
 * an overwrite; where the log cannot state them exactly the answer is empty and {@link DeltaTables#rows} counts with
 * Spark instead.
 */
class DeltaLogRowsTest {

    private final SparkSession spark = ReleaseFixture.spark();

    private OptionalLong logged(Path table) {
        return DeltaLogRows.of(spark.sparkContext().hadoopConfiguration(), table.toString());
    }

    private long counted(Path table) {
        return spark.read().format("delta").load(table.toString()).count();
    }

    @Test
    void theLogStatesTheRowsOfEveryVersionAsSparkCountsThem(@TempDir Path dir) {
        Path t = dir.resolve("t");
        assertThat(logged(t)).isEmpty();
        assertThat(DeltaTables.rows(spark, t.toString())).isZero();

        // 5 rows (ids 0–4) in two files, then 3 more (ids 10–12): 8
        spark.range(0, 5).repartition(2).write().format("delta").save(t.toString());
        assertThat(logged(t)).hasValue(5);
        spark.range(10, 13).write().format("delta").mode("append").save(t.toString());
        assertThat(logged(t)).hasValue(8);
        // merge ids 3–11: 3, 4, 10, 11 match (updated in place, their files rewritten), 5–9 are new: 8 + 5 = 13
        DeltaTable.forPath(spark, t.toString()).as("t").merge(spark.range(3, 12).toDF().as("s"), "t.id = s.id")
                .whenMatched().updateAll().whenNotMatched().insertAll().execute();
        assertThat(logged(t)).hasValue(13);
        // delete the even ids among 0–12 (0, 2, 4, 6, 8, 10, 12): 13 − 7 = 6
        DeltaTable.forPath(spark, t.toString()).delete("id % 2 = 0");
        assertThat(logged(t)).hasValue(6);
        assertThat(counted(t)).isEqualTo(6);
        // overwrite with 4 rows
        spark.range(0, 4).write().format("delta").mode("overwrite").save(t.toString());
        assertThat(logged(t)).hasValue(4);
        assertThat(DeltaTables.rows(spark, t.toString())).isEqualTo(4).isEqualTo(counted(t));
    }

    @Test
    void withoutAChecksumOrStatisticsTheLogStatesNothingAndSparkCounts(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        spark.range(0, 7).write().format("delta").save(t.toString());
        spark.range(0, 2).write().format("delta").mode("append").save(t.toString());
        // A writer stopped between its commit and the checksum: version 1 has no .crc
        Files.delete(t.resolve("_delta_log/00000000000000000001.crc"));
        assertThat(logged(t)).isEmpty();
        assertThat(DeltaTables.rows(spark, t.toString())).isEqualTo(9);

        // A checksum whose file list lacks a file's statistics, or lists fewer files than it counts.
        ObjectMapper json = new ObjectMapper();
        assertThat(DeltaLogRows.rows(json.readTree("{\"numFiles\":1,\"allFiles\":[{\"path\":\"a\",\"stats\":null}]}")))
                .isEmpty();
        assertThat(DeltaLogRows.rows(json.readTree(
                "{\"numFiles\":2,\"allFiles\":[{\"path\":\"a\",\"stats\":\"{\\\"numRecords\\\":3}\"}]}"))).isEmpty();
        assertThat(DeltaLogRows.rows(json.readTree("{\"numFiles\":1,\"allFiles\":[{\"path\":\"a\","
                + "\"stats\":\"{\\\"numRecords\\\":3}\",\"deletionVector\":{\"cardinality\":1}}]}"))).isEmpty();
        assertThat(DeltaLogRows.rows(json.readTree("{\"numFiles\":0}"))).isEmpty();
        // two files of 3 and 4 rows: 7
        assertThat(DeltaLogRows.rows(json.readTree("{\"numFiles\":2,\"allFiles\":["
                + "{\"path\":\"a\",\"stats\":\"{\\\"numRecords\\\":3}\"},{\"path\":\"b\",\"stats\":\"{\\\"numRecords\\\":4}\"}]}")))
                .hasValue(7);
    }
}
