package io.zhibiao.indicators.gap;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.lake.IndicatorRegion;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonAndShareTest {

    static final IndicatorCatalog CATALOG = IndicatorCatalog.loadDefault(sql -> null);
    static final CityRegions CITY = new CityRegions(new CityRegions.Region("410700", "新乡市", "地级市"), List.of(
            new CityRegions.Region("410702", "红旗区", "市辖区"), new CityRegions.Region("410703", "卫滨区", "市辖区"),
            new CityRegions.Region("410771", "新乡高新区", "功能区")));

    static IndicatorValue v(String indicator, String region, int year, String value) {
        BigDecimal x = new BigDecimal(value);
        return new IndicatorValue(indicator, region, year, x, x, null, x.longValue());
    }

    @Test
    void shareSeriesIsPartOverWholeInPercent() {
        // 高新区 35 of 100 → 35 %; 2018: 40 of 120 → 33.333333 %; a year without the whole is left out.
        Map<Integer, BigDecimal> s = TargetEvaluator.share(
                Map.of(2017, new BigDecimal("35"), 2018, new BigDecimal("40"), 2019, new BigDecimal("1")),
                Map.of(2017, new BigDecimal("100"), 2018, new BigDecimal("120")));
        assertThat(s.get(2017)).isEqualByComparingTo("35");
        assertThat(s.get(2018)).isEqualByComparingTo("33.333333");
        assertThat(s).doesNotContainKey(2019);
    }

    @Test
    void shareTargetIsEvaluatedOnTheShare() {
        // 2017年高新区高企占比35%: 2016 zone 30 of 100 (30 %), 2017 zone 36 of 100 (36 % ≥ 35 %) → 已实现.
        String yaml = """
                plans:
                  - {id: XX, seed: "004", region: "410700", start: 2017, end: 2021, name: 新乡}
                targets:
                  - {id: S, plan: XX, indicator: hte_count, region: "410771", share_of: "410700", kind: share,
                     comparator: ">=", strength: 预期, base: {year: 2016}, milestones: [{year: 2017, value: 35}], text: t}
                """;
        TargetCatalog targets = TargetCatalog.parse("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                CATALOG);
        assertThat(targets.all().get(0).kind()).isEqualTo(Target.Kind.SHARE);
        List<TargetGap.Row> rows = TargetEvaluator.evaluate(targets, CATALOG, List.of(
                v("hte_count", "410771", 2016, "30"), v("hte_count", "410700", 2016, "100"),
                v("hte_count", "410771", 2017, "36"), v("hte_count", "410700", 2017, "100")));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.actual()).isEqualByComparingTo("36");
            assertThat(r.baseValue()).isEqualByComparingTo("30");
            assertThat(r.status()).isEqualTo(TargetGap.Status.ACHIEVED);
        });
    }

    @Test
    void countiesAreRankedOnLevelAndGrowthWithTheirShare() {
        // 2021 vs 2020: 红旗 10 → 12 (+20 %), 卫滨 12 → 12 (0 %), 高新区 20 → 30 (+50 %); city 42 → 54.
        // Level ranks: 高新区 1 (30), 红旗 and 卫滨 tie at 12 → both 2. Growth ranks: 高新区 1, 红旗 2, 卫滨 3.
        // Shares of the city: 12/54 = 0.222222, 30/54 = 0.555556. Growth since 2020 for 高新区 over one year: 0.5.
        List<IndicatorValue> values = new ArrayList<>(List.of(
                v("hte_count", "410702", 2020, "10"), v("hte_count", "410703", 2020, "12"), v("hte_count", "410771", 2020, "20"),
                v("hte_count", "410700", 2020, "42"),
                v("hte_count", "410702", 2021, "12"), v("hte_count", "410703", 2021, "12"), v("hte_count", "410771", 2021, "30"),
                v("hte_count", "410700", 2021, "54")));
        List<CountyComparison.Row> rows = CountyComparison.compute(CATALOG, List.of(CITY), values, 2020).stream()
                .filter(r -> r.year() == 2021).toList();
        CountyComparison.Row hongqi = rows.stream().filter(r -> r.regionCode().equals("410702")).findFirst().orElseThrow();
        CountyComparison.Row weibin = rows.stream().filter(r -> r.regionCode().equals("410703")).findFirst().orElseThrow();
        CountyComparison.Row zone = rows.stream().filter(r -> r.regionCode().equals("410771")).findFirst().orElseThrow();
        assertThat(List.of(zone.rank(), hongqi.rank(), weibin.rank())).containsExactly(1, 2, 2);
        assertThat(List.of(zone.growthRank(), hongqi.growthRank(), weibin.growthRank())).containsExactly(1, 2, 3);
        assertThat(hongqi.growth()).isEqualByComparingTo("0.2");
        assertThat(hongqi.change()).isEqualByComparingTo("2");
        assertThat(hongqi.shareOfCity()).isEqualByComparingTo("0.222222");
        assertThat(zone.shareOfCity()).isEqualByComparingTo("0.555556");
        assertThat(zone.growthSinceBase()).isEqualByComparingTo("0.5");
        assertThat(zone.unitsRanked()).isEqualTo(3);
        assertThat(zone.ratioToCity()).isNull();
    }

    @Test
    void rankChangeAndEachUnitsPartOfTheCitysGapForACount() {
        // Same counts as above; the city's path value in 2021 is 60 (city actual 54: gap 6).
        // Base-year (2020) shares: 红旗 10/42, 卫滨 12/42, 高新区 20/42. Allocations of 60: 14.285714, 17.142857,
        // 28.571429; gaps: 2.285714, 5.142857, −1.428571 (sum 6). Shares of the city gap: 0.380952, 0.857143, −0.238095.
        // Ranks 2020: 高新区 1, 卫滨 2, 红旗 3; 2021: 高新区 1, 红旗 2, 卫滨 2 → 红旗 moved up 1, 卫滨 0.
        List<IndicatorValue> values = List.of(
                v("hte_count", "410702", 2020, "10"), v("hte_count", "410703", 2020, "12"), v("hte_count", "410771", 2020, "20"),
                v("hte_count", "410700", 2020, "42"),
                v("hte_count", "410702", 2021, "12"), v("hte_count", "410703", 2021, "12"), v("hte_count", "410771", 2021, "30"),
                v("hte_count", "410700", 2021, "54"));
        List<CountyComparison.Row> rows = CountyComparison.compute(CATALOG, List.of(CITY), values, 2020,
                Map.of(IndicatorRegion.of("hte_count", "410700"), Map.of(2021, new BigDecimal("60"))))
                .stream().filter(r -> r.year() == 2021).toList();
        CountyComparison.Row hongqi = rows.stream().filter(r -> r.regionCode().equals("410702")).findFirst().orElseThrow();
        CountyComparison.Row weibin = rows.stream().filter(r -> r.regionCode().equals("410703")).findFirst().orElseThrow();
        CountyComparison.Row zone = rows.stream().filter(r -> r.regionCode().equals("410771")).findFirst().orElseThrow();
        assertThat(hongqi.previousRank()).isEqualTo(3);
        assertThat(hongqi.rankChange()).isEqualTo(1);
        assertThat(weibin.rankChange()).isZero();
        assertThat(hongqi.gapToPath()).isEqualByComparingTo("2.285714");
        assertThat(weibin.gapToPath()).isEqualByComparingTo("5.142857");
        assertThat(zone.gapToPath()).isEqualByComparingTo("-1.428571");
        assertThat(hongqi.shareOfCityGap()).isEqualByComparingTo("0.380952");
        assertThat(weibin.shareOfCityGap()).isEqualByComparingTo("0.857143");
        assertThat(zone.shareOfCityGap()).isEqualByComparingTo("-0.238095");
        assertThat(zone.cityPathValue()).isEqualByComparingTo("60");
    }
    @Test
    void aRatiosGapIsSplitInNumeratorTerms() {
        // R&D intensity 2021: 红旗 2 / 100 → 2 %, 卫滨 6 / 200 → 3 %, city 8 / 300 → 2.666667 %; path 3 %.
        // City gap in numerator terms: 3 % × 300 − 8 = 1. 红旗: 3 % × 100 − 2 = 1 (all of it); 卫滨: 3 % × 200 − 6 = 0.
        // 红旗's own gap: 3 − 2 = 1 point; its distance to the city value: 2 − 2.666667 = −0.666667.
        List<IndicatorValue> values = List.of(
                new IndicatorValue("rd_intensity", "410702", 2021, new BigDecimal("2"), new BigDecimal("2"), new BigDecimal("100"), 5),
                new IndicatorValue("rd_intensity", "410703", 2021, new BigDecimal("3"), new BigDecimal("6"), new BigDecimal("200"), 7),
                new IndicatorValue("rd_intensity", "410700", 2021, new BigDecimal("2.666667"), new BigDecimal("8"),
                        new BigDecimal("300"), 12));
        List<CountyComparison.Row> rows = CountyComparison.compute(CATALOG, List.of(CITY), values, 2020,
                Map.of(IndicatorRegion.of("rd_intensity", "410700"), Map.of(2021, new BigDecimal("3"))));
        CountyComparison.Row hongqi = rows.stream().filter(r -> r.regionCode().equals("410702")).findFirst().orElseThrow();
        CountyComparison.Row weibin = rows.stream().filter(r -> r.regionCode().equals("410703")).findFirst().orElseThrow();
        assertThat(hongqi.shareOfCityGap()).isEqualByComparingTo("1");
        assertThat(weibin.shareOfCityGap()).isEqualByComparingTo("0");
        assertThat(hongqi.gapToPath()).isEqualByComparingTo("1");
        assertThat(hongqi.distanceToCity()).isEqualByComparingTo("-0.666667");
        assertThat(hongqi.ratioToCity()).isEqualByComparingTo("0.75");
    }

}
