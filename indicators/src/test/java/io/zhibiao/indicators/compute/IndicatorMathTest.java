package io.zhibiao.indicators.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.Indicator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndicatorMathTest {

    static final CityRegions CITY = new CityRegions(new CityRegions.Region("410300", "洛阳市", "地级市"),
            List.of(new CityRegions.Region("410305", "涧西区", "市辖区"), new CityRegions.Region("410371", "高新区", "功能区")));

    static Indicator indicator(boolean ratio, String multiplier) {
        Indicator.Measure m = new Indicator.Measure("SELECT year, region_code, value, units");
        return new Indicator("x", "指标", "x", "%", "%", 2, Indicator.Direction.UP, !ratio, List.of("county", "city"),
                "public", "silver.t", "s", "d", m, ratio ? m : null, new BigDecimal(multiplier));
    }

    static MeasureRow row(int year, String region, String value, long units) {
        return new MeasureRow(year, region, new BigDecimal(value), units);
    }

    static IndicatorValue find(List<IndicatorValue> vs, String region, int year) {
        return vs.stream().filter(v -> v.regionCode().equals(region) && v.year() == year).findFirst().orElseThrow();
    }

    @Test
    void cityRatioIsTheRatioOfCitySums() {
        // 涧西 10/100 = 10 %, 高新区 30/200 = 15 %; city (10 + 30) / (100 + 200) = 13.333333 %, not the mean 12.5 %.
        List<IndicatorValue> vs = IndicatorMath.compute(indicator(true, "100"), Set.of(2020), CITY,
                List.of(row(2020, "410305", "10", 2), row(2020, "410371", "30", 3)),
                List.of(row(2020, "410305", "100", 1), row(2020, "410371", "200", 1)));
        assertThat(find(vs, "410305", 2020).value()).isEqualByComparingTo("10");
        assertThat(find(vs, "410371", 2020).value()).isEqualByComparingTo("15");
        IndicatorValue city = find(vs, "410300", 2020);
        assertThat(city.value()).isEqualByComparingTo("13.333333");
        assertThat(city.numerator()).isEqualByComparingTo("40");
        assertThat(city.denominator()).isEqualByComparingTo("300");
        assertThat(city.units()).isEqualTo(5);
    }

    @Test
    void missingUnitCountsZeroAndOutsidersAreLeftOut() {
        // 2021: only 涧西 has rows (5); 高新区 counts 0; a row for 410100 (another city) is not Luoyang's.
        List<IndicatorValue> vs = IndicatorMath.compute(indicator(false, "1"), Set.of(2021), CITY,
                List.of(row(2021, "410305", "5", 5), row(2021, "410100", "7", 7)), List.of());
        assertThat(find(vs, "410371", 2021).value()).isEqualByComparingTo("0");
        assertThat(find(vs, "410371", 2021).units()).isZero();
        assertThat(find(vs, "410300", 2021).value()).isEqualByComparingTo("5");
        assertThat(vs).hasSize(3);
    }

    @Test
    void multiplierTurnsYuanInto100MillionYuan() {
        // 2,598,000,000.00 元 × 1e-8 = 25.98 亿元
        List<IndicatorValue> vs = IndicatorMath.compute(indicator(false, "1e-8"), Set.of(2020), CITY,
                List.of(row(2020, "410305", "2598000000.00", 1)), List.of());
        assertThat(find(vs, "410300", 2020).value()).isEqualByComparingTo("25.98");
    }

    @Test
    void zeroDenominatorGivesNoValue() {
        List<IndicatorValue> vs = IndicatorMath.compute(indicator(true, "100"), Set.of(2020), CITY,
                List.of(row(2020, "410305", "1", 1)), List.of(row(2020, "410305", "0", 1)));
        assertThat(find(vs, "410305", 2020).value()).isNull();
        // 高新区 has no denominator row at all: no value either.
        assertThat(find(vs, "410371", 2020).value()).isNull();
    }

    @Test
    void yearsOutsideCoverageAreNotComputed() {
        List<IndicatorValue> vs = IndicatorMath.compute(indicator(false, "1"), Set.of(2017), CITY,
                List.of(row(2016, "410305", "9", 9), row(2017, "410305", "3", 3)), List.of());
        assertThat(vs).allMatch(v -> v.year() == 2017);
        assertThat(find(vs, "410300", 2017).value()).isEqualByComparingTo("3");
    }
}
