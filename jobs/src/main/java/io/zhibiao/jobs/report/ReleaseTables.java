package io.zhibiao.jobs.report;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.Releases;
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
 * {@link io.zhibiao.lake.Releases}), as plain rows: column name → value, dates and timestamps as text; and the
 * order the target catalog declares its targets in ({@code target_id} only), for showing them in the plans' order.
 */
public record ReleaseTables(Map<String, Object> release, List<Map<String, Object>> releases,
                            List<Map<String, Object>> targetGap, List<Map<String, Object>> indicatorValues,
                            List<Map<String, Object>> countyComparison, List<Map<String, Object>> compositeIndex,
                            List<Map<String, Object>> indicators, List<Map<String, Object>> targetOrder) {

    /** Release {@code wanted}, or the latest one. */
    public static ReleaseTables read(SparkSession spark, Lake lake, Optional<Integer> wanted) {
        Releases lakeReleases = new Releases(spark, lake);
        List<Releases.Release> all = lakeReleases.all();
        if (all.isEmpty()) {
            throw io.zhibiao.lake.ZhibiaoErrors.noReleasePublished(lake.root());
        }
        Releases.Release chosen = wanted.map(n -> all.stream().filter(r -> r.number() == n).findFirst().orElseThrow(() ->
                io.zhibiao.lake.ZhibiaoErrors.releaseDoesNotExist(n, all.stream().map(Releases.Release::number).toList())))
                .orElse(all.get(all.size() - 1));
        var pointer = lakeReleases.read(chosen, Releases.TABLE);
        // Releases published before the synthetic column existed were not built from generated data.
        boolean marked = java.util.Arrays.asList(pointer.columns()).contains("synthetic");
        List<Map<String, Object>> releases = rows(pointer.select(functions.col("release_no"), functions.col("run_id"),
                functions.col("data_cutoff"), functions.col("published_at"),
                marked ? functions.coalesce(functions.col("synthetic"), functions.lit(false)).as("synthetic")
                        : functions.lit(false).as("synthetic"),
                marked ? functions.col("data_note") : functions.lit(null).cast("string").as("data_note"))
                .orderBy("release_no").collectAsList());
        Map<String, Object> release = releases.stream().filter(r -> r.get("release_no").equals(chosen.number()))
                .findFirst().orElseThrow();
        // The built-in target catalog gives the targets' declared order (published.targets comes back in no
        // particular order); a target it lacks sorts after, by id.
        IndicatorCatalog ic = IndicatorCatalog.loadDefault(sql -> null);
        TargetCatalog tc = TargetCatalog.loadDefault(ic);
        List<Map<String, Object>> order = tc.all().stream().map(t -> Map.<String, Object>of("target_id", t.id())).toList();
        return new ReleaseTables(release, releases, table(lakeReleases, chosen, "target_gap"),
                table(lakeReleases, chosen, "indicator_values"), table(lakeReleases, chosen, "county_comparison"),
                table(lakeReleases, chosen, "composite_index"), table(lakeReleases, chosen, "indicators"), order);
    }

    private static List<Map<String, Object>> table(Releases releases, Releases.Release release, String name) {
        return rows(releases.read(release, "published." + name).collectAsList());
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
