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

    /** Counts the batch's rows in bronze, quarantine, duplicates and the silver commit's metrics. */
    static Entry count(SparkSession spark, Lake lake, SourceSpec source, String batch, String tag, Duration took) {
        long bronze = spark.read().format("delta").load(lake.bronze(source.id()))
                .filter(col("_batch_id").equalTo(batch)).count();
        long quarantined = countBatch(spark, lake.quarantine(), source.id(), batch);
        long duplicates = countBatch(spark, lake.duplicates(), source.id(), batch);
        long inserted = 0;
        long updated = 0;
        List<Row> merge = DeltaTable.forPath(spark, lake.silver(source.silver())).history()
                .filter(col("userMetadata").equalTo(tag)).select("operation", "operationMetrics").collectAsList();
        if (!merge.isEmpty()) {
            Map<String, String> metrics = merge.get(0).getJavaMap(1);
            if ("MERGE".equals(merge.get(0).getString(0))) {
                inserted = Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"));
                updated = Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
            } else {
                // The first load of a table is an append (WRITE): every row it wrote is new.
                inserted = Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
            }
        }
        boolean balanced = bronze == inserted + updated + quarantined + duplicates;
        return new Entry(source.id(), batch, bronze, inserted, updated, quarantined, duplicates, balanced, took);
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

    private static long countBatch(SparkSession spark, String path, String source, String batch) {
        if (!DeltaTables.exists(spark, path)) {
            return 0;
        }
        return spark.read().format("delta").load(path)
                .filter(col("source").equalTo(source).and(col("batch_id").equalTo(batch))).count();
    }
}
