package io.zhibiao.lake.audit;

import io.zhibiao.lake.Column;
import java.time.Instant;
import java.util.List;

/**
 * A row of audit.files: one delivered file ingested into bronze. Only {@code synthetic} is labelled; a row written
 * before that column existed reads it as null (not synthetic).
 */
public record AuditFile(
        @Column("") String source,
        @Column("") String sourceFile,
        @Column("") String fileSha256,
        @Column("") String period,
        @Column("") String batchId,
        @Column("") Long bytes,
        @Column("") Long rows,
        @Column("") String charset,
        @Column("") List<String> extraHeaders,
        @Column("") Instant ingestedAt,
        @Column(AuditFile.SYNTHETIC_LABEL) Boolean synthetic) {

    /** The label of {@code synthetic}: the file was made by the sample generator. */
    public static final String SYNTHETIC_LABEL = "示例数据（由生成器合成，非官方数据）/ synthetic sample";
}
