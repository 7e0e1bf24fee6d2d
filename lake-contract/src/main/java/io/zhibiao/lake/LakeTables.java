package io.zhibiao.lake;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What code may do to a described lake table ({@link LakeTable}): read it now or at a version, append or merge typed
 * rows in one commit, write it into a run's candidate, and ask its version. One implementation, on Delta
 * ({@link #delta}); the table's place comes from {@link Lake} and its columns from its row record, so no caller
 * spells a path or a schema.
 */
public interface LakeTables {

    static LakeTables delta(SparkSession spark, Lake lake) {
        return new DeltaLakeTables(spark, lake);
    }

    Lake lake();

    boolean exists(LakeTable<?> table);

    /** The table's latest Delta version, -1 when it does not exist yet. */
    long version(LakeTable<?> table);

    /** The table as it is now. */
    Dataset<Row> read(LakeTable<?> table);

    /** The table as it was at {@code version} (Delta time travel). */
    Dataset<Row> readAt(LakeTable<?> table, long version);

    /** Every row, typed; a column an older table lacks reads as null. */
    <R extends Record> List<R> readAll(LakeTable<R> table);

    /** Appends the rows in one commit tagged {@code commitTag}; nothing is written for none. */
    <R extends Record> void append(LakeTable<R> table, List<R> rows, String commitTag);

    /** Upserts the rows on the table's natural key in one commit: a matching row is replaced, a new one inserted. */
    <R extends Record> void merge(LakeTable<R> table, List<R> rows, String commitTag);

    /** The rows as a frame of the table's schema, nothing written (a release's rows before promotion). */
    <R extends Record> Dataset<Row> frame(LakeTable<R> table, List<R> rows);

    /** Replaces the table's copy in the run's candidate ({@link Lake#candidate}), where no reader looks. */
    <R extends Record> void overwriteInCandidate(String runId, LakeTable<R> table, List<R> rows);

    /** Where the run's candidate holds the table. */
    String candidatePath(String runId, LakeTable<?> table);
}
