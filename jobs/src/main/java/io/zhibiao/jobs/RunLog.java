package io.zhibiao.jobs;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeTables;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.audit.AuditRun;
import io.zhibiao.lake.audit.AuditTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

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

    void write(SparkSession spark, Lake lake, RunId run, String command, int exitCode) {
        Instant end = Instant.now();
        var row = new AuditRun(run.value(), command, run.startedAt(), end,
                (end.toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0, exitCode, filesIngested,
                filesAlreadyIngested, filesRejected, rowsIngested, rowsRefined, rowsQuarantined, rowsDuplicate,
                new ArrayList<>(problems));
        LakeTables.delta(spark, lake).append(AuditTables.RUNS, List.of(row), "zhibiao:run:" + run.value());
    }
}
