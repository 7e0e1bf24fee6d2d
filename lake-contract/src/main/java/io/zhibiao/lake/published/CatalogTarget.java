package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;

/** A row of published.targets. */
public record CatalogTarget(
        @Column("发布批次") Integer releaseNo,
        @Column("目标代码") String targetId,
        @Column("规划代码") String planId,
        @Column("规划") String planName,
        @Column("规划文本") String seedDocument,
        @Column("指标代码") String indicatorId,
        @Column("区划代码") String regionCode,
        @Column("占比的分母地区") String shareOf,
        @Column("目标类型") String kind,
        @Column("比较方式") String comparator,
        @Column("左右容差") BigDecimal tolerance,
        @Column("相对基期倍数") BigDecimal multiplier,
        @Column("约束性") String strength,
        @Column("基期年份") Integer baseYear,
        @Column("规划基期值") BigDecimal baseValue,
        @Column("节点目标") String milestones,
        @Column("最终目标年份") Integer targetYear,
        @Column("规划原文") String targetText) {
}
