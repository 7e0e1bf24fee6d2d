package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;
import java.time.Instant;

/** A row of gold.indicator_values. */
public record GoldIndicatorValue(
        @Column("指标代码") String indicatorId,
        @Column("区划代码") String regionCode,
        @Column("年度") Integer year,
        @Column("指标值（6位小数）") BigDecimal value,
        @Column("分子") BigDecimal numerator,
        @Column("分母") BigDecimal denominator,
        @Column("贡献单位数") Long contributingUnits,
        @Column("运行批次") String runId,
        @Column("计算时间") Instant computedAt) {
}
