package io.zhibiao.indicators.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeCatalog;
import io.zhibiao.lake.Sessions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which measure queries have a key, when the key changes, and that kept rows come back exactly as computed. */
class MeasureCacheTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Lake lake;
    static MeasureCache cache;

    private static final String SUM = "SELECT y AS year, r AS region_code, sum(v) AS value, count(*) AS units FROM silver.t";

    @BeforeAll
    static void lake() {
        spark = Sessions.create("zhibiao-measure-cache-test", "local[2]", 2);
        lake = Lake.at(dir);
        spark.sql("SELECT 2024 AS y, '410305' AS r, CAST(1.5 AS DECIMAL(18, 2)) AS v").write().format("delta")
                .mode(SaveMode.Overwrite).save(lake.silver("t"));
        spark.sql("SELECT '410305' AS r").write().format("delta").mode(SaveMode.Overwrite).save(lake.bronze("b"));
        LakeCatalog.register(spark, lake);
        cache = new MeasureCache(spark, lake);
    }

    private Optional<String> key(String sql, Set<Integer> years) {
        Dataset<Row> q = spark.sql(sql);
        return cache.key(q, sql, years);
    }

    @Test
    void aQueryOverSilverHasAKeyThatChangesWithTheTableTheYearsAndTheText() {
        String sql = SUM + " GROUP BY y, r";
        Optional<String> k = key(sql, Set.of(2024));
        assertThat(k).isPresent();
        assertThat(key(sql, Set.of(2024))).isEqualTo(k);
        assertThat(key(sql, Set.of(2024, 2025))).isPresent().isNotEqualTo(k);
        assertThat(key(SUM + " WHERE v > 0 GROUP BY y, r", Set.of(2024))).isPresent().isNotEqualTo(k);
        // the calendar as a CTE over rows held in the query, and a subquery over silver: still a key
        // rows held in memory are part of the key: the same text over a view of other rows, another key
        String overView = "SELECT c.year, t.r AS region_code, sum(t.v) AS value, count(*) AS units FROM zb_test_years c "
                + "JOIN silver.t t ON t.y <= c.year GROUP BY c.year, t.r";
        spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(2024), org.apache.spark.sql.RowFactory.create(2025)),
                        new org.apache.spark.sql.types.StructType().add("year", "int"))
                .createOrReplaceTempView("zb_test_years");
        Optional<String> years = key(overView, Set.of(2024));
        assertThat(years).isPresent();
        assertThat(key(overView, Set.of(2024))).isEqualTo(years);
        spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(2024), org.apache.spark.sql.RowFactory.create(2026)),
                        new org.apache.spark.sql.types.StructType().add("year", "int"))
                .createOrReplaceTempView("zb_test_years");
        assertThat(key(overView, Set.of(2024))).isPresent().isNotEqualTo(years);
        assertThat(key("WITH calendar AS (SELECT 2024 AS year) SELECT c.year, t.r AS region_code, sum(t.v) AS value, "
                + "count(*) AS units FROM calendar c JOIN silver.t t ON t.y <= c.year "
                + "WHERE t.r IN (SELECT r FROM silver.t) GROUP BY c.year, t.r", Set.of(2024))).isPresent();

        // a new version of silver.t (one more row): another key for the same text
        spark.sql("SELECT 2025 AS y, '410305' AS r, CAST(2 AS DECIMAL(18, 2)) AS v").write().format("delta")
                .mode(SaveMode.Append).save(lake.silver("t"));
        Optional<String> after = key(sql, Set.of(2024));
        assertThat(after).isPresent().isNotEqualTo(k);
        assertThat(key(sql, Set.of(2024))).isEqualTo(after);
    }

    @Test
    void aQueryReadingOutsideSilverOrTheClockOrChanceHasNoKey() {
        // another zone, even only in a subquery
        assertThat(key(SUM + " WHERE r IN (SELECT r FROM bronze.b) GROUP BY y, r", Set.of(2024))).isEmpty();
        // a Delta table by path outside the lake's silver zone
        assertThat(key("SELECT r AS region_code FROM delta.`" + lake.bronze("b") + "`", Set.of(2024))).isEmpty();
        // rows that differ from run to run: chance, the clock
        assertThat(key("SELECT y AS year, r AS region_code, sum(v) * rand() AS value, count(*) AS units FROM silver.t "
                + "GROUP BY y, r", Set.of(2024))).isEmpty();
        assertThat(key(SUM + " WHERE y <= year(current_date()) GROUP BY y, r", Set.of(2024))).isEmpty();
        assertThat(key(SUM + " WHERE y <= year(now()) GROUP BY y, r", Set.of(2024))).isEmpty();
        assertThat(key("SELECT uuid() AS region_code, 2024 AS year", Set.of(2024))).isEmpty();
        // a function registered in the session: what it computes is not in the text
        spark.udf().register("zb_test_twice", (org.apache.spark.sql.api.java.UDF1<Integer, Integer>) x -> 2 * x,
                org.apache.spark.sql.types.DataTypes.IntegerType);
        assertThat(key("SELECT zb_test_twice(y) AS year, r AS region_code FROM silver.t", Set.of(2024))).isEmpty();
    }

    @Test
    void keptRowsComeBackExactlyAsComputed() {
        // 12.500000: a sum as a query gives it (scale 6); ZERO (scale 0): the engine's stand-in for a null sum, and
        // for a null largest contribution where the query names the two largest; null largest: no such columns
        MeasureRow sum = new MeasureRow(2024, "410305", new BigDecimal("12.500000"), 2);
        MeasureRow top = new MeasureRow(2025, "410306", BigDecimal.ZERO, 0, BigDecimal.ZERO, new BigDecimal("3.000000"));
        cache.write(Map.of("k1", List.of(sum, top), "k2", List.of()));

        Map<String, List<MeasureRow>> read = cache.read(List.of("k1", "k2", "k3"));

        assertThat(read).containsOnlyKeys("k1", "k2");
        assertThat(read.get("k1")).containsExactlyInAnyOrder(sum, top);
        assertThat(read.get("k1")).filteredOn(m -> m.year() == 2025).singleElement()
                .satisfies(m -> assertThat(m.value().scale()).isZero())
                .satisfies(m -> assertThat(m.largest().scale()).isZero());
        assertThat(read.get("k1")).filteredOn(m -> m.year() == 2024).singleElement()
                .satisfies(m -> assertThat(m.largest()).isNull());
        // a query that gave no rows is kept as computed, with no rows
        assertThat(read.get("k2")).isEmpty();

        // the next write replaces the cache: it holds one run's keys
        cache.write(Map.of("k3", List.of(sum)));
        assertThat(cache.read(List.of("k1", "k2", "k3"))).containsOnlyKeys("k3");
    }
}
