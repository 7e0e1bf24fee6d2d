package io.zhibiao.transforms;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.transforms.source.SourceRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Version and full contents of every data, audit, gold and published table of a lake (the run log aside). */
public final class LakeSnapshot {

    private LakeSnapshot() {
    }

    public static Map<String, Object> of(SparkSession spark, Lake lake, SourceRegistry registry) {
        List<String> paths = new ArrayList<>(List.of(lake.quarantine(), lake.duplicates(), lake.files(), lake.accounting()));
        registry.sources().forEach(src -> {
            paths.add(lake.bronze(src.id()));
            paths.add(lake.silver(src.silver()));
        });
        for (String zone : List.of("gold", "published")) {
            for (String table : List.of("indicator_values", "target_gap", "county_comparison", "indicators", "targets",
                    "releases")) {
                paths.add(lake.root() + "/" + zone + "/" + table);
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        for (String p : paths) {
            if (DeltaTables.exists(spark, p)) {
                s.put(p + "@version", DeltaTables.version(spark, p));
                s.put(p, spark.read().format("delta").load(p).collectAsList().stream().map(Row::toString).sorted().toList());
            }
        }
        return s;
    }
}
