package io.zhibiao.indicators.gap;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.ProgressMethod;
import io.zhibiao.indicators.catalog.StatusBands;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.gap.TargetGap.Row;
import io.zhibiao.indicators.gap.TargetGap.Status;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TargetGapTest {

    static final StatusBands BANDS = new StatusBands(0.95, 0.60);
    static final ProgressMethod METHOD = new ProgressMethod("m", "方法", "method",
            new ProgressMethod.Eurostat("eurostat", 0.95, 0.60, 0.0, ProgressMethod.ZeroBase.LINEAR_SHARE, List.of("s")),
            new ProgressMethod.Escap("escap", ProgressMethod.Projection.WEIGHTED_LINEAR,
                    ProgressMethod.Window.ALL_AVAILABLE, 1.0, 0.0, List.of("s")));

    static Target target(Target.Kind kind, Target.Comparator cmp, Integer baseYear, String baseValue, BigDecimal tolerance,
                         BigDecimal multiplier, Target.Milestone... milestones) {
        return new Target("T", "P", "x", "410300", null, kind, cmp, Target.Approach.FROM_BELOW, tolerance, multiplier, "预期",
                new Target.Base(baseYear, baseValue == null ? null : new BigDecimal(baseValue)), List.of(milestones), "text");
    }

    static Target.Milestone at(int year, String value) {
        return new Target.Milestone(year, new BigDecimal(value), null, null);
    }

    static Target.Milestone range(int year, String min, String max) {
        return new Target.Milestone(year, null, new BigDecimal(min), new BigDecimal(max));
    }

    static Map<Integer, BigDecimal> series(Object... yearValue) {
        Map<Integer, BigDecimal> m = new TreeMap<>();
        for (int i = 0; i < yearValue.length; i += 2) {
            m.put((Integer) yearValue[i], new BigDecimal((String) yearValue[i + 1]));
        }
        return m;
    }

    static Row only(List<Row> rows, int year) {
        return rows.stream().filter(r -> r.year() == year).findFirst().orElseThrow();
    }

    @Test
    void levelTargetOnALinearPath() {
        // 高新技术企业 755 (2020) → ≥1600 (2025); 2022 actual 1105.
        // path 2022 = 755 + (1600 − 755) × 2/5 = 1093; gap = 1600 − 1105 = 495;
        // achieved share = (1105 − 755) / (1600 − 755) = 350/845 = 0.414201; progress = 350/338 = 1.035503 → 达标;
        // required growth = (1600/755)^(1/5) − 1 = 0.162076; actual = (1105/755)^(1/2) − 1 = 0.209784;
        // still needed = (1600/1105)^(1/3) − 1 = 0.131321.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "755", null, null, at(2025, "1600"));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2020, "755", 2022, "1105", 2025, "1571"), BANDS, METHOD), 2022);
        assertThat(r.pathValue()).isEqualByComparingTo("1093");
        assertThat(r.gap()).isEqualByComparingTo("495");
        assertThat(r.achievedShare()).isEqualByComparingTo("0.414201");
        assertThat(r.progress()).isEqualByComparingTo("1.035503");
        assertThat(r.requiredGrowth()).isEqualByComparingTo("0.162076");
        assertThat(r.actualGrowth()).isEqualByComparingTo("0.209784");
        assertThat(r.neededGrowth()).isEqualByComparingTo("0.131321");
        assertThat(r.status()).isEqualTo(Status.ON_TRACK);
        assertThat(r.pathMethod()).isEqualTo("linear");
        assertThat(r.baseSource()).isEqualTo("规划");
    }

    @Test
    void targetYearPassedWithoutTheTargetIsMissed() {
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "755", null, null, at(2025, "1600"));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2020, "755", 2025, "1571"), BANDS, METHOD), 2025);
        // 1571 < 1600 in 2025: gap 29, 29/1600 = 1.8 % of the target. (Was 滞后, as if there were time left: issue 12.)
        assertThat(r.gap()).isEqualByComparingTo("29");
        assertThat(r.status()).isEqualTo(Status.MISSED);
        assertThat(r.reason()).isEqualTo("2025年目标 ≥1600 未实现：实际 1571，差 29（目标的 1.8%）");
    }

    @Test
    void progressBandsDecideBetweenNeedsAccelerationAndOffTrack() {
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "100", null, null, at(2025, "200"));
        // path 2021 = 120; actual 115 → p = 15/20 = 0.75 → 需加快; actual 105 → p = 5/20 = 0.25 → 滞后;
        // actual 95 → p = −0.25 (moving away) → 滞后.
        assertThat(only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2021, "115"), BANDS, METHOD), 2021).status())
                .isEqualTo(Status.NEEDS_ACCELERATION);
        assertThat(only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2021, "105"), BANDS, METHOD), 2021).status())
                .isEqualTo(Status.OFF_TRACK);
        Row away = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2021, "95"), BANDS, METHOD), 2021);
        assertThat(away.progress()).isEqualByComparingTo("-0.25");
        assertThat(away.status()).isEqualTo(Status.OFF_TRACK);
    }

    @Test
    void approxTargetIsMetInsideItsTolerance() {
        // 3.75 左右 ± 0.1: 3.66 ≥ 3.65 is met; 3.57 is not.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.APPROX, 2020, "2.82", new BigDecimal("0.1"), null,
                at(2025, "3.75"));
        assertThat(only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2025, "3.66"), BANDS, METHOD), 2025).status())
                .isEqualTo(Status.ACHIEVED);
        // 3.57 misses it in the target year: 3.75 − 3.57 = 0.18 short, 0.18/3.75 = 4.8 % of the target.
        Row missed = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2025, "3.57"), BANDS, METHOD), 2025);
        assertThat(missed.status()).isEqualTo(Status.MISSED);
        assertThat(missed.reason()).isEqualTo("2025年目标 3.75左右（±0.1） 未实现：实际 3.57，差 0.18（目标的 4.8%）");
        // Without a declared tolerance the band is 5 % of the value: 1000 左右 → ±50.
        Target isme = target(Target.Kind.LEVEL, Target.Comparator.APPROX, 2025, null, null, null, at(2028, "1000"));
        assertThat(TargetGap.tolerance(isme, new BigDecimal("1000"))).isEqualByComparingTo("50");
    }

    @Test
    void rangeTargetIsMetBetweenItsBounds() {
        Target t = target(Target.Kind.LEVEL, Target.Comparator.RANGE, 2020, null, null, null, range(2025, "5", "8"));
        Map<Integer, BigDecimal> s = series(2020, "2", 2025, "6");
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, s, BANDS, METHOD), 2025);
        assertThat(r.status()).isEqualTo(Status.ACHIEVED);
        assertThat(r.targetValue()).isEqualByComparingTo("5");
        assertThat(r.targetMax()).isEqualByComparingTo("8");
        assertThat(r.comparator()).isEqualTo("range");
        // The base comes from the data when the plan prints "—".
        assertThat(r.baseValue()).isEqualByComparingTo("2");
        assertThat(r.baseSource()).isEqualTo("数据");
    }

    @Test
    void incrementIsCountedFromTheBaseYearValue() {
        // 新增80家 from 2016 (70): goal 150; 2019 actual 120: path = 70 + 80 × 3/5 = 118; p = 50/48 = 1.041667.
        Target t = target(Target.Kind.INCREMENT, Target.Comparator.AT_LEAST, 2016, null, null, null, at(2021, "80"));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2016, "70", 2019, "120"), BANDS, METHOD), 2019);
        assertThat(r.targetValue()).isEqualByComparingTo("150");
        assertThat(r.pathValue()).isEqualByComparingTo("118");
        assertThat(r.progress()).isEqualByComparingTo("1.041667");
        assertThat(r.status()).isEqualTo(Status.ON_TRACK);
    }

    @Test
    void annualGrowthTargetFollowsConstantGrowth() {
        // 年均增速 ≥ 11 % from 2016 (100): path 2018 = 100 × 1.11² = 123.21; actual 120 → growth √1.2 − 1 = 0.095445;
        // p = 0.095445 / 0.11 = 0.867683 → 需加快.
        Target t = target(Target.Kind.ANNUAL_GROWTH, Target.Comparator.AT_LEAST, 2016, null, null, null, at(2021, "11"));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2016, "100", 2018, "120"), BANDS, METHOD), 2018);
        assertThat(r.pathValue()).isEqualByComparingTo("123.21");
        assertThat(r.actualGrowth()).isEqualByComparingTo("0.095445");
        assertThat(r.requiredGrowth()).isEqualByComparingTo("0.11");
        assertThat(r.progress()).isEqualByComparingTo("0.867683");
        assertThat(r.status()).isEqualTo(Status.NEEDS_ACCELERATION);
        assertThat(r.pathMethod()).isEqualTo("constant growth");
        // One year at 12 % meets a one-year growth target of 11 %.
        Target y2017 = target(Target.Kind.ANNUAL_GROWTH, Target.Comparator.AT_LEAST, 2016, null, null, null, at(2017, "11"));
        assertThat(only(TargetGap.evaluate(y2017, Indicator.Direction.UP, series(2016, "100", 2017, "112"), BANDS, METHOD), 2017)
                .status()).isEqualTo(Status.ACHIEVED);
    }

    @Test
    void doublingIsRelativeToThePlanBase() {
        // 翻番: 143.47 × 2 = 286.94.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "143.47", null, new BigDecimal("2"),
                new Target.Milestone(2025, null, null, null));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2025, "236.4"), BANDS, METHOD), 2025);
        assertThat(r.targetValue()).isEqualByComparingTo("286.94");
        assertThat(r.gap()).isEqualByComparingTo("50.54");
    }

    @Test
    void lowerIsBetterForRankTargets() {
        // 排名进入前30: rank 45 (2020) → ≤ 30 (2025); 2023 rank 36: path = 45 − 15 × 3/5 = 36, p = 1 → 达标; gap = 36 − 30 = 6.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_MOST, 2020, null, null, null, at(2025, "30"));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.DOWN, series(2020, "45", 2023, "36"), BANDS, METHOD), 2023);
        assertThat(r.pathValue()).isEqualByComparingTo("36");
        assertThat(r.gap()).isEqualByComparingTo("6");
        assertThat(r.progress()).isEqualByComparingTo("1");
        assertThat(r.status()).isEqualTo(Status.ON_TRACK);
    }

    @Test
    void milestonesChainThePath() {
        // >125 in 2019, >150 in 2021, from 60 in 2016. 2018 (towards 2019): path = 60 + 65 × 2/3 = 103.333333,
        // p = 40 / 43.333333 = 0.923077 → 需加快. 2020 (towards 2021, from the 2019 milestone 125):
        // path = 125 + 25 × 1/2 = 137.5; p = 80 / 77.5 = 1.032258 → 达标.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.MORE_THAN, 2016, null, null, null, at(2019, "125"),
                at(2021, "150"));
        List<Row> rows = TargetGap.evaluate(t, Indicator.Direction.UP, series(2016, "60", 2018, "100", 2020, "140"), BANDS, METHOD);
        assertThat(only(rows, 2018).pathValue()).isEqualByComparingTo("103.333333");
        assertThat(only(rows, 2018).status()).isEqualTo(Status.NEEDS_ACCELERATION);
        assertThat(only(rows, 2020).targetYear()).isEqualTo(2021);
        assertThat(only(rows, 2020).pathValue()).isEqualByComparingTo("137.5");
        assertThat(only(rows, 2020).progress()).isEqualByComparingTo("1.032258");
        assertThat(only(rows, 2020).status()).isEqualTo(Status.ON_TRACK);
        // "突破" is strict: exactly 150 in 2021 does not break through 150, and 2021 is the target year: missed.
        assertThat(only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2016, "60", 2021, "150"), BANDS, METHOD), 2021).status())
                .isEqualTo(Status.MISSED);
    }

    @Test
    void zeroBaseHasNoGrowthRateButAPath() {
        // 产业研究院 "—" in 2020 (0 in the data) → ≥15 in 2025; 2023 actual 9: path = 15 × 3/5 = 9, p = 1 → 达标;
        // growth from zero is undefined; achieved share = 9/15 = 0.6.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, null, null, null, at(2025, "15"));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2020, "0", 2023, "9"), BANDS, METHOD), 2023);
        assertThat(r.requiredGrowth()).isNull();
        assertThat(r.actualGrowth()).isNull();
        assertThat(r.achievedShare()).isEqualByComparingTo("0.6");
        assertThat(r.pathValue()).isEqualByComparingTo("9");
        assertThat(r.status()).isEqualTo(Status.ON_TRACK);
    }

    @Test
    void noDataIsNotZero() {
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, null, null, null, at(2025, "5"));
        List<Row> rows = TargetGap.evaluate(t, Indicator.Direction.UP, Map.of(), BANDS, METHOD);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.NO_DATA);
            assertThat(r.actual()).isNull();
            assertThat(r.year()).isEqualTo(2025);
            assertThat(r.reason()).isEqualTo("指标或地区无数据");
        });
    }

    @Test
    void planNotStartedShowsTheBaseYear() {
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2025, null, null, null, at(2026, "3000"),
                at(2028, "3000"));
        Row r = TargetGap.evaluate(t, Indicator.Direction.UP, series(2024, "2960", 2025, "3080"), BANDS, METHOD).get(0);
        assertThat(r.status()).isEqualTo(Status.BASE_YEAR);
        assertThat(r.actual()).isEqualByComparingTo("3080");
        assertThat(r.targetYear()).isEqualTo(2026);
    }
}
