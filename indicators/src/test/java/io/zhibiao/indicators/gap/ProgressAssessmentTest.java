package io.zhibiao.indicators.gap;

import static io.zhibiao.indicators.gap.TargetGapTest.METHOD;
import static io.zhibiao.indicators.gap.TargetGapTest.at;
import static io.zhibiao.indicators.gap.TargetGapTest.range;
import static io.zhibiao.indicators.gap.TargetGapTest.series;
import static io.zhibiao.indicators.gap.TargetGapTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.ProgressMethod;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.gap.ProgressAssessment.EscapStatus;
import io.zhibiao.indicators.gap.ProgressAssessment.EurostatStatus;
import io.zhibiao.indicators.gap.ProgressAssessment.Result;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressAssessmentTest {

    static final double EPS = 1e-6;
    static final Indicator.Direction UP = Indicator.Direction.UP;

    static Result assess(Target t, Map<Integer, BigDecimal> s, String base, int year) {
        return ProgressAssessment.assess(t, UP, s, base == null ? null : new BigDecimal(base), year, METHOD);
    }

    static ProgressMethod with(ProgressMethod.ZeroBase zeroBase, ProgressMethod.Projection projection) {
        return new ProgressMethod("m", "方法", "method",
                new ProgressMethod.Eurostat("eurostat", 0.95, 0.60, 0.0, zeroBase, List.of("s")),
                new ProgressMethod.Escap("escap", projection, ProgressMethod.Window.ALL_AVAILABLE, 1.0, 0.0, List.of("s")));
    }

    @Test
    void increasingIndicatorGrowthRatioAndLinearProjection() {
        // 高新技术企业 755 (2020) → ≥1600 (2025), 1200 in 2023.
        // CAGR_o = (1200/755)^(1/3) − 1 = 1.589404^(1/3) − 1 = 0.167019; CAGR_r = (1600/755)^(1/5) − 1 = 0.162076;
        // R = 0.167019 / 0.162076 = 1.030500 (1.03049…, shown as 1.030) ≥ 0.95 → significant progress.
        // ESCAP, two points: slope (1200 − 755)/3 = 148.3333/yr, projected 2025 = 1200 + 2 × 148.3333 = 1496.666667;
        // A = (1496.666667 − 755)/(1600 − 755) = 741.666667/845 = 0.877712 → accelerate (0 ≤ A < 1).
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "755", null, null, at(2025, "1600"));
        Result r = assess(t, series(2020, "755", 2023, "1200"), "755", 2023);
        assertThat(r.years()).isEqualTo("2020–2023");
        assertThat(r.method()).isEqualTo("m");
        assertThat(r.observedGrowth()).isCloseTo(0.167019, within(EPS));
        assertThat(r.requiredGrowth()).isCloseTo(0.162076, within(EPS));
        assertThat(r.growthRatio()).isCloseTo(1.030500, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.SIGNIFICANT);
        assertThat(r.projected()).isEqualByComparingTo("1496.666667");
        assertThat(r.anticipatedRatio()).isCloseTo(0.877712, within(EPS));
        assertThat(r.escap()).isEqualTo(EscapStatus.NEEDS_ACCELERATION);
        assertThat(r.reason()).startsWith("目标 ≥1600（2025年）。Eurostat：2020–2023年实际年均增速 16.7%，要求 16.2%（2020–2025年），比值 R=1.030 → 显著进展。")
                .contains("ESCAP：按2020–2023年加权线性趋势（2个年度，近年权重大）外推，预计2025年 1496.67，为规划增量的 87.8% → 需加快进度");
    }

    @Test
    void escapCagrProjectionContinuesTheObservedGrowth() {
        // Same data, projection: cagr. projected 2025 = 1200 × (1200/755)^(2/3) = 1200 × 1.361934 = 1634.321305 ≥ 1600
        // → on track; A = (1634.321305 − 755)/845 = 1.040617.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "755", null, null, at(2025, "1600"));
        Result r = ProgressAssessment.assess(t, UP, series(2020, "755", 2023, "1200"), new BigDecimal("755"), 2023,
                with(ProgressMethod.ZeroBase.LINEAR_SHARE, ProgressMethod.Projection.CAGR));
        assertThat(r.projected()).isCloseTo(new BigDecimal("1634.321305"), within(new BigDecimal("0.000002")));
        assertThat(r.anticipatedRatio()).isCloseTo(1.040617, within(EPS));
        assertThat(r.escap()).isEqualTo(EscapStatus.ON_TRACK);
    }

    @Test
    void weightedRegressionGivesRecentYearsMoreWeight() {
        // 100 (2020), 110 (2021), 130 (2022) → ≥200 (2025). Weights 1, 2, 3 (year − 2020 + 1), Σw = 6:
        // mean year = (2020 + 2×2021 + 3×2022)/6 = 2021.333333, mean value = (100 + 220 + 390)/6 = 118.333333;
        // Σw·dx·dy = 1(−1.3333)(−18.3333) + 2(−0.3333)(−8.3333) + 3(0.6667)(11.6667) = 24.4444 + 5.5556 + 23.3333 = 53.3333;
        // Σw·dx² = 1.7778 + 0.2222 + 1.3333 = 3.3333; slope = 16; projected 2025 = 118.3333 + 16 × 3.6667 = 177
        // (unweighted least squares would give 113.3333 + 15 × 4 = 173.3333). A = (177 − 100)/100 = 0.77 → accelerate.
        // Eurostat: CAGR_o = 1.3^(1/2) − 1 = 0.140175; CAGR_r = 2^(1/5) − 1 = 0.148698; R = 0.942683 < 0.95 → moderate.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "100", null, null, at(2025, "200"));
        Result r = assess(t, series(2020, "100", 2021, "110", 2022, "130"), "100", 2022);
        assertThat(r.projected()).isEqualByComparingTo("177");
        assertThat(r.anticipatedRatio()).isCloseTo(0.77, within(EPS));
        assertThat(r.escap()).isEqualTo(EscapStatus.NEEDS_ACCELERATION);
        assertThat(r.growthRatio()).isCloseTo(0.942683, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.MODERATE);
    }

    @Test
    void decreasingIndicatorUsesTheSignOfTheDirection() {
        // 排名 45 (2020) → ≤30 (2025); 2023 rank 40. CAGR_o = (40/45)^(1/3) − 1 = −0.038500;
        // CAGR_r = (30/45)^(1/5) − 1 = −0.077892; R = −1 × (−0.038500)/0.077892 = 0.494277 → insufficient (0 ≤ R < 0.6).
        // ESCAP: slope −5/3, projected 2025 = 40 − 10/3 = 36.666667; A = (36.666667 − 45)/(30 − 45) = 0.555556 → accelerate.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_MOST, 2020, "45", null, null, at(2025, "30"));
        Result r = ProgressAssessment.assess(t, Indicator.Direction.DOWN, series(2023, "40"), new BigDecimal("45"), 2023,
                METHOD);
        assertThat(r.observedGrowth()).isCloseTo(-0.038500, within(EPS));
        assertThat(r.requiredGrowth()).isCloseTo(-0.077892, within(EPS));
        assertThat(r.growthRatio()).isCloseTo(0.494277, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.INSUFFICIENT);
        assertThat(r.projected()).isEqualByComparingTo("36.666667");
        assertThat(r.anticipatedRatio()).isCloseTo(0.555556, within(EPS));
        assertThat(r.escap()).isEqualTo(EscapStatus.NEEDS_ACCELERATION);
    }

    @Test
    void movingAwayFromTheTarget() {
        // Rank 45 → 50 in 2023 against ≤30: CAGR_o = (50/45)^(1/3) − 1 = 0.035744; R = −0.035744/0.077892 = −0.458893 < 0
        // → moving away. ESCAP: projected = 50 + 2 × 5/3 = 53.333333; A = (53.333333 − 45)/(−15) = −0.555556 → regressing.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_MOST, 2020, "45", null, null, at(2025, "30"));
        Result r = ProgressAssessment.assess(t, Indicator.Direction.DOWN, series(2023, "50"), new BigDecimal("45"), 2023,
                METHOD);
        assertThat(r.growthRatio()).isCloseTo(-0.458893, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.MOVING_AWAY);
        assertThat(r.anticipatedRatio()).isCloseTo(-0.555556, within(EPS));
        assertThat(r.escap()).isEqualTo(EscapStatus.REGRESSING);
        assertThat(r.eurostat().zh()).isEqualTo("偏离目标");
        assertThat(r.escap().en()).isEqualTo("regressing: reverse the trend");
    }

    @Test
    void approxTargetIsMetInsideItsToleranceBand() {
        // 研发投入强度 3.75 左右 ± 0.1 from 2.82 (2020). 2023: 3.70 lies in [3.65, 3.85] → achieved by both methods;
        // 3.95 overshoots the band on the better side → also achieved (a 左右 target of a rising indicator is not a ceiling).
        Target t = target(Target.Kind.LEVEL, Target.Comparator.APPROX, 2020, "2.82", new BigDecimal("0.1"), null,
                at(2025, "3.75"));
        Result in = assess(t, series(2023, "3.70"), "2.82", 2023);
        assertThat(in.eurostat()).isEqualTo(EurostatStatus.ACHIEVED);
        assertThat(in.escap()).isEqualTo(EscapStatus.ACHIEVED);
        assertThat(in.reason()).startsWith("2023年实际 3.7，已达到目标 3.75左右（±0.1）");
        assertThat(assess(t, series(2023, "3.95"), "2.82", 2023).eurostat()).isEqualTo(EurostatStatus.ACHIEVED);
        // 3.30 is below the band: CAGR_o = (3.30/2.82)^(1/3) − 1 = 0.053792; CAGR_r = (3.75/2.82)^(1/5) − 1 = 0.058660;
        // R = 0.917018 → moderate. ESCAP: projected 2025 = 3.30 + 2 × 0.16 = 3.62 < 3.65 (band), A = 0.80/0.93 = 0.860215.
        Result below = assess(t, series(2023, "3.30"), "2.82", 2023);
        assertThat(below.growthRatio()).isCloseTo(0.917018, within(EPS));
        assertThat(below.eurostat()).isEqualTo(EurostatStatus.MODERATE);
        assertThat(below.projected()).isEqualByComparingTo("3.62");
        assertThat(below.anticipatedRatio()).isCloseTo(0.860215, within(EPS));
        assertThat(below.escap()).isEqualTo(EscapStatus.NEEDS_ACCELERATION);
        // A projection inside the band is on track even though A = (3.66 − 2.82)/0.93 = 0.903 < 1:
        // 3.42 in 2023 → projected 3.42 + 2 × 0.2 = 3.82 ≥ 3.65.
        assertThat(assess(t, series(2023, "3.42"), "2.82", 2023).escap()).isEqualTo(EscapStatus.ON_TRACK);
    }

    @Test
    void rangeTargetsAimAtTheLowerEnd() {
        // 5–8家 from 2 (2020, the lake's value where the plan prints "—"). 2023 actual 4: CAGR_o = 2^(1/3) − 1 = 0.259921;
        // CAGR_r = (5/2)^(1/5) − 1 = 0.201124; R = 1.292339 → significant.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.RANGE, 2020, null, null, null, range(2025, "5", "8"));
        Result r = assess(t, series(2020, "2", 2023, "4"), "2", 2023);
        assertThat(r.requiredGrowth()).isCloseTo(0.201124, within(EPS));
        assertThat(r.growthRatio()).isCloseTo(1.292339, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.SIGNIFICANT);
        // 6 in 2025 is inside [5, 8]: achieved. 9 in the target year is above the range: missed (it was "significant
        // progress" before issue 12), the growth label kept as context, and the reason says which bound was passed.
        assertThat(assess(t, series(2020, "2", 2025, "6"), "2", 2025).eurostat()).isEqualTo(EurostatStatus.ACHIEVED);
        Result above = assess(t, series(2020, "2", 2025, "9"), "2", 2025);
        assertThat(above.eurostat()).isEqualTo(EurostatStatus.MISSED);
        assertThat(above.escap()).isEqualTo(EscapStatus.MISSED);
        assertThat(above.reason()).startsWith("2025年目标 5–8 未实现：实际 9，超出目标区间 5–8 的上限 8（超出 1）")
                .contains("→ 未实现（增速口径：显著进展，仅供参考）");
    }

    @Test
    void incrementIsAddedToTheBase() {
        // 新增80家 from 70 (2016) → level 150 in 2021; 2019 actual 120. CAGR_o = (120/70)^(1/3) − 1 = 0.196817;
        // CAGR_r = (150/70)^(1/5) − 1 = 0.164659; R = 1.195303 → significant.
        // ESCAP: projected 2021 = 120 + 2 × 50/3 = 153.333333 ≥ 150 → on track; A = 83.333333/80 = 1.041667.
        Target t = target(Target.Kind.INCREMENT, Target.Comparator.AT_LEAST, 2016, null, null, null, at(2021, "80"));
        Result r = assess(t, series(2016, "70", 2019, "120"), "70", 2019);
        assertThat(r.requiredGrowth()).isCloseTo(0.164659, within(EPS));
        assertThat(r.growthRatio()).isCloseTo(1.195303, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.SIGNIFICANT);
        assertThat(r.projected()).isEqualByComparingTo("153.333333");
        assertThat(r.anticipatedRatio()).isCloseTo(1.041667, within(EPS));
        assertThat(r.escap()).isEqualTo(EscapStatus.ON_TRACK);
    }

    @Test
    void annualGrowthTargetRequiresTheStatedRate() {
        // 年均增速 ≥ 11 % from 100 (2016) to 2021; 120 in 2018. CAGR_r = 0.11 as stated; CAGR_o = 1.2^(1/2) − 1 = 0.095445;
        // R = 0.867683 → moderate. ESCAP: level 100 × 1.11^5 = 168.505816; projected 2021 = 120 + 3 × 10 = 150;
        // A = 50/68.505816 = 0.729865 → accelerate.
        Target t = target(Target.Kind.ANNUAL_GROWTH, Target.Comparator.AT_LEAST, 2016, null, null, null, at(2021, "11"));
        Result r = assess(t, series(2016, "100", 2018, "120"), "100", 2018);
        assertThat(r.requiredGrowth()).isEqualTo(0.11);
        assertThat(r.observedGrowth()).isCloseTo(0.095445, within(EPS));
        assertThat(r.growthRatio()).isCloseTo(0.867683, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.MODERATE);
        assertThat(r.projected()).isEqualByComparingTo("150");
        assertThat(r.anticipatedRatio()).isCloseTo(0.729865, within(EPS));
        assertThat(r.escap()).isEqualTo(EscapStatus.NEEDS_ACCELERATION);
        // 12 % in the single year of a one-year 11 % target is achieved.
        Target oneYear = target(Target.Kind.ANNUAL_GROWTH, Target.Comparator.AT_LEAST, 2016, null, null, null, at(2017, "11"));
        assertThat(assess(oneYear, series(2016, "100", 2017, "112"), "100", 2017).eurostat()).isEqualTo(EurostatStatus.ACHIEVED);
    }

    @Test
    void zeroBaseFallsBackToTheLinearShareOfThePlannedChange() {
        // 产业研究院 "—" in 2020, 0 in the lake → ≥15 in 2025; 9 in 2023. No CAGR from 0: share of the planned change
        // 9/15 = 0.6 over share of the period 3/5 = 0.6 → R = 1 → significant. ESCAP: slope 3, projected 2025 = 15 → on track.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, null, null, null, at(2025, "15"));
        Result r = assess(t, series(2020, "0", 2023, "9"), "0", 2023);
        assertThat(r.method()).isEqualTo("m/linear_share");
        assertThat(r.observedGrowth()).isNull();
        assertThat(r.requiredGrowth()).isNull();
        assertThat(r.growthRatio()).isCloseTo(1.0, within(EPS));
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.SIGNIFICANT);
        assertThat(r.reason()).contains("基期值为0，增速无定义，改用线性进度：完成规划增量 60.0%，时间过半比 60.0%，比值 R=1.000");
        assertThat(r.projected()).isEqualByComparingTo("15");
        assertThat(r.escap()).isEqualTo(EscapStatus.ON_TRACK);
        // Open SDG's substitute instead: CAGR_o = (9/0.001)^(1/3) − 1 = 19.800838, CAGR_r = (15/0.001)^(1/5) − 1 = 5.842554,
        // R = 3.389072 — why we do not use it by default: the ratio depends on the arbitrary 0.001.
        Result small = ProgressAssessment.assess(t, UP, series(2020, "0", 2023, "9"), BigDecimal.ZERO, 2023,
                with(ProgressMethod.ZeroBase.SMALL_CONSTANT, ProgressMethod.Projection.WEIGHTED_LINEAR));
        assertThat(small.growthRatio()).isCloseTo(3.389072, within(EPS));
        assertThat(small.reason()).contains("基期值0按 0.001 计（Open SDG）");
    }

    @Test
    void missingBaseIsNotAssessed() {
        // Plan "—" and no lake value for 2020: nothing to measure growth from.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, null, null, null, at(2025, "15"));
        Result r = assess(t, series(2023, "9"), null, 2023);
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.NOT_ASSESSED);
        assertThat(r.escap()).isEqualTo(EscapStatus.NOT_ASSESSED);
        assertThat(r.reason()).isEqualTo("缺少基期值，无法评估进展");
        // Through TargetGap: the no-data row carries the method and the not-assessed statuses.
        TargetGap.Row row = TargetGap.evaluate(t, UP, series(2023, "9"), TargetGapTest.BANDS, METHOD).get(0);
        assertThat(row.eurostatStatus()).isEqualTo(EurostatStatus.NOT_ASSESSED);
        assertThat(row.progressMethod()).isEqualTo("m");
        // With the lake's base-year value the plan's "—" is filled and the years are named.
        TargetGap.Row filled = TargetGapTest.only(TargetGap.evaluate(t, UP, series(2020, "3", 2023, "9"), TargetGapTest.BANDS,
                METHOD), 2023);
        assertThat(filled.baseSource()).isEqualTo("数据");
        assertThat(filled.progressYears()).isEqualTo("2020–2023");
        // CAGR_o = 3^(1/3) − 1 = 0.442250, CAGR_r = 5^(1/5) − 1 = 0.379730, R = 1.164643 → significant.
        assertThat(filled.growthRatio()).isEqualByComparingTo("1.164643");
        assertThat(filled.eurostatStatus()).isEqualTo(EurostatStatus.SIGNIFICANT);
    }

    @Test
    void targetAlreadyMetIsAchievedWhateverTheRatio() {
        // 1650 in 2023 ≥ 1600: achieved by both; R = ((1650/755)^(1/3) − 1)/0.162076 = 0.297714/0.162076 = 1.836877 is kept.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "755", null, null, at(2025, "1600"));
        Result r = assess(t, series(2023, "1650"), "755", 2023);
        assertThat(r.eurostat()).isEqualTo(EurostatStatus.ACHIEVED);
        assertThat(r.escap()).isEqualTo(EscapStatus.ACHIEVED);
        assertThat(r.growthRatio()).isCloseTo(1.836877, within(EPS));
    }

    @Test
    void targetYearPassedUnmetIsMissedAndKeepsTheTrendBandAsContext() {
        // 1571 in 2025 < 1600: CAGR_o = (1571/755)^(1/5) − 1 = 0.157833, R = 0.157833/0.162076 = 0.973818 → a significant
        // trend, but the target year has come: missed (was 滞后 / significant / accelerate before issue 12); ESCAP uses
        // the 2025 value itself: A = (1571 − 755)/845 = 0.965680 (accelerate, as context).
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "755", null, null, at(2025, "1600"));
        TargetGap.Row row = TargetGapTest.only(TargetGap.evaluate(t, UP, series(2020, "755", 2025, "1571"),
                TargetGapTest.BANDS, METHOD), 2025);
        assertThat(row.status()).isEqualTo(TargetGap.Status.MISSED);
        assertThat(row.growthRatio()).isEqualByComparingTo("0.973818");
        assertThat(row.eurostatStatus()).isEqualTo(EurostatStatus.MISSED);
        assertThat(row.projectedValue()).isEqualByComparingTo("1571");
        assertThat(row.anticipatedRatio()).isEqualByComparingTo("0.965680");
        assertThat(row.escapStatus()).isEqualTo(EscapStatus.MISSED);
        assertThat(row.progressReason()).startsWith("2025年目标 ≥1600 未实现：实际 1571，差 29（目标的 1.8%）。Eurostat：")
                .contains("比值 R=0.974 → 未实现（增速口径：显著进展，仅供参考）")
                .endsWith("为规划增量的 96.6% → 未实现（按趋势口径：需加快进度，仅供参考）。");
    }
}
