package io.zhibiao.lake.audit;

import io.zhibiao.lake.Column;
import java.time.Instant;
import java.util.List;

/** A row of audit.runs: one command run against the lake, whatever its outcome. Its columns carry no labels. */
public record AuditRun(
        @Column("") String runId,
        @Column("") String command,
        @Column("") Instant startedAt,
        @Column("") Instant finishedAt,
        @Column("") Double seconds,
        @Column("") Integer exitCode,
        @Column("") Long filesIngested,
        @Column("") Long filesAlreadyIngested,
        @Column("") Long filesRejected,
        @Column("") Long rowsIngested,
        @Column("") Long rowsRefined,
        @Column("") Long rowsQuarantined,
        @Column("") Long rowsDuplicate,
        @Column("") List<String> problems) {
}
