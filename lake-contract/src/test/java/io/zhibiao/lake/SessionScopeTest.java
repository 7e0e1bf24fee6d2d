package io.zhibiao.lake;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionScopeTest {

    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = Sessions.create("zhibiao-lake-test", "local[2]", 2);
    }

    /** A check whose closure captures its cut-off, as the refiner's date checks do. */
    private static UDF1<String, String> future(String cutoff) {
        return v -> v != null && v.compareTo(cutoff) > 0 ? "after " + cutoff : null;
    }

    @Test
    void twoScopesInOneSessionKeepTheirOwnFunctions() {
        try (SessionScope early = SessionScope.open(spark); SessionScope late = SessionScope.open(spark)) {
            String e = early.udf("zb_future", future("2020-12-31"), DataTypes.StringType);
            String l = late.udf("zb_future", future("2026-11-23"), DataTypes.StringType);
            assertThat(e).isNotEqualTo(l).startsWith("zb_future_").endsWith("_" + early.id());

            Row r = spark.sql("SELECT " + e + "('2021-06-01') AS e, " + l + "('2021-06-01') AS l").first();
            assertThat(r.getString(0)).isEqualTo("after 2020-12-31");
            assertThat(r.isNullAt(1)).isTrue();

            // The same through the DataFrame API, both in one plan.
            Dataset<Row> d = spark.createDataset(List.of("2019-01-01", "2024-05-05", "2027-01-01"),
                    org.apache.spark.sql.Encoders.STRING()).toDF("d");
            List<Row> rows = d.select(col("d"), call_udf(e, col("d")), call_udf(l, col("d"))).orderBy("d").collectAsList();
            assertThat(rows).extracting(x -> x.getString(1)).containsExactly(null, "after 2020-12-31", "after 2020-12-31");
            assertThat(rows).extracting(x -> x.getString(2)).containsExactly(null, null, "after 2026-11-23");
        }
    }

    @Test
    void closingRemovesFunctionsAndViewsAndRestoresConf() {
        spark.conf().set("zhibiao.test.kept", "before");
        spark.conf().unset("zhibiao.test.fresh");
        String fn;
        String view;
        try (SessionScope scope = SessionScope.open(spark)) {
            fn = scope.udf("zb_upper", (UDF1<String, String>) String::toUpperCase, DataTypes.StringType);
            view = scope.tempView("calendar", spark.range(2019, 2022).toDF("year"));
            scope.conf("zhibiao.test.kept", "during");
            scope.conf("zhibiao.test.fresh", "during");

            assertThat(spark.catalog().functionExists(fn)).isTrue();
            assertThat(spark.sql("SELECT sum(year) FROM " + view).first().getLong(0)).isEqualTo(2019 + 2020 + 2021);
            assertThat(spark.sql("SELECT " + fn + "('ab')").first().getString(0)).isEqualTo("AB");
            assertThat(spark.conf().get("zhibiao.test.kept")).isEqualTo("during");
            assertThat(spark.conf().get("zhibiao.test.fresh")).isEqualTo("during");
        }
        assertThat(spark.catalog().functionExists(fn)).isFalse();
        assertThat(spark.catalog().tableExists(view)).isFalse();
        assertThat(spark.conf().get("zhibiao.test.kept")).isEqualTo("before");
        assertThat(spark.conf().getOption("zhibiao.test.fresh").isDefined()).isFalse();
        spark.conf().unset("zhibiao.test.kept");
    }

    @Test
    void nestedScopesRestoreTheOuterValue() {
        spark.conf().unset("zhibiao.test.nested");
        try (SessionScope outer = SessionScope.open(spark)) {
            outer.conf("zhibiao.test.nested", "outer");
            try (SessionScope inner = SessionScope.open(spark)) {
                inner.conf("zhibiao.test.nested", "inner");
                inner.conf("zhibiao.test.nested", "inner again");
                assertThat(spark.conf().get("zhibiao.test.nested")).isEqualTo("inner again");
            }
            assertThat(spark.conf().get("zhibiao.test.nested")).isEqualTo("outer");
        }
        assertThat(spark.conf().getOption("zhibiao.test.nested").isDefined()).isFalse();
    }

    @Test
    void aClosedScopeChangesNothingAndNamesArePlain() {
        SessionScope scope = SessionScope.open(spark);
        scope.close();
        scope.close();
        assertThatThrownBy(() -> scope.conf("zhibiao.test.closed", "x")).isInstanceOf(IllegalStateException.class);
        assertThat(spark.conf().getOption("zhibiao.test.closed").isDefined()).isFalse();
        try (SessionScope open = SessionScope.open(spark)) {
            assertThatThrownBy(() -> open.name("zb date; DROP")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
