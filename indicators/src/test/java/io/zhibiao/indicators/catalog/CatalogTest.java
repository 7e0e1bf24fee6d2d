package io.zhibiao.indicators.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.indicators.disclosure.DisclosureRules;
import io.zhibiao.transforms.source.CatalogException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogTest {

    static final IndicatorCatalog INDICATORS = IndicatorCatalog.loadDefault(sql -> null);

    @Test
    void everyIndicatorOfTheSeedTableIsDeclared() {
        for (String id : List.of("fiscal_st", "rd_intensity", "hightech_share", "contract_turnover",
                "high_value_patents_per_10k", "hte_count", "tech_sme_count", "innovation_platforms", "new_rd_institutions",
                "industry_institutes", "pilot_bases", "tech_communities", "incubators", "listed_tech_companies",
                "valid_invention_patents", "invention_patents_per_10k", "innovative_sme_cumulative")) {
            assertThat(INDICATORS.find(id)).as(id).isPresent();
        }
        assertThat(INDICATORS.find("rd_intensity").orElseThrow().isRatio()).isTrue();
        assertThat(INDICATORS.find("listed_tech_companies").orElseThrow().hasSource()).isFalse();
        assertThat(INDICATORS.statusBands()).isEqualTo(new StatusBands(0.95, 0.60));
    }

    @Test
    void progressMethodIsDeclaredWithEurostatBandsAndCitedSources() {
        ProgressMethod m = INDICATORS.progressMethod();
        assertThat(m.id()).isEqualTo("eurostat_growth_ratio+escap_anticipated_progress");
        assertThat(m.eurostat().significant()).isEqualTo(0.95);
        assertThat(m.eurostat().moderate()).isEqualTo(0.60);
        assertThat(m.eurostat().insufficient()).isEqualTo(0.0);
        assertThat(m.eurostat().zeroBase()).isEqualTo(ProgressMethod.ZeroBase.LINEAR_SHARE);
        assertThat(m.eurostat().sources()).anyMatch(s -> s.contains("Eurostat")).anyMatch(s -> s.contains("sdg-build"));
        assertThat(m.escap().projection()).isEqualTo(ProgressMethod.Projection.WEIGHTED_LINEAR);
        assertThat(m.escap().window()).isEqualTo(ProgressMethod.Window.ALL_AVAILABLE);
        assertThat(m.escap().sources()).anyMatch(s -> s.contains("ESCAP"));
    }

    @Test
    void escapWindowDefaultsToEveryAvailableYearAndRefusesOtherValues() {
        // PROGRESS declares no window: ESCAP's own, every available year.
        assertThat(parse(HEAD + ONE).progressMethod().escap().window()).isEqualTo(ProgressMethod.Window.ALL_AVAILABLE);
        assertThat(parse(HEAD.replace("projection: weighted_linear,", "projection: weighted_linear, window: since_base,") + ONE)
                .progressMethod().escap().window()).isEqualTo(ProgressMethod.Window.SINCE_BASE);
        assertThatThrownBy(() -> parse(HEAD.replace("projection: weighted_linear,",
                "projection: weighted_linear, window: last_five,") + ONE))
                .isInstanceOf(CatalogException.class).hasMessageStartingWith("test.yaml: is not a valid indicator catalog")
                .hasMessageContaining("last_five");
    }

    @Test
    void rangeTargetsDeclareTheSideTheyAreApproachedFrom() {
        TargetCatalog plans = TargetCatalog.loadDefault(INDICATORS);
        assertThat(plans.all()).allMatch(t -> t.approach() == Target.Approach.FROM_BELOW);
        String yaml = """
                plans:
                  - {id: P, seed: "002", region: "410300", start: 2021, end: 2025, name: 规划}
                targets:
                  - {id: T1, plan: P, indicator: pilot_bases, region: "410300", kind: level, comparator: range,
                     approach: from_above, strength: 预期, base: {year: 2020}, milestones: [{year: 2025, min: 5, max: 8}], text: t}
                """;
        assertThat(TargetCatalog.parse("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), INDICATORS)
                .all().get(0).approach()).isEqualTo(Target.Approach.FROM_ABOVE);
        String notARange = yaml.replace("comparator: range", "comparator: \">=\"").replace("min: 5, max: 8", "value: 5");
        assertThatThrownBy(() -> TargetCatalog.parse("t.yaml",
                new ByteArrayInputStream(notARange.getBytes(StandardCharsets.UTF_8)), INDICATORS))
                .isInstanceOf(CatalogException.class).hasMessage("t.yaml: target T1: approach (from_below or from_above: the "
                        + "side the range is reached from) goes with comparator: range");
        String sideways = yaml.replace("from_above", "sideways");
        assertThatThrownBy(() -> TargetCatalog.parse("t.yaml",
                new ByteArrayInputStream(sideways.getBytes(StandardCharsets.UTF_8)), INDICATORS))
                .isInstanceOf(CatalogException.class).hasMessageStartingWith("t.yaml: is not a valid target catalog")
                .hasMessageContaining("sideways");
    }

    @Test
    void malformedProgressMethodFailsWithFileEntryAndReason() {
        String indicator = "  - {id: x, name_zh: 甲, name_en: x, unit: 家, unit_en: u, decimals: 0, direction: up, "
                + "additive: true, levels: [city], confidentiality: public, source: s, definition: d}\n";
        assertThatThrownBy(() -> parse(BANDS + DISCLOSURE + "indicators:\n" + indicator))
                .isInstanceOf(CatalogException.class).hasMessageStartingWith("test.yaml: progress_method: is missing");
        assertThatThrownBy(() -> parse(HEAD.replace("moderate: 0.6", "moderate: 0.99") + indicator))
                .hasMessage("test.yaml: progress_method.eurostat: bands must be significant > moderate > insufficient "
                        + "(Eurostat: 0.95, 0.60, 0), got 0.95, 0.99, 0.0");
        assertThatThrownBy(() -> parse(HEAD.replace("sources: [s]}\ndisclosure", "sources: []}\ndisclosure") + indicator))
                .hasMessage("test.yaml: progress_method.escap: needs sources (the documents cited)");
        assertThatThrownBy(() -> parse(HEAD.replace("zero_base: linear_share", "zero_base: guess") + indicator))
                .isInstanceOf(CatalogException.class).hasMessageStartingWith("test.yaml: is not a valid indicator catalog")
                .hasMessageContaining("guess");
        assertThat(parse(HEAD + indicator).progressMethod().escap().onTrack()).isEqualTo(1.0);
    }

    @Test
    void everyTargetLoadsAndNamesAKnownIndicator() {
        TargetCatalog targets = TargetCatalog.loadDefault(INDICATORS);
        // 12 of the 十四五 table, 35 goals in seed 002's text, 3 of seeds 000/001, 18 of Xinxiang's seed 004.
        assertThat(targets.all()).hasSize(68);
        assertThat(targets.all().stream().filter(t -> t.plan().equals("LY-14")).count()).isEqualTo(47);
        assertThat(targets.all().stream().filter(t -> t.plan().equals("XX-2021")).count()).isEqualTo(18);
        Target rd = targets.all().stream().filter(t -> t.id().equals("LY14-T02")).findFirst().orElseThrow();
        assertThat(rd.comparator()).isEqualTo(Target.Comparator.APPROX);
        assertThat(rd.tolerance()).isEqualByComparingTo("0.1");
        assertThat(rd.base().value()).isEqualByComparingTo("2.82");
    }

    private static IndicatorCatalog parse(String yaml) {
        return IndicatorCatalog.parse("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                sql -> sql.contains("SELEKT") ? "syntax error at 'SELEKT'" : null);
    }

    private static final String BANDS = "status_bands: {on_track: 0.95, needs_acceleration: 0.6}\n";
    private static final String DISCLOSURE = "disclosure: {classes: [survey, tax], min_contributors: 3, "
            + "dominance: {n: 1, k: 85}, protection_percent: 20}\n";
    private static final String ONE = "  - {id: x, name_zh: 甲, name_en: x, unit: 家, unit_en: u, decimals: 0, direction: up, "
            + "additive: true, levels: [city], confidentiality: public, source: s, definition: d}\n";

    @Test
    void disclosureRulesAreReadFromTheCatalog() {
        DisclosureRules rules = INDICATORS.disclosure();
        assertThat(rules.classes()).containsExactlyInAnyOrder("survey", "tax");
        assertThat(rules.minContributors()).isEqualTo(3);
        assertThat(rules.dominanceN()).isEqualTo(1);
        assertThat(rules.dominanceK()).isEqualByComparingTo("85");
        assertThat(rules.pPercent()).isNull();
        assertThat(rules.protectionPercent()).isEqualByComparingTo("20");
        assertThat(parse(BANDS + PROGRESS + "disclosure: {classes: [tax], min_contributors: 4, dominance: {n: 2, k: 90}, "
                + "p_percent: 10, protection_percent: 15}\nindicators:\n" + ONE).disclosure())
                .isEqualTo(new DisclosureRules(Set.of("tax"), 4, 2, new BigDecimal("90"), new BigDecimal("10"),
                        new BigDecimal("15")));
    }

    @Test
    void confidentialityClassFollowsWhatTheCellIsBuiltFrom() {
        // survey micro-data, one row per enterprise: controlled
        assertThat(INDICATORS.disclosure().controls(INDICATORS.find("rd_expenditure").orElseThrow())).isTrue();
        assertThat(INDICATORS.disclosure().controls(INDICATORS.find("rd_intensity").orElseThrow())).isTrue();
        // county-level published totals (silver.county_stat): not micro-data, not controlled
        assertThat(INDICATORS.find("hightech_share").orElseThrow().confidentiality()).isEqualTo("public");
        assertThat(INDICATORS.find("hightech_value_added").orElseThrow().confidentiality()).isEqualTo("public");
        assertThat(INDICATORS.all().stream().filter(i -> i.hasSource() && INDICATORS.disclosure().controls(i))
                .map(Indicator::id)).containsExactlyInAnyOrder("rd_intensity", "rd_expenditure");
    }

    @Test
    void malformedDisclosureSectionFailsWithFileEntryAndReason() {
        assertThatThrownBy(() -> parse(BANDS + PROGRESS + "indicators:\n" + ONE)).isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("test.yaml: disclosure: is missing: declare the disclosure-control rules");
        assertThatThrownBy(() -> parse(BANDS + PROGRESS + DISCLOSURE.replace("k: 85", "k: 120") + "indicators:\n" + ONE))
                .hasMessage("test.yaml: disclosure.dominance: k must be a percentage above 50 and below 100, not 120");
        assertThatThrownBy(() -> parse(BANDS + PROGRESS + DISCLOSURE.replace("n: 1", "n: 3") + "indicators:\n" + ONE))
                .hasMessage("test.yaml: disclosure.dominance: n must be 1 or 2 (the largest, or the two largest "
                        + "contributors), not 3");
        assertThatThrownBy(() -> parse(BANDS + PROGRESS + DISCLOSURE.replace("[survey, tax]", "[survey, secret]") + "indicators:\n" + ONE))
                .hasMessage("test.yaml: disclosure: classes must be a non-empty list drawn from [public, registry, survey, "
                        + "tax] (the confidentiality classes controlled)");
        assertThatThrownBy(() -> parse(BANDS + PROGRESS + DISCLOSURE.replace("min_contributors: 3, ", "") + "indicators:\n" + ONE))
                .hasMessage("test.yaml: disclosure: min_contributors must be a whole number ≥ 1 (a cell with fewer "
                        + "contributing enterprises is unsafe)");
        assertThatThrownBy(() -> parse(BANDS + PROGRESS + DISCLOSURE.replace("protection_percent: 20", "protection_percent: 0")
                + "indicators:\n" + ONE)).hasMessageStartingWith("test.yaml: disclosure: protection_percent must be above 0");
        assertThatThrownBy(() -> parse(BANDS + PROGRESS + DISCLOSURE.replace("min_contributors: 3", "min_contributers: 3")
                + "indicators:\n" + ONE)).hasMessageStartingWith("test.yaml: is not a valid indicator catalog")
                .hasMessageContaining("min_contributers");
    }

    private static final String EUROSTAT = "  eurostat: {id: e, significant: 0.95, moderate: 0.6, insufficient: 0, "
            + "zero_base: linear_share, sources: [s]}\n";
    private static final String ESCAP = "  escap: {id: a, projection: weighted_linear, on_track: 1, regressing: 0, "
            + "sources: [s]}\n";
    private static final String PROGRESS = "progress_method:\n  id: m\n  name_zh: 方法\n  name_en: method\n" + EUROSTAT + ESCAP;
    private static final String HEAD = BANDS + PROGRESS + DISCLOSURE + "indicators:\n";

    @Test
    void malformedIndicatorFailsWithFileEntryAndReason() {
        assertThatThrownBy(() -> parse(HEAD + "  - {id: x, name_zh: 甲, name_en: x, unit: 家, unit_en: u, decimals: 0, "
                + "direction: sideways, additive: true, levels: [city], confidentiality: public, source: s, definition: d}\n"))
                .isInstanceOf(CatalogException.class).hasMessageStartingWith("test.yaml: is not a valid indicator catalog")
                .hasMessageContaining("sideways");
        assertThatThrownBy(() -> parse(HEAD + "  - {id: x, name_zh: 甲, name_en: x, unit: 家, unit_en: u, decimals: 0, "
                + "direction: up, additive: true, levels: [province], confidentiality: public, source: s, definition: d}\n"))
                .hasMessage("test.yaml: indicator #1 'x': levels must be a non-empty list of [county, city]");
        assertThatThrownBy(() -> parse(HEAD + "  - {id: x, name_zh: 甲, name_en: x, unit: 家, unit_en: u, decimals: 0, "
                + "direction: up, additive: true, levels: [city], confidentiality: public, source: s, definition: d, "
                + "coverage: silver.t, numerator: {sql: 'SELEKT year, region_code, value, units FROM silver.t'}}\n"))
                .hasMessage("test.yaml: indicator #1 'x', numerator: sql does not parse: syntax error at 'SELEKT'");
        assertThatThrownBy(() -> parse(HEAD + "  - {id: x, name_zh: 甲, name_en: x, unit: 家, unit_en: u, decimals: 0, "
                + "direction: up, additive: true, levels: [city], confidentiality: public, source: s, definition: d, "
                + "coverage: silver.t, numerator: {sql: 'SELECT 1 AS year FROM silver.t'}}\n"))
                .hasMessage("test.yaml: indicator #1 'x', numerator: must return the columns year, region_code, value, "
                        + "units (no 'region_code')");
    }

    @Test
    void targetOfAnUnknownIndicatorIsRefused() {
        String yaml = """
                plans:
                  - {id: P, seed: "002", region: "410300", start: 2021, end: 2025, name: 规划}
                targets:
                  - {id: T1, plan: P, indicator: ghost, region: "410300", kind: level, comparator: ">=", strength: 预期,
                     base: {year: 2020}, milestones: [{year: 2025, value: 1}], text: t}
                """;
        assertThatThrownBy(() -> TargetCatalog.parse("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                INDICATORS)).isInstanceOf(CatalogException.class)
                .hasMessage("t.yaml: target T1: indicator 'ghost' is not in zhibiao/indicators.yaml");
    }

    @Test
    void rangeMilestoneNeedsOrderedBounds() {
        String yaml = """
                plans:
                  - {id: P, seed: "002", region: "410300", start: 2021, end: 2025, name: 规划}
                targets:
                  - {id: T1, plan: P, indicator: pilot_bases, region: "410300", kind: level, comparator: range, strength: 预期,
                     base: {year: 2020}, milestones: [{year: 2025, min: 8, max: 5}], text: t}
                """;
        assertThatThrownBy(() -> TargetCatalog.parse("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                INDICATORS)).hasMessage("t.yaml: target T1: a range milestone needs min ≤ max");
    }
}
