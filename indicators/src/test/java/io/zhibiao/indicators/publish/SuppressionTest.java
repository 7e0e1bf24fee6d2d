package io.zhibiao.indicators.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.indicators.compute.MeasureRow;
import io.zhibiao.indicators.disclosure.SuppressionReason;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuppressionTest {

    static final IndicatorCatalog CATALOG = IndicatorCatalog.loadDefault(sql -> null);

    static CityRegions city(String code, String... units) {
        return new CityRegions(new CityRegions.Region(code, code, "地级市"),
                java.util.Arrays.stream(units).map(u -> new CityRegions.Region(u, u, "县")).toList());
    }

    static MeasureRow row(String region, int value, int units, int largest, int second) {
        return new MeasureRow(2020, region, BigDecimal.valueOf(value), units, BigDecimal.valueOf(largest),
                BigDecimal.valueOf(second));
    }

    static IndicatorValue v(String indicator, String region, int value) {
        return new IndicatorValue(indicator, region, 2020, BigDecimal.valueOf(value), BigDecimal.valueOf(value), null, 1);
    }

    @Test
    void eachCityIsItsOwnTableAndIndicatorsSharingTheNumeratorShareThePattern() {
        // City 1: A 100 (5 returns), B 50 (2 returns: FREQ), C 200 (10 returns). Hiding B alone gives B = 350 − 100 − 200.
        // Its protection is max(20 % × 50, 100/85 × 30 − 50 < 0) = 10; the least published unit that covers it alone is
        // A (100): A is hidden too (SEC), and B then lies anywhere in [0, 150]. City 2 (D 80, E 90, 4 returns each, the
        // largest 20 and 30 of 80 and 90: 25 % and 33 %) is safe: nothing is hidden there although its year is the same.
        String sql = CATALOG.find("rd_expenditure").orElseThrow().numerator().sql();
        Suppression s = Suppression.decide(CATALOG, List.of(city("C1", "A", "B", "C"), city("C2", "D", "E")),
                List.of(v("rd_expenditure", "C1", 350), v("rd_expenditure", "C2", 170), v("rd_expenditure", "A", 100)),
                Map.of(sql, List.of(row("A", 100, 5, 30, 20), row("B", 50, 2, 30, 20), row("C", 200, 10, 40, 30),
                        row("D", 80, 4, 20, 20), row("E", 90, 4, 30, 20))));
        assertThat(s.reason("rd_expenditure", "B", 2020)).contains(SuppressionReason.FREQ);
        assertThat(s.reason("rd_intensity", "B", 2020)).contains(SuppressionReason.FREQ);
        assertThat(s.reason("rd_expenditure", "A", 2020)).contains(SuppressionReason.SEC);
        assertThat(s.reason("rd_expenditure", "C", 2020)).isEmpty();
        assertThat(s.reason("rd_expenditure", "C1", 2020)).isEmpty();
        assertThat(s.reason("rd_expenditure", "D", 2020)).isEmpty();
        assertThat(s.reason("rd_expenditure", "C2", 2020)).isEmpty();
        assertThat(s.reason("hte_count", "B", 2020)).isEmpty();
        assertThat(s.counts()).containsEntry(SuppressionReason.FREQ, 1L).containsEntry(SuppressionReason.SEC, 1L);
        // Publishable values lose the withheld cell's value and numerator.
        IndicatorValue a = s.publishable(List.of(v("rd_expenditure", "A", 100))).get(0);
        assertThat(a.value()).isNull();
        assertThat(a.numerator()).isNull();
    }
}
