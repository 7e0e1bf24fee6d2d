package io.zhibiao.jobs.report;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.publish.Publisher;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * The published tables of one release, read back exactly as that release wrote them (Delta time travel through
 * {@link Publisher#registerRelease}), as plain rows: column name → value, dates and timestamps as text; and the
 * order the target catalog declares its targets in ({@code target_id} only), for showing them in the plans' order.
 */
public record ReleaseTables(Map<String, Object> release, List<Map<String, Object>> releases,
                            List<Map<String, Object>> targetGap, List<Map<String, Object>> indicatorValues,
                            List<Map<String, Object>> countyComparison, List<Map<String, Object>> compositeIndex,
                            List<Map<String, Object>> indicators, List<Map<String, Object>> targetOrder) {

    /** Release {@code wanted}, or the latest one. */
    public static ReleaseTables read(SparkSession spark, Lake lake, Optional<Integer> wanted) {
        String releasesPath = lake.root() + "/published/releases";
        if (!DeltaTables.exists(spark, releasesPath)) {
            throw new IllegalArgumentException("no release is published under " + lake.root()
                    + "/published yet: run `zhibiao run --lake …` first, then `zhibiao report`");
        }
        var all = spark.read().format("delta").load(releasesPath);
        // Releases published before the synthetic column existed were not built from generated data.
        boolean marked = java.util.Arrays.asList(all.columns()).contains("synthetic");
        List<Map<String, Object>> releases = rows(all.select(functions.col("release_no"), functions.col("run_id"),
                functions.col("data_cutoff"), functions.col("published_at"),
                marked ? functions.coalesce(functions.col("synthetic"), functions.lit(false)).as("synthetic")
                        : functions.lit(false).as("synthetic"),
                marked ? functions.col("data_note") : functions.lit(null).cast("string").as("data_note"))
                .orderBy("release_no").collectAsList());
        int n = wanted.orElseGet(() -> (Integer) releases.get(releases.size() - 1).get("release_no"));
        Map<String, Object> release = releases.stream().filter(r -> r.get("release_no").equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("release " + n + " does not exist; published releases: "
                        + String.join(", ", releases.stream().map(r -> String.valueOf(r.get("release_no"))).toList())));
        // registerRelease reads neither catalog; the built-in ones satisfy the constructor and give the targets'
        // declared order (published.targets comes back in no particular order); a target they lack sorts after, by id.
        IndicatorCatalog ic = IndicatorCatalog.loadDefault(sql -> null);
        TargetCatalog tc = TargetCatalog.loadDefault(ic);
        new Publisher(spark, lake, ic, tc).registerRelease(n);
        String db = "release_" + n + ".";
        List<Map<String, Object>> order = tc.all().stream().map(t -> Map.<String, Object>of("target_id", t.id())).toList();
        return new ReleaseTables(release, releases, table(spark, db + "target_gap"), table(spark, db + "indicator_values"),
                table(spark, db + "county_comparison"), table(spark, db + "composite_index"), table(spark, db + "indicators"),
                order);
    }

    private static List<Map<String, Object>> table(SparkSession spark, String name) {
        return rows(spark.table(name).collectAsList());
    }

    static List<Map<String, Object>> rows(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            StructField[] fields = r.schema().fields();
            for (int i = 0; i < fields.length; i++) {
                Object v = r.isNullAt(i) ? null : r.get(i);
                if (v instanceof java.sql.Date || v instanceof java.sql.Timestamp) {
                    v = v.toString();
                }
                m.put(fields[i].name(), v);
            }
            out.add(m);
        }
        return out;
    }
}
