package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of published.indicator_values. */
public record PublishedIndicatorValue(
        @Column("发布批次") Integer releaseNo,
        @Column("指标代码") String indicatorId,
        @Column("指标") String indicatorZh,
        @Column("Indicator") String indicatorEn,
        @Column("单位") String unit,
        @Column("Unit") String unitEn,
        @Column("区划代码") String regionCode,
        @Column("地区") String regionName,
        @Column("层级（市/县区/功能区）") String regionLevel,
        @Column("年度") Integer year,
        @Column("指标值（按指标规定小数位）") BigDecimal value,
        @Column("分子") BigDecimal numerator,
        @Column("分母") BigDecimal denominator,
        @Column("贡献单位数") Long contributingUnits,
        @Column("保密标志（x 为不予公布）") String suppressed,
        @Column("不予公布原因（FREQ 单位数不足、DOM 单一单位占比过高、PRULE p%规则、SEC 连带隐藏）") String suppressionReason,
        @Column("区划口径说明（按现行区划重述时列出原区划）") String boundaryNote,
        @Column("数据截止日") LocalDate dataCutoff,
        @Column("运行批次") String runId) {
}
