package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of gold.target_gap. */
public record GoldTargetGap(
        @Column("发布批次") Integer releaseNo,
        @Column("目标代码") String targetId,
        @Column("规划代码") String planId,
        @Column("指标代码") String indicatorId,
        @Column("区划代码") String regionCode,
        @Column("评估年度") Integer year,
        @Column("实际值") BigDecimal actual,
        @Column("基期年份") Integer baseYear,
        @Column("基期值") BigDecimal baseValue,
        @Column("基期值来源（规划/数据）") String baseSource,
        @Column("目标年份") Integer targetYear,
        @Column("比较方式（>=、>、<=、<、approx 左右、range 区间）") String comparator,
        @Column("目标值（区间下限）") BigDecimal targetValue,
        @Column("区间上限") BigDecimal targetMax,
        @Column("目标类型（level 水平、increment 新增、annual_growth 年均增速、share 占比）") String kind,
        @Column("约束性（确保/力争/预期）") String strength,
        @Column("差距（距目标尚差）") BigDecimal gap,
        @Column("规划增量完成比例") BigDecimal achievedShare,
        @Column("当年规划路径值") BigDecimal pathValue,
        @Column("路径方法（linear 线性 / constant growth 等速增长）") String pathMethod,
        @Column("规划要求年均增速") BigDecimal requiredGrowth,
        @Column("基期以来实际年均增速") BigDecimal actualGrowth,
        @Column("剩余年份所需年均增速") BigDecimal neededGrowth,
        @Column("进度比（实际增量/路径增量）") BigDecimal progress,
        @Column("状态代码") String status,
        @Column("状态") String statusZh,
        @Column("Status") String statusEn,
        @Column("判断依据") String reason,
        @Column("进度评估方法（见 indicators/METHODS-progress.md）") String progressMethod,
        @Column("进度评估所用年份（ESCAP 回归窗口首年–评估年度；Eurostat 增速自基期起）") String progressYears,
        @Column("实际与要求年均增速之比 R（Eurostat）") BigDecimal growthRatio,
        @Column("Eurostat 进展状态代码") String eurostatStatus,
        @Column("Eurostat 进展状态") String eurostatStatusZh,
        @Column("Eurostat progress status") String eurostatStatusEn,
        @Column("按观测趋势预计目标年值（ESCAP）") BigDecimal projectedValue,
        @Column("预计完成规划增量比例（ESCAP）") BigDecimal anticipatedRatio,
        @Column("ESCAP 预计进展状态代码") String escapStatus,
        @Column("ESCAP 预计进展状态") String escapStatusZh,
        @Column("ESCAP anticipated progress") String escapStatusEn,
        @Column("进度评估依据") String progressReason,
        @Column("规划原文") String targetText,
        @Column("数据截止日") LocalDate dataCutoff,
        @Column("运行批次") String runId) {
}
