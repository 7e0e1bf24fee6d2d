package io.zhibiao.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a release into the published places once it is audited: each table to its place (a new Delta version nobody
 * points at yet), then one row appended to {@code published.releases} naming those versions: that single commit is the
 * moment the release becomes current ({@link Releases}). Killed before it, the previous release stays current and
 * whole; killed after it, the new one is. Published tables are created keeping their history for ten years, so that
 * every release stays readable at its versions. A release the audit holds back is written as a candidate
 * ({@link Lake#candidate}), where no reader looks, for people to inspect.
 */
public final class ReleaseWriter {

    /** How long published tables keep the versions releases point at. */
    static final String HISTORY = "interval 3650 days";

    private final SparkSession spark;
    private final Lake lake;

    public ReleaseWriter(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
    }

    /** A candidate's copy of a table (zone.table). */
    public String candidatePath(String runId, String qualified) {
        return lake.candidate(runId, qualified);
    }

    /** Writes (replaces) one table of the run's candidate. */
    public void stage(String runId, String qualified, Dataset<Row> rows) {
        rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
                .save(candidatePath(runId, qualified));
    }

    /**
     * Publishes a release whose tables are {@code rows} (by zone.table): each written to its place, two at a time
     * ({@link Concurrently}: each write is mostly the driver's work on the Delta log), then {@code record} appended to
     * the pointer table, then any candidate of the run removed. A failed write fails the promotion after the writes
     * already under way have finished, before the pointer commit: the previous release stays current.
     */
    public Releases.Release promote(String runId, List<String> tables, Function<String, Dataset<Row>> rows,
                                    Map<String, ?> record) {
        String tag = "zhibiao:publish:" + runId;
        Map<String, Long> written;
        try (SessionScope scope = SessionScope.open(spark)) {
            // a published table created by this promotion keeps the history every release points at
            scope.conf("spark.databricks.delta.properties.defaults.logRetentionDuration", HISTORY);
            scope.conf("spark.databricks.delta.properties.defaults.deletedFileRetentionDuration", HISTORY);
            // Nothing in the run reads a published table back after its write, so the state Delta would rebuild after
            // each commit only to check its checksum's file list is a Spark job for nothing (the check Delta forces in
            // a session not on UTC is off in every session, Sessions). The checksum is written as before.
            scope.conf(Sessions.CRC_VERIFICATION, "false");
            try (Progress.Stage progress = Progress.start("promote", tables.size(), "tables")) {
                written = Concurrently.map(spark, tables, t -> {
                    String path = lake.table(t);
                    rows.apply(t).write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
                            .option("userMetadata", tag).save(path);
                    long version = DeltaTables.version(spark, path);
                    CrashPoint.reached("promote:wrote:" + t);
                    progress.step(t, 0);
                    return version;
                });
            }
        }
        StringBuilder versions = new StringBuilder();
        written.forEach((t, v) -> versions.append(versions.length() == 0 ? "" : ";").append(t).append('@').append(v));
        Map<String, Object> row = new LinkedHashMap<>(record);
        row.put("table_versions", versions.toString());
        // Rows.of refuses a column Releases.SCHEMA does not declare
        spark.createDataFrame(List.of(Rows.of(Releases.SCHEMA, row)), Releases.SCHEMA).write().format("delta").mode(SaveMode.Append)
                .option("mergeSchema", "true").option("userMetadata", tag).save(lake.table(Releases.TABLE));
        CrashPoint.reached("promote:committed");
        delete(lake.candidate(runId));
        int number = ((Number) record.get("release_no")).intValue();
        return new Releases(spark, lake).find(number).orElseThrow(() ->
                new IllegalStateException("release " + number + " was appended but is not in " + Releases.TABLE));
    }

    /** Removes a candidate (a held one once looked at, or one a killed run left behind). */
    public void discard(String runId) {
        delete(lake.candidate(runId));
    }

    private void delete(String dir) {
        try {
            Path p = new Path(dir);
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
