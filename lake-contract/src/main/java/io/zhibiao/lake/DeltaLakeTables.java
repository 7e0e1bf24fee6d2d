package io.zhibiao.lake;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** {@link LakeTables} on Delta tables at their places in the lake. */
final class DeltaLakeTables implements LakeTables {

    private final SparkSession spark;
    private final Lake lake;

    DeltaLakeTables(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
    }

    @Override
    public Lake lake() {
        return lake;
    }

    @Override
    public boolean exists(LakeTable<?> table) {
        return DeltaTables.exists(spark, table.path(lake));
    }

    @Override
    public long version(LakeTable<?> table) {
        return DeltaTables.version(spark, table.path(lake));
    }

    @Override
    public Dataset<Row> read(LakeTable<?> table) {
        return spark.read().format("delta").load(table.path(lake));
    }

    @Override
    public Dataset<Row> readAt(LakeTable<?> table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(table.path(lake));
    }

    @Override
    public <R extends Record> List<R> readAll(LakeTable<R> table) {
        List<R> out = new ArrayList<>();
        if (exists(table)) {
            read(table).collectAsList().forEach(r -> out.add(table.read(r)));
        }
        return out;
    }

    @Override
    public <R extends Record> void append(LakeTable<R> table, List<R> rows, String commitTag) {
        if (!rows.isEmpty()) {
            DeltaTables.append(frame(table, rows), table.path(lake), commitTag);
        }
    }

    @Override
    public <R extends Record> void merge(LakeTable<R> table, List<R> rows, String commitTag) {
        if (rows.isEmpty()) {
            return;
        }
        if (table.key().isEmpty()) {
            throw new IllegalStateException(table + " declares no key to merge on");
        }
        if (!exists(table)) {
            append(table, rows, commitTag);
            return;
        }
        String on = String.join(" AND ", table.key().stream().map(k -> "t." + k + " <=> s." + k).toList());
        try (SessionScope scope = SessionScope.open(spark)) {
            scope.conf("spark.databricks.delta.commitInfo.userMetadata", commitTag);
            DeltaTable.forPath(spark, table.path(lake)).as("t").merge(frame(table, rows).as("s"), on)
                    .whenMatched().updateAll().whenNotMatched().insertAll().execute();
        }
    }

    @Override
    public <R extends Record> void overwriteInCandidate(String runId, LakeTable<R> table, List<R> rows) {
        frame(table, rows).write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
                .save(candidatePath(runId, table));
    }

    @Override
    public String candidatePath(String runId, LakeTable<?> table) {
        return lake.candidate(runId, table.qualified());
    }

    @Override
    public <R extends Record> Dataset<Row> frame(LakeTable<R> table, List<R> rows) {
        return spark.createDataFrame(Rows.of(table, rows), table.schema());
    }
}
