package io.zhibiao.lake.audit;

import io.zhibiao.lake.LakeTable;
import java.util.List;

/**
 * The audit tables whose rows code builds: what each run did, which files were ingested, how each refined batch
 * balanced, and every quality check. Each is appended to, never rewritten. Their places are the ones
 * {@link io.zhibiao.lake.Lake#runs()}, {@code files()}, {@code accounting()} and {@code checks()} name.
 */
public final class AuditTables {

    public static final LakeTable<AuditRun> RUNS = new LakeTable<>("audit", "runs", AuditRun.class,
            List.of("run_id"), List.of());
    public static final LakeTable<AuditFile> FILES = new LakeTable<>("audit", "files", AuditFile.class,
            List.of("source", "file_sha256", "period"), List.of());
    public static final LakeTable<AccountedBatch> ACCOUNTING = new LakeTable<>("audit", "accounting",
            AccountedBatch.class, List.of("source", "batch_id"), List.of());
    /** A log of outcomes: no key is declared for it. */
    public static final LakeTable<AuditCheck> CHECKS = new LakeTable<>("audit", "checks", AuditCheck.class,
            List.of(), List.of());

    private AuditTables() {
    }
}
