package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of published.county_comparison. */
public record CountyComparisonRow(
        @Column("发布批次") Integer releaseNo,
        @Column("指标代码") String indicatorId,
        @Column("指标") String indicatorZh,
        @Column("Indicator") String indicatorEn,
        @Column("单位") String unit,
        @Column("所属市区划代码") String cityCode,
        @Column("区划代码") String regionCode,
        @Column("地区") String regionName,
        @Column("年度") Integer year,
        @Column("指标值") BigDecimal value,
        @Column("位次（1为最好）") Integer rank,
        @Column("参与排名的县区数") Integer unitsRanked,
        @Column("上年值") BigDecimal previousValue,
        @Column("比上年增减") BigDecimal change,
        @Column("比上年增长率") BigDecimal growthRate,
        @Column("增速位次") Integer growthRank,
        @Column("占全市比重（可加总指标）") BigDecimal shareOfCity,
        @Column("全市值") BigDecimal cityValue,
        @Column("与全市值之比（比率指标）") BigDecimal ratioToCity,
        @Column("规划基期以来年均增速") BigDecimal growthSinceBase,
        @Column("上年位次") Integer previousRank,
        @Column("位次变动（正数为上升）") Integer rankChange,
        @Column("与全市值之差（比率指标）") BigDecimal distanceToCity,
        @Column("全市当年规划路径值") BigDecimal cityPathValue,
        @Column("距路径差距（可加总指标按基期份额分配全市路径值）") BigDecimal gapToPath,
        @Column("占全市差距的比重（负数为领先）") BigDecimal shareOfCityGap,
        @Column("数据截止日") LocalDate dataCutoff,
        @Column("运行批次") String runId) {
}
