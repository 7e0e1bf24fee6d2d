package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of published.composite_sensitivity. */
public record CompositeSensitivity(
        @Column("发布批次") Integer releaseNo,
        @Column("指数代码") String indexId,
        @Column("指数") String indexZh,
        @Column("所属市区划代码") String cityCode,
        @Column("年度") Integer year,
        @Column("参与排名的单位数") Integer unitsRanked,
        @Column("与等权位次的Spearman秩相关") BigDecimal spearmanEqualWeights,
        @Column("与替代标准化位次的Spearman秩相关") BigDecimal spearmanAlternative,
        @Column("最大位次变动") Integer maxRankShift,
        @Column("数据截止日") LocalDate dataCutoff,
        @Column("运行批次") String runId) {
}
