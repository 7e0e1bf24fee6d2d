package io.zhibiao.jobs;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** audit/runs: one row per command run against the lake, whatever its outcome. */
final class RunLog {

    final List<String> problems = new ArrayList<>();
    long filesIngested;
    long filesAlreadyIngested;
    long filesRejected;
    long rowsIngested;
    long rowsRefined;
    long rowsQuarantined;
    long rowsDuplicate;

    static StructType schema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("run_id", DataTypes.StringType, false),
                DataTypes.createStructField("command", DataTypes.StringType, false),
                DataTypes.createStructField("started_at", DataTypes.TimestampType, false),
                DataTypes.createStructField("finished_at", DataTypes.TimestampType, false),
                DataTypes.createStructField("seconds", DataTypes.DoubleType, false),
                DataTypes.createStructField("exit_code", DataTypes.IntegerType, false),
                DataTypes.createStructField("files_ingested", DataTypes.LongType, false),
                DataTypes.createStructField("files_already_ingested", DataTypes.LongType, false),
                DataTypes.createStructField("files_rejected", DataTypes.LongType, false),
                DataTypes.createStructField("rows_ingested", DataTypes.LongType, false),
                DataTypes.createStructField("rows_refined", DataTypes.LongType, false),
                DataTypes.createStructField("rows_quarantined", DataTypes.LongType, false),
                DataTypes.createStructField("rows_duplicate", DataTypes.LongType, false),
                DataTypes.createStructField("problems", DataTypes.createArrayType(DataTypes.StringType), false)));
    }

    void write(SparkSession spark, Lake lake, RunId run, String command, int exitCode) {
        Instant end = Instant.now();
        var row = RowFactory.create(run.value(), command, Timestamp.from(run.startedAt()), Timestamp.from(end),
                (end.toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0, exitCode, filesIngested,
                filesAlreadyIngested, filesRejected, rowsIngested, rowsRefined, rowsQuarantined, rowsDuplicate,
                problems.toArray(new String[0]));
        DeltaTables.append(spark.createDataFrame(List.of(row), schema()), lake.runs(), "zhibiao:run:" + run.value());
    }
}
