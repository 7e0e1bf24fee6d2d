package io.zhibiao.indicators.publish;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.transforms.refine.BatchAccounting;
import io.zhibiao.transforms.source.SourceRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What can have caused a revision: the files refined since the last release, per silver table. A published value
 * that changes names the files of the silver tables its indicator reads ({@link Revisions#between}).
 */
public final class RevisionCauses {

    private RevisionCauses() {
    }

    /** Files of the given batches (those refined since the last release), per silver table, as audit/files names them. */
    public static Map<String, List<String>> changedFiles(SparkSession spark, Lake lake, SourceRegistry registry,
                                                         List<BatchAccounting.Entry> batches) {
        Map<String, List<String>> out = new HashMap<>();
        if (batches.isEmpty() || !DeltaTables.exists(spark, lake.files())) {
            return out;
        }
        Map<String, String> silverOf = new HashMap<>();
        registry.sources().forEach(s -> silverOf.put(s.id(), s.silver()));
        Set<String> ids = new HashSet<>();
        batches.forEach(b -> ids.add(b.batchId()));
        for (Row r : spark.read().format("delta").load(lake.files()).select("source", "source_file", "batch_id").collectAsList()) {
            if (ids.contains(r.getString(2)) && silverOf.containsKey(r.getString(0))) {
                out.computeIfAbsent(silverOf.get(r.getString(0)), k -> new ArrayList<>()).add(r.getString(1));
            }
        }
        return out;
    }
}
