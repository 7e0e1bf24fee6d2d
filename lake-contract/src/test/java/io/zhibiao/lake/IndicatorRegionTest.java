package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IndicatorRegionTest {

    @Test
    void ordersByIndicatorThenRegionAndIsEqualByValue() {
        TreeSet<IndicatorRegion> keys = new TreeSet<>(List.of(IndicatorRegion.of("rd_intensity", "410300"),
                IndicatorRegion.of("hte_count", "410700"), IndicatorRegion.of("hte_count", "410300")));
        assertThat(keys).containsExactly(IndicatorRegion.of("hte_count", "410300"), IndicatorRegion.of("hte_count", "410700"),
                IndicatorRegion.of("rd_intensity", "410300"));
        assertThat(IndicatorRegion.of("hte_count", "410700")).isEqualTo(new IndicatorRegion("hte_count", "410700"))
                .hasSameHashCodeAs(new IndicatorRegion("hte_count", "410700"));
    }
}
