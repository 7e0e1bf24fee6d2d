package io.zhibiao.transforms.refine;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeTables;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.audit.AccountedBatch;
import io.zhibiao.lake.audit.AuditTables;
import io.zhibiao.transforms.source.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The invariant of the lake, per source and batch: bronze rows = rows merged into silver (inserted +
 * updated) + quarantined rows + counted duplicates. Each term is read from a different place — bronze and
 * quarantine and duplicates tables by batch, silver from the metrics Delta recorded for the batch's merge (or,
 * on a table's first load, append) commit — so a row lost or counted twice anywhere shows up as an imbalance.
 */
public final class BatchAccounting {

    public record Entry(String source, String batchId, long bronzeRows, long silverInserted, long silverUpdated,
                        long quarantined, long duplicates, boolean balanced, Duration took) {
        public long silverRows() {
            return silverInserted + silverUpdated;
        }
    }

    private BatchAccounting() {
    }

    /**
     * A batch refined in this run: its source, its id, the tag on its writes, its rows as counted in bronze (when the
     * run found it pending) and how long refining it took.
     */
    public record Refined(SourceSpec source, String batchId, String tag, long bronzeRows, Duration took) {
    }

    /**
     * The accounting of the run's batches: quarantine and duplicates each counted in one grouped query over the run's
     * batches, the silver term from the metrics Delta recorded on each batch's merge (or, on a table's first load,
     * append) commit, read from each silver table's history once.
     */
    static List<Entry> count(SparkSession spark, Lake lake, List<Refined> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        List<String> ids = batches.stream().map(Refined::batchId).toList();
        Map<List<String>, Long> quarantined = countBatches(spark, lake.quarantine(), ids);
        Map<List<String>, Long> duplicates = countBatches(spark, lake.duplicates(), ids);
        Map<String, Map<String, Row>> silverCommits = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Refined b : batches) {
            Map<String, Row> commits = silverCommits.computeIfAbsent(lake.silver(b.source().silver()), path -> {
                Map<String, Row> byTag = new HashMap<>();
                for (Row r : DeltaTable.forPath(spark, path).history().filter(col("userMetadata").isin(
                                batches.stream().map(Refined::tag).toArray()))
                        .select("userMetadata", "operation", "operationMetrics").collectAsList()) {
                    byTag.putIfAbsent(r.getString(0), r);
                }
                return byTag;
            });
            long inserted = 0;
            long updated = 0;
            Row merge = commits.get(b.tag());
            if (merge != null) {
                Map<String, String> metrics = merge.getJavaMap(2);
                if ("MERGE".equals(merge.getString(1))) {
                    inserted = Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"));
                    updated = Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
                } else {
                    // The first load of a table is an append (WRITE): every row it wrote is new.
                    inserted = Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
                }
            }
            List<String> key = List.of(b.source().id(), b.batchId());
            long q = quarantined.getOrDefault(key, 0L);
            long d = duplicates.getOrDefault(key, 0L);
            boolean balanced = b.bronzeRows() == inserted + updated + q + d;
            entries.add(new Entry(b.source().id(), b.batchId(), b.bronzeRows(), inserted, updated, q, d, balanced,
                    b.took()));
        }
        return entries;
    }

    /**
     * Appends the run's entries in one commit. The accounting is the watermark of refinement: a run that dies
     * before this line leaves its batches pending, and the next run redoes them (skipping committed writes).
     */
    static void write(SparkSession spark, Lake lake, RunId run, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<AccountedBatch> rows = new java.util.ArrayList<>();
        for (Entry e : entries) {
            rows.add(new AccountedBatch(e.source(), e.batchId(), e.bronzeRows(),
                    e.silverInserted(), e.silverUpdated(), e.quarantined(), e.duplicates(), e.balanced(), run.value(),
                    run.startedAt(), e.took().toMillis() / 1000.0));
        }
        LakeTables.delta(spark, lake).append(AuditTables.ACCOUNTING, rows, "zhibiao:refine:" + run.value());
    }

    /** Rows per (source, batch) of a quarantine-shaped table, for the given batches, keyed [source, batch]. */
    private static Map<List<String>, Long> countBatches(SparkSession spark, String path, List<String> batches) {
        Map<List<String>, Long> n = new HashMap<>();
        if (!DeltaTables.exists(spark, path)) {
            return n;
        }
        for (Row r : spark.read().format("delta").load(path).filter(col("batch_id").isin(batches.toArray()))
                .groupBy("source", "batch_id").count().collectAsList()) {
            n.put(List.of(r.getString(0), r.getString(1)), r.getLong(2));
        }
        return n;
    }
}
