package io.zhibiao.lake.audit;

import io.zhibiao.lake.Column;
import java.time.Instant;

/**
 * A row of audit.accounting: one refined batch of a source, its bronze rows against silver inserts and updates,
 * quarantined rows and duplicates. Its columns carry no labels.
 */
public record AccountedBatch(
        @Column("") String source,
        @Column("") String batchId,
        @Column("") Long bronzeRows,
        @Column("") Long silverInserted,
        @Column("") Long silverUpdated,
        @Column("") Long quarantined,
        @Column("") Long duplicates,
        @Column("") Boolean balanced,
        @Column("") String runId,
        @Column("") Instant refinedAt,
        @Column("") Double seconds) {
}
