package io.zhibiao.lake.audit;

import io.zhibiao.lake.Column;
import java.time.Instant;
import java.util.List;

/** A row of audit.checks: one quality check of one run, as the quality gate recorded it. */
public record AuditCheck(
        @Column("运行批次") String runId,
        @Column("检查时间") Instant checkedAt,
        @Column("阶段") String stage,
        @Column("表") String tableName,
        @Column("规则") String rule,
        @Column("检查类型") String checkType,
        @Column("字段") String columnName,
        @Column("阈值") String threshold,
        @Column("度量值") String metricValue,
        @Column("结果") String outcome,
        @Column("严重程度") String severity,
        @Column("不合格行数") Long failingRows,
        @Column("样例（信用代码已遮蔽）") List<String> sample,
        @Column("说明") String message,
        @Column("本次发布被阻断") Boolean releaseBlocked) {
}
