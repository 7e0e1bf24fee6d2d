package io.zhibiao.indicators.composite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.transforms.source.CatalogException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeIndexTest {

    static final IndicatorCatalog CATALOG = IndicatorCatalog.loadDefault(sql -> null);

    static CompositeSpec spec(String yaml) {
        return CompositeSpec.parse("c.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), CATALOG);
    }

    static final CompositeSpec SPEC = spec("""
            id: t
            name_zh: 测试指数
            name_en: test index
            normalisation: min_max
            alternative: z_score
            missing: reweight
            min_weight: 0.5
            indicators:
              - {id: rd_intensity, weight: 0.75}
              - {id: hightech_share, weight: 0.25}
            """);

    static CityRegions city(String... units) {
        List<CityRegions.Region> us = new ArrayList<>();
        for (String u : units) {
            us.add(new CityRegions.Region(u, u, "县"));
        }
        return new CityRegions(new CityRegions.Region("C", "city", "地级市"), us);
    }

    static IndicatorValue v(String indicator, String region, String value) {
        BigDecimal x = new BigDecimal(value);
        return new IndicatorValue(indicator, region, 2021, x, x, BigDecimal.ONE, 1);
    }

    static final List<IndicatorValue> ABC = List.of(
            v("rd_intensity", "A", "1"), v("rd_intensity", "B", "2"), v("rd_intensity", "C", "4"),
            v("hightech_share", "A", "50"), v("hightech_share", "B", "40"), v("hightech_share", "C", "30"));

    static CompositeIndex.Row row(CompositeIndex.Result r, String unit) {
        return r.rows().stream().filter(x -> x.regionCode().equals(unit)).findFirst().orElseThrow();
    }

    @Test
    void declaredWeightsEqualWeightsAndTheAlternativeNormalisation() {
        // min-max: R&D 1, 2, 4 → A 0, B 33.333333, C 100; high-tech share 50, 40, 30 → A 100, B 50, C 0.
        // Declared 0.75/0.25: A 0 + 25 = 25, B 25 + 12.5 = 37.5, C 75 → ranks C 1, B 2, A 3.
        // Equal weights: A 50, B 41.666667, C 50 → A and C tie at 1, B 3.
        // z-scores (population sd): R&D mean 2.333333, sd 1.247219 → A −1.069045, B −0.267261, C 1.336306;
        // share mean 40, sd 8.164966 → A 1.224745, B 0, C −1.224745. Declared weights: A 0.75 × −1.0690450 + 0.25 ×
        // 1.2247449 = −0.4955975 → −0.495598, B −0.200446, C 1.0022296 − 0.3061862 = 0.6960434 → 0.696043; ranks C 1, B 2, A 3. A's largest shift is 2 (3 → 1 under equal weights).
        // Spearman declared vs equal: ranks (3, 2, 1) vs (1, 3, 1): deviations (1, 0, −1) and (−2/3, 4/3, −2/3),
        // covariance −2/3 + 0 + 2/3 = 0 → 0. Declared vs z-score: identical ranks → 1.
        CompositeIndex.Result r = CompositeIndex.compute(SPEC, CATALOG, List.of(city("A", "B", "C")), ABC);
        assertThat(row(r, "A").score()).isEqualByComparingTo("25");
        assertThat(row(r, "B").score()).isEqualByComparingTo("37.5");
        assertThat(row(r, "C").score()).isEqualByComparingTo("75");
        assertThat(List.of(row(r, "C").rank(), row(r, "B").rank(), row(r, "A").rank())).containsExactly(1, 2, 3);
        assertThat(row(r, "B").scoreEqualWeights()).isEqualByComparingTo("41.666667");
        assertThat(List.of(row(r, "A").rankEqualWeights(), row(r, "C").rankEqualWeights(), row(r, "B").rankEqualWeights()))
                .containsExactly(1, 1, 3);
        assertThat(row(r, "A").scoreAlternative()).isEqualByComparingTo("-0.495598");
        assertThat(row(r, "C").scoreAlternative()).isEqualByComparingTo("0.696043");
        assertThat(row(r, "A").rankAlternative()).isEqualTo(3);
        assertThat(row(r, "A").maxRankShift()).isEqualTo(2);
        assertThat(row(r, "C").maxRankShift()).isZero();
        assertThat(r.sensitivity()).singleElement().satisfies(s -> {
            assertThat(s.spearmanEqualWeights()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(s.spearmanAlternative()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(s.maxRankShift()).isEqualTo(2);
            assertThat(s.unitsRanked()).isEqualTo(3);
        });
    }

    @Test
    void aUnitMissingAComponentIsScoredOnWhatItHasWhenItCoversEnoughWeight() {
        // D has R&D 3 but no share. R&D over A–D: min 1, max 4 → D 66.666667; shares normalised over A–C as before.
        // D covers 0.75 ≥ 0.5 of the weight: score = 66.666667 (weights re-scaled to R&D alone). Ranks: C 75 (1),
        // D (2), B 37.5 (3), A 25 (4).
        List<IndicatorValue> values = new ArrayList<>(ABC);
        values.add(v("rd_intensity", "D", "3"));
        CompositeIndex.Result r = CompositeIndex.compute(SPEC, CATALOG, List.of(city("A", "B", "C", "D")), values);
        assertThat(row(r, "D").score()).isEqualByComparingTo("66.666667");
        assertThat(row(r, "D").weightCovered()).isEqualByComparingTo("0.75");
        assertThat(row(r, "D").components()).isEqualTo(1);
        assertThat(row(r, "D").rank()).isEqualTo(2);
        assertThat(row(r, "A").rank()).isEqualTo(4);

        List<IndicatorValue> thin = new ArrayList<>(ABC);
        thin.add(v("hightech_share", "E", "45"));
        CompositeIndex.Result t = CompositeIndex.compute(SPEC, CATALOG, List.of(city("A", "B", "C", "E")), thin);
        // E has only the share (45, inside 30…50, so the others' figures stay): it covers 0.25 < 0.5 → no score.
        assertThat(row(t, "E").score()).isNull();
        assertThat(row(t, "E").rank()).isNull();
        assertThat(row(t, "A").unitsRanked()).isEqualTo(3);
    }

    @Test
    void lowerIsBetterComponentsAreReversed() {
        // min-max of 10, 20, 30 with lower better: 100, 50, 0; z-scores of the same: 1.224745, 0, −1.224745.
        var m = CompositeIndex.normalise(java.util.Map.of("a", 10.0, "b", 20.0, "c", 30.0),
                CompositeSpec.Normalisation.MIN_MAX, true);
        assertThat(m.get("a")).isEqualTo(100.0);
        assertThat(m.get("b")).isEqualTo(50.0);
        var z = CompositeIndex.normalise(java.util.Map.of("a", 10.0, "b", 20.0, "c", 30.0),
                CompositeSpec.Normalisation.Z_SCORE, true);
        assertThat(z.get("a")).isCloseTo(1.224745, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theDefaultDeclarationLoadsAndAMalformedOneNamesFileEntryAndReason() {
        assertThat(CompositeSpec.loadDefault(CATALOG).indicators()).hasSize(4);
        assertThatThrownBy(() -> spec("""
                id: t
                name_zh: x
                name_en: x
                normalisation: min_max
                alternative: z_score
                missing: reweight
                min_weight: 0.5
                indicators:
                  - {id: rd_intensity, weight: 1}
                  - {id: no_such_indicator, weight: 1}
                """)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("c.yaml: indicator 'no_such_indicator': is not declared");
        assertThatThrownBy(() -> spec("""
                id: t
                name_zh: x
                name_en: x
                normalisation: min_max
                alternative: min_max
                missing: reweight
                min_weight: 0.5
                indicators: [{id: rd_intensity, weight: 1}, {id: hightech_share, weight: 1}]
                """)).hasMessageContaining("c.yaml: normalisation: needs normalisation and a different alternative");
    }
}
