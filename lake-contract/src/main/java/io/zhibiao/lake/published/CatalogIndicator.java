package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;

/** A row of published.indicators. */
public record CatalogIndicator(
        @Column("发布批次") Integer releaseNo,
        @Column("指标代码") String indicatorId,
        @Column("指标") String indicatorZh,
        @Column("Indicator") String indicatorEn,
        @Column("单位") String unit,
        @Column("Unit") String unitEn,
        @Column("小数位") Integer decimals,
        @Column("方向") String direction,
        @Column("可加总") Boolean additive,
        @Column("发布层级") String levels,
        @Column("保密类别") String confidentiality,
        @Column("数据来源") String source,
        @Column("统计口径") String definition,
        @Column("有数据来源") Boolean hasData,
        @Column("计算方法") String formula) {
}
