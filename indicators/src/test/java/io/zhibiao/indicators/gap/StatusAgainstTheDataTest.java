package io.zhibiao.indicators.gap;

import static io.zhibiao.indicators.gap.TargetGapTest.BANDS;
import static io.zhibiao.indicators.gap.TargetGapTest.METHOD;
import static io.zhibiao.indicators.gap.TargetGapTest.at;
import static io.zhibiao.indicators.gap.TargetGapTest.only;
import static io.zhibiao.indicators.gap.TargetGapTest.range;
import static io.zhibiao.indicators.gap.TargetGapTest.series;
import static io.zhibiao.indicators.gap.TargetGapTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.ProgressMethod;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.indicators.gap.TargetGap.Row;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, part 2: statuses that said "on track" while the data said otherwise. Each case worked by hand; the
 * statuses are compared by name as (path status, Eurostat, ESCAP).
 */
class StatusAgainstTheDataTest {

    static final double EPS = 1e-6;
    static final IndicatorCatalog INDICATORS = IndicatorCatalog.loadDefault(sql -> null);
    static final TargetCatalog PLANS = TargetCatalog.loadDefault(INDICATORS);

    static Target plan(String id) {
        return PLANS.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    static void statuses(Row r, String path, String eurostat, String escap) {
        assertThat(List.of(r.status().name(), r.eurostatStatus().name(), r.escapStatus().name()))
                .as("%s %d: path, Eurostat, ESCAP", r.targetId(), r.year()).containsExactly(path, eurostat, escap);
    }

    // ------------------------------------------------------------------ 1. met in the base year, then lost

    @Test
    void targetMetInTheBaseYearThenLostIsOffTrackOnEveryMethod() {
        // ≥50 by 2025 from 60 in 2020 (already met); 55 in 2021 (still met), 45 in 2022.
        // Path 2022 = 60 + (50 − 60) × 2/5 = 56; the old progress (45 − 60)/(56 − 60) = 3.75 said 达标 — but 45 < 50.
        // Eurostat: CAGR_o = (45/60)^(1/2) − 1 = −0.133975, CAGR_r = (50/60)^(1/5) − 1 = −0.035807,
        // R = −0.133975/0.035807 = −3.741524 → moving away.
        // ESCAP (weights 1, 2, 3 on 2020, 2021, 2022; Σw = 6): mean year 2021.333333, mean value (60 + 110 + 135)/6
        // = 50.833333; Σw·dx·dy = (−1.333333)(9.166667) + 2(−0.333333)(4.166667) + 3(0.666667)(−5.833333)
        // = −12.222222 − 2.777778 − 11.666667 = −26.666667; Σw·dx² = 1.777778 + 0.222222 + 1.333333 = 3.333333;
        // slope −8; projected 2025 = 50.833333 − 8 × 3.666667 = 21.5, far below 50. The old A = (21.5 − 60)/(50 − 60)
        // = 3.85 said on track; the planned change (50 − 60) points down, so A means nothing: the projection misses → regressing.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_LEAST, 2020, "60", null, null, at(2025, "50"));
        List<Row> rows = TargetGap.evaluate(t, Indicator.Direction.UP, series(2020, "60", 2021, "55", 2022, "45"), BANDS, METHOD);
        statuses(only(rows, 2021), "ACHIEVED", "ACHIEVED", "ACHIEVED");
        Row r = only(rows, 2022);
        statuses(r, "OFF_TRACK", "MOVING_AWAY", "REGRESSING");
        assertThat(r.pathValue()).isEqualByComparingTo("56");
        assertThat(r.growthRatio()).isCloseTo(new BigDecimal("-3.741524"), within(new BigDecimal("0.000001")));
        assertThat(r.projectedValue()).isEqualByComparingTo("21.5");
        assertThat(r.progress()).as("no planned change to measure progress along").isNull();
        assertThat(r.anticipatedRatio()).as("A of a change the plan does not ask for").isNull();
        assertThat(r.reason()).isEqualTo("2020年基期值 60 已达到目标 ≥50，2022年实际 45 已低于目标（差 5）");
        assertThat(r.progressReason()).contains("预计2025年 21.5，未达到目标 ≥50 → 趋势背离");
    }

    @Test
    void lowerIsBetterTargetMetInTheBaseYearThenLostIsOffTrackOnEveryMethod() {
        // Rank ≤30 by 2025 from 25 in 2020 (already inside); 28 in 2021 (still met), 33 in 2022.
        // Path 2022 = 25 + 5 × 2/5 = 27; the old progress (33 − 25)/(27 − 25) = 4 said 达标 — but 33 > 30.
        // Eurostat: CAGR_o = (33/25)^(1/2) − 1 = 0.148913, CAGR_r = (30/25)^(1/5) − 1 = 0.037137,
        // R = −0.148913/0.037137 = −4.009785 → moving away.
        // ESCAP (weights 1, 2, 3): mean value (25 + 56 + 99)/6 = 30; Σw·dx·dy = (−1.333333)(−5) + 2(−0.333333)(−2)
        // + 3(0.666667)(3) = 6.666667 + 1.333333 + 6 = 14; slope 14/3.333333 = 4.2; projected 2025 = 30 + 4.2 × 3.666667
        // = 45.4 > 30. The old A = (45.4 − 25)/(30 − 25) = 4.08 said on track → now regressing.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.AT_MOST, 2020, "25", null, null, at(2025, "30"));
        List<Row> rows = TargetGap.evaluate(t, Indicator.Direction.DOWN, series(2020, "25", 2021, "28", 2022, "33"), BANDS,
                METHOD);
        statuses(only(rows, 2021), "ACHIEVED", "ACHIEVED", "ACHIEVED");
        Row r = only(rows, 2022);
        statuses(r, "OFF_TRACK", "MOVING_AWAY", "REGRESSING");
        assertThat(r.gap()).isEqualByComparingTo("3");
        assertThat(r.growthRatio()).isCloseTo(new BigDecimal("-4.009785"), within(new BigDecimal("0.000001")));
        assertThat(r.projectedValue()).isEqualByComparingTo("45.4");
        assertThat(r.reason()).isEqualTo("2020年基期值 25 已达到目标 ≤30，2022年实际 33 已高于目标（差 3）");
    }

    @Test
    void techSmeCountBelow3000In2026MissesTheFirstMilestoneItsBaseHadMet() {
        // LY28-TSME (targets.yaml): base 2025 taken from the lake (the plan prints none), milestones ≥3000 in 2026,
        // 2027 and 2028. 3080 in 2025 meets it; 2950 in 2026 does not, and 2026 is a milestone year, so the 2026
        // milestone is missed on every method. Before: path 滞后 and ESCAP 需加快进度 (A = (2950 − 3080)/(3000 − 3080)
        // = 1.625, a "share of the planned change" of a change the plan never asked for).
        // Eurostat: CAGR_o = 2950/3080 − 1 = −0.042208, CAGR_r = 3000/3080 − 1 = −0.025974, R = −1.625 → moving away,
        // shown as context. Shortfall 3000 − 2950 = 50 = 1.7 % of the target.
        Target t = plan("LY28-TSME");
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2025, "3080", 2026, "2950"),
                INDICATORS.statusBands(), INDICATORS.progressMethod()), 2026);
        statuses(r, "MISSED", "MISSED", "MISSED");
        assertThat(r.baseValue()).isEqualByComparingTo("3080");
        assertThat(r.growthRatio()).isCloseTo(new BigDecimal("-1.625"), within(new BigDecimal("0.000001")));
        assertThat(r.projectedValue()).isEqualByComparingTo("2950");
        assertThat(r.anticipatedRatio()).isNull();
        assertThat(r.reason()).isEqualTo("2026年目标 ≥3000 未实现：实际 2950，差 50（目标的 1.7%）；"
                + "2025年基期值 3080 曾达到目标");
        assertThat(r.progressReason()).contains("→ 未实现（增速口径：偏离目标，仅供参考）")
                .contains("→ 未实现（按趋势口径：趋势背离，仅供参考）");
    }

    // ------------------------------------------------------------------ 2. ranges

    @Test
    void rangeOvershotIsAboveTheRangeNotOnTrack() {
        // 5–8家 by 2025 from 2 in 2020 (the lake's value), 10 in 2023.
        // Path 2023 = 2 + (5 − 2) × 3/5 = 3.8: the old progress (10 − 2)/(3.8 − 2) = 4.444444 said 达标.
        // Eurostat: CAGR_o = 5^(1/3) − 1 = 0.709976, CAGR_r = 2.5^(1/5) − 1 = 0.201124, R = 3.530033: the old
        // "significant progress". ESCAP: two points, slope 8/3, projected 2025 = 10 + 2 × 8/3 = 15.333333 > 8;
        // the old A = (15.333333 − 2)/3 = 4.444444 said on track. 10 > 8 is outside the range: above range, all three.
        Target t = target(Target.Kind.LEVEL, Target.Comparator.RANGE, 2020, null, null, null, range(2025, "5", "8"));
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2020, "2", 2023, "10"), BANDS, METHOD), 2023);
        statuses(r, "ABOVE_RANGE", "ABOVE_RANGE", "ABOVE_RANGE");
        assertThat(r.growthRatio()).isCloseTo(new BigDecimal("3.530033"), within(new BigDecimal("0.000001")));
        assertThat(r.projectedValue()).isEqualByComparingTo("15.333333");
        assertThat(r.reason()).isEqualTo("实际 10，超出目标区间 5–8 的上限 8（超出 2）");
        assertThat(r.status().zh()).isEqualTo("超出区间上限");
        // Below the range it is "not yet" (approached from below by default): 4 in 2023, path 3.8,
        // progress (4 − 2)/1.8 = 1.111111 → 达标.
        Row below = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2020, "2", 2023, "4"), BANDS, METHOD), 2023);
        assertThat(below.status().name()).isEqualTo("ON_TRACK");
        assertThat(below.progress()).isEqualByComparingTo("1.111111");
    }

    @Test
    void rangeApproachedFromAboveAimsAtItsUpperEndAndReadsBelowAsOutside() {
        // A count to be brought down into 5–8 by 2025 from 12 in 2020, declared `approach: from_above`.
        // 9 in 2023: not yet. Path = 12 + (8 − 12) × 3/5 = 9.6, progress (9 − 12)/(9.6 − 12) = 1.25 → 达标.
        // Eurostat (d = −1): CAGR_o = (9/12)^(1/3) − 1 = −0.091440, CAGR_r = (8/12)^(1/5) − 1 = −0.077892,
        // R = 0.091440/0.077892 = 1.173928 → significant. ESCAP: slope −1, projected 2025 = 7, inside [5, 8] → on track.
        // 4 in 2023 is below the range: outside it, all three; the old code read it as met-at-the-lower-end progress.
        String yaml = """
                plans:
                  - {id: P, seed: "002", region: "410300", start: 2021, end: 2025, name: 规划}
                targets:
                  - {id: R1, plan: P, indicator: municipal_key_labs_new, region: "410300", kind: level, comparator: range,
                     approach: from_above, strength: 预期, base: {year: 2020, value: 12},
                     milestones: [{year: 2025, min: 5, max: 8}], text: t}
                """;
        Target t = TargetCatalog.parse("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), INDICATORS)
                .all().get(0);
        Row r = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2023, "9"), BANDS, METHOD), 2023);
        statuses(r, "ON_TRACK", "SIGNIFICANT", "ON_TRACK");
        assertThat(r.targetValue()).isEqualByComparingTo("8");
        assertThat(r.pathValue()).isEqualByComparingTo("9.6");
        assertThat(r.progress()).isEqualByComparingTo("1.25");
        assertThat(r.growthRatio()).isCloseTo(new BigDecimal("1.173928"), within(new BigDecimal("0.000001")));
        assertThat(r.projectedValue()).isEqualByComparingTo("7");
        // 4 in 2023: Eurostat R = −((4/12)^(1/3) − 1)/0.077892 = 3.936712 would be "significant"; ESCAP projects
        // 4 − 2 × 8/3 = −1.333333, below 5.
        Row below = only(TargetGap.evaluate(t, Indicator.Direction.UP, series(2023, "4"), BANDS, METHOD), 2023);
        statuses(below, "BELOW_RANGE", "BELOW_RANGE", "BELOW_RANGE");
        assertThat(below.reason()).isEqualTo("实际 4，低于目标区间 5–8 的下限 5（低 1）");
    }

    // ------------------------------------------------------------------ 3. the target year has come

    @Test
    void targetYearMissedSaysMissedOnEveryMethodWithTheShortfall() {
        // The plan's targets, 2020 and 2025 values of the lake:
        //   LY14-T01 财政科技投入 25.98 → ≥50: 48.70; shortfall 1.3 = 2.6 % of 50. R = ((48.70/25.98)^(1/5) − 1)
        //            / ((50/25.98)^(1/5) − 1) = 0.133908/0.139898 = 0.957183 (显著进展); A = 22.72/24.02 = 0.945878.
        //   LY14-T06 高新技术企业数 755 → ≥1600: 1571; shortfall 29 = 1.8 %. R = 0.157833/0.162076 = 0.973818
        //            (显著进展); A = 816/845 = 0.965680 (需加快进度).
        //   LY14-T11 中试基地 5 → ≥20: 19; shortfall 1 = 5.0 %. R = 0.306041/0.319508 = 0.957850; A = 14/15 = 0.933333.
        // The growth-based labels read as if there were time left: all three statuses say missed, the labels stay as
        // context, the numbers stay filled.
        Object[][] cases = {
            {"LY14-T01", "25.98", "48.70", "2025年目标 ≥50 未实现：实际 48.7，差 1.3（目标的 2.6%）", "0.957183", "0.945878"},
            {"LY14-T06", "755", "1571", "2025年目标 ≥1600 未实现：实际 1571，差 29（目标的 1.8%）", "0.973818", "0.965680"},
            {"LY14-T11", "5", "19", "2025年目标 ≥20 未实现：实际 19，差 1（目标的 5.0%）", "0.957850", "0.933333"},
        };
        for (Object[] c : cases) {
            Row r = only(TargetGap.evaluate(plan((String) c[0]), Indicator.Direction.UP,
                    series(2020, c[1], 2025, c[2]), INDICATORS.statusBands(), INDICATORS.progressMethod()), 2025);
            statuses(r, "MISSED", "MISSED", "MISSED");
            assertThat(r.reason()).isEqualTo(c[3]);
            assertThat(r.growthRatio()).isCloseTo(new BigDecimal((String) c[4]), within(new BigDecimal("0.000001")));
            assertThat(r.projectedValue()).isEqualByComparingTo((String) c[2]);
            assertThat(r.anticipatedRatio()).isCloseTo(new BigDecimal((String) c[5]), within(new BigDecimal("0.000001")));
            assertThat(r.progressReason()).startsWith(c[3] + "。Eurostat：")
                    .contains("→ 未实现（增速口径：显著进展，仅供参考）").contains("→ 未实现（按趋势口径：需加快进度，仅供参考）");
        }
        Row t06 = only(TargetGap.evaluate(plan("LY14-T06"), Indicator.Direction.UP, series(2020, "755", 2025, "1571"),
                INDICATORS.statusBands(), INDICATORS.progressMethod()), 2025);
        assertThat(t06.status().zh()).isEqualTo("未实现");
        assertThat(t06.eurostatStatus().en()).isEqualTo("target missed");
    }

    // ------------------------------------------------------------------ 4. ESCAP's regression window

    /** The sample lake's Luoyang 高新技术企业 (hte_stock) at year end, 2015–2024. */
    static final Map<Integer, String> HTE = Map.of(2015, "201", 2016, "260", 2017, "352", 2018, "468", 2019, "603",
            2020, "755", 2021, "938", 2022, "1105", 2023, "1262", 2024, "1420");

    static List<IndicatorValue> values(String indicator, Map<Integer, BigDecimal> byYear) {
        List<IndicatorValue> out = new ArrayList<>();
        byYear.forEach((y, v) -> out.add(new IndicatorValue(indicator, "410300", y, v, v, null, 1L)));
        return out;
    }

    static Map<Integer, BigDecimal> upTo(Map<Integer, String> s, int year) {
        Map<Integer, BigDecimal> out = new TreeMap<>();
        s.forEach((y, v) -> {
            if (y <= year) {
                out.put(y, new BigDecimal(v));
            }
        });
        return out;
    }

    static Row gapRow(List<Row> rows, String target, int year) {
        return rows.stream().filter(r -> r.targetId().equals(target) && r.year() == year).findFirst().orElseThrow();
    }

    /** A progress method like the catalog's with ESCAP's regression window declared as given. */
    static ProgressMethod escapWindow(String window) {
        String yaml = "status_bands: {on_track: 0.95, needs_acceleration: 0.6}\n"
                + "progress_method:\n  id: m\n  name_zh: 方法\n  name_en: method\n"
                + "  eurostat: {id: e, significant: 0.95, moderate: 0.6, insufficient: 0, zero_base: linear_share, sources: [s]}\n"
                + "  escap: {id: a, projection: weighted_linear, window: " + window + ", on_track: 1, regressing: 0, "
                + "sources: [s]}\n"
                + "disclosure: {classes: [survey, tax], min_contributors: 3, dominance: {n: 1, k: 85}, protection_percent: 20}\n"
                + "indicators:\n  - {id: x, name_zh: 甲, name_en: x, unit: 家, unit_en: u, decimals: 0, direction: up, "
                + "additive: true, levels: [city], confidentiality: public, source: s, definition: d}\n";
        return IndicatorCatalog.parse("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), sql -> null)
                .progressMethod();
    }

    @Test
    void escapRegressesOnEveryAvailableYearIncludingThoseBeforeTheBase() {
        // LY14-T06 in 2021 through the evaluator, with the lake's 2015–2021 values. ESCAP's own window (the default):
        // every year up to 2021, weights 1…7 from 2015 (Σw = 28). With k = year − 2015: mean k = Σw·k/28 = 112/28 = 4
        // (2019); Σw·dx·y = −4·201 − 2·3·260 − 3·2·352 − 4·468 + 0 + 6·755 + 7·2·938 = −804 − 1560 − 2112 − 1872 + 4530
        // + 13132 = 11314; Σw·dx² = 16 + 18 + 12 + 4 + 0 + 6 + 28 = 84; slope 11314/84 = 134.690476;
        // mean value (201 + 520 + 1056 + 1872 + 3015 + 4530 + 6566)/28 = 17760/28 = 634.285714;
        // projected 2025 = 634.285714 + 6 × 134.690476 = 1442.428571 < 1600; A = 687.428571/845 = 0.813525
        // → needs acceleration. (From the base year only, 755 → 938: 938 + 4 × 183 = 1670 ≥ 1600, on track.)
        List<Row> rows = TargetEvaluator.evaluate(PLANS, INDICATORS, values("hte_count", upTo(HTE, 2021)));
        Row r = gapRow(rows, "LY14-T06", 2021);
        assertThat(r.projectedValue()).isCloseTo(new BigDecimal("1442.428571"), within(new BigDecimal("0.000001")));
        assertThat(r.anticipatedRatio()).isCloseTo(new BigDecimal("0.813525"), within(new BigDecimal("0.000001")));
        assertThat(r.escapStatus().name()).isEqualTo("NEEDS_ACCELERATION");
        assertThat(r.progressYears()).isEqualTo("2015–2021");
        assertThat(r.progressReason()).contains("按2015–2021年加权线性趋势（7个年度，近年权重大）外推");
        // Eurostat's growth ratio still runs from the base year: R = ((938/755)^(1/1) − 1)/0.162076 = 0.242384/0.162076.
        assertThat(r.growthRatio()).isCloseTo(new BigDecimal("1.495495"), within(new BigDecimal("0.000001")));
    }

    @Test
    void escapWindowSinceTheBaseYearIsADeclaredChoice() {
        // window: since_base — 755 (2020) and 938 (2021) only: projected 938 + 4 × 183 = 1670 ≥ 1600 → on track.
        ProgressMethod sinceBase = escapWindow("since_base");
        Row r = only(TargetGap.evaluate(plan("LY14-T06"), Indicator.Direction.UP, upTo(HTE, 2021), BANDS, sinceBase), 2021);
        assertThat(r.projectedValue()).isEqualByComparingTo("1670");
        assertThat(r.escapStatus().name()).isEqualTo("ON_TRACK");
        assertThat(r.progressYears()).isEqualTo("2020–2021");
        assertThat(escapWindow("all_available").escap().toString()).contains("ALL_AVAILABLE");
    }

    @Test
    void escapWindowFlipsT03T04AndT06OnTheSampleLakeSeries() {
        // The sample lake's Luoyang series (sample-lake luoyang.yaml): 高新技术产业增加值占比 = hightech_value_added /
        // industry_value_added × 100, and hte_stock. ESCAP status by window, 2021–2024 (METHODS-progress.md, table):
        //   T03 ≥50 from 43.3: since_base projects 49.81, 49.52, 49.61, 49.26 (需加快进度);
        //                      all_available 53.70, 52.31, 51.37, 50.51 (按趋势可实现) — the 2015–2019 rise counts.
        //   T06 ≥1600 from 755: since_base 1670.0, 1626.8, 1598.0, 1586.2 (on track, on track, accelerate, accelerate);
        //                      all_available 1442.4, 1504.6, 1536.2, 1553.8 (accelerate throughout) — the slower
        //                      2015–2019 counts pull the trend down.
        //   T04 >120 from 53.8 (contract_turnover as declared there): since_base 115.30, 118.00, 120.56, 122.14
        //                      (accelerate, accelerate, on track, on track); all_available 89.63, 98.77, 106.56, 112.68
        //                      (accelerate throughout).
        double[] hva = {450.1, 501.7, 560.6, 620.1, 684.8, 731.8, 807.3, 861.0, 923.2, 984.0};
        double[] iva = {1420, 1480, 1540, 1590, 1650, 1690, 1810, 1880, 1960, 2050};
        Map<Integer, String> share = new TreeMap<>();
        for (int i = 0; i < hva.length; i++) {
            share.put(2015 + i, BigDecimal.valueOf(hva[i]).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(iva[i]), 6, RoundingMode.HALF_UP).toPlainString());
        }
        ProgressMethod sinceBase = escapWindow("since_base");
        ProgressMethod all = escapWindow("all_available");
        List<String> t03Since = new ArrayList<>();
        List<String> t03All = new ArrayList<>();
        List<String> t06Since = new ArrayList<>();
        List<String> t06All = new ArrayList<>();
        List<String> t04Since = new ArrayList<>();
        List<String> t04All = new ArrayList<>();
        Map<Integer, String> contracts = Map.of(2015, "28.72", 2016, "31.60", 2017, "36.20", 2018, "41.50", 2019, "47.30",
                2020, "53.80", 2021, "66.10", 2022, "79.40", 2023, "93.80", 2024, "108.60");
        for (int y = 2021; y <= 2024; y++) {
            t04Since.add(only(TargetGap.evaluate(plan("LY14-T04"), Indicator.Direction.UP, upTo(contracts, y), BANDS,
                    sinceBase), y).escapStatus().name());
            t04All.add(only(TargetGap.evaluate(plan("LY14-T04"), Indicator.Direction.UP, upTo(contracts, y), BANDS, all), y)
                    .escapStatus().name());
            t03Since.add(only(TargetGap.evaluate(plan("LY14-T03"), Indicator.Direction.UP, upTo(share, y), BANDS, sinceBase), y)
                    .escapStatus().name());
            t03All.add(only(TargetGap.evaluate(plan("LY14-T03"), Indicator.Direction.UP, upTo(share, y), BANDS, all), y)
                    .escapStatus().name());
            t06Since.add(only(TargetGap.evaluate(plan("LY14-T06"), Indicator.Direction.UP, upTo(HTE, y), BANDS, sinceBase), y)
                    .escapStatus().name());
            t06All.add(only(TargetGap.evaluate(plan("LY14-T06"), Indicator.Direction.UP, upTo(HTE, y), BANDS, all), y)
                    .escapStatus().name());
        }
        assertThat(t03Since).containsExactly("NEEDS_ACCELERATION", "NEEDS_ACCELERATION", "NEEDS_ACCELERATION",
                "NEEDS_ACCELERATION");
        assertThat(t03All).containsExactly("ON_TRACK", "ON_TRACK", "ON_TRACK", "ON_TRACK");
        assertThat(t06Since).containsExactly("ON_TRACK", "ON_TRACK", "NEEDS_ACCELERATION", "NEEDS_ACCELERATION");
        assertThat(t06All).containsExactly("NEEDS_ACCELERATION", "NEEDS_ACCELERATION", "NEEDS_ACCELERATION",
                "NEEDS_ACCELERATION");
        assertThat(t04Since).containsExactly("NEEDS_ACCELERATION", "NEEDS_ACCELERATION", "ON_TRACK", "ON_TRACK");
        assertThat(t04All).containsExactly("NEEDS_ACCELERATION", "NEEDS_ACCELERATION", "NEEDS_ACCELERATION",
                "NEEDS_ACCELERATION");
    }
}
