package io.zhibiao.indicators.disclosure;

import static io.zhibiao.indicators.disclosure.SuppressionReason.DOM;
import static io.zhibiao.indicators.disclosure.SuppressionReason.FREQ;
import static io.zhibiao.indicators.disclosure.SuppressionReason.PRULE;
import static io.zhibiao.indicators.disclosure.SuppressionReason.SEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rules: fewer than 3 contributors unsafe, (1, 85 %) dominance, protection 20 % of the cell. Every number is worked out
 * in the comments. The attacks run on {@link PublishedCell}s only — what a reader of the published table has.
 */
class DisclosureControlTest {

    static final DisclosureRules RULES = new DisclosureRules(Set.of("survey", "tax"), 3, 1, bd(85), null, bd(20));
    static final DisclosureControl SDC = new DisclosureControl(RULES);
    static final String M = "num-test";
    static final int Y = 2024;
    static final String CITY = "410300";

    static BigDecimal bd(double x) {
        return BigDecimal.valueOf(x);
    }

    /** A unit with n contributors, the largest x1 and second x2. */
    static Cell unit(String code, double value, long n, double x1, double x2) {
        return Cell.unit(M, Y, code, bd(value), n, bd(x1), bd(x2));
    }

    /** A safe unit: 10 contributors, the largest a tenth of the value, the second a twentieth. */
    static Cell safe(String code, double value) {
        return unit(code, value, 10, value / 10, value / 20);
    }

    static List<Cell> table(Cell... units) {
        List<Cell> cells = new ArrayList<>(List.of(units));
        cells.add(Cell.cityOf(CITY, List.of(units)));
        return cells;
    }

    static Map<String, SuppressionReason> reasons(DisclosurePattern p) {
        Map<String, SuppressionReason> m = new HashMap<>();
        p.decisions().forEach(d -> m.put(d.regionCode(), d.reason()));
        return m;
    }

    // ------------------------------------------------------------------ primary rules

    @Test
    void frequencyRuleSuppressesTwoContributorsAndPublishesThree() {
        // 2 < 3: unsafe, whatever the shares
        assertThat(SDC.primaryReason(unit("A", 100, 2, 50, 50))).contains(FREQ);
        // 3 contributors, largest 40 % ≤ 85 %: safe
        assertThat(SDC.primaryReason(unit("A", 100, 3, 40, 30))).isEmpty();
        assertThat(SDC.primaryReason(unit("A", 100, 1, 100, 0))).contains(FREQ);
    }

    @Test
    void dominanceSuppressesALargestContributorAbove85Percent() {
        // 86 / 100 = 86 % > 85 %: unsafe; 84 % and exactly 85 % are not above k
        assertThat(SDC.primaryReason(unit("A", 100, 5, 86, 5))).contains(DOM);
        assertThat(SDC.primaryReason(unit("A", 100, 5, 84, 5))).isEmpty();
        assertThat(SDC.primaryReason(unit("A", 100, 5, 85, 5))).isEmpty();
        // (2, 85): the two largest 50 + 36 = 86 % > 85 %
        DisclosureControl twoLargest = new DisclosureControl(new DisclosureRules(Set.of("tax"), 3, 2, bd(85), null, bd(20)));
        assertThat(twoLargest.primaryReason(unit("A", 100, 5, 50, 36))).contains(DOM);
        assertThat(twoLargest.primaryReason(unit("A", 100, 5, 50, 34))).isEmpty();
    }

    @Test
    void pPercentRuleWhenDeclared() {
        DisclosureControl p10 = new DisclosureControl(new DisclosureRules(Set.of("tax"), 3, 1, bd(85), bd(10), bd(20)));
        // X = 100, x1 = 50, x2 = 46: the rest 4 < 10 % · 50 = 5, so the second largest would estimate x1 within 4/50 = 8 %
        assertThat(p10.primaryReason(unit("A", 100, 4, 50, 46))).contains(PRULE);
        // x2 = 45: the rest 5 is not below 5
        assertThat(p10.primaryReason(unit("A", 100, 4, 50, 45))).isEmpty();
        // without p_percent the (1, 85) rule passes the same cell
        assertThat(SDC.primaryReason(unit("A", 100, 4, 50, 46))).isEmpty();
        // protection level of the p % rule: 5 − 4 = 1, below 20 % · 100 = 20, so 20 is required
        assertThat(p10.protectionRequired(unit("A", 100, 4, 50, 46))).isEqualByComparingTo("20");
    }

    @Test
    void protectionIsTheLargerOfThePercentageAndTheDominanceLevel() {
        // FREQ cell 120: 20 % · 120 = 24
        assertThat(SDC.protectionRequired(unit("A", 120, 2, 70, 50))).isEqualByComparingTo("24");
        // DOM cell 100 with x1 = 99: 100/85 · 99 − 100 = 16.47…, below 20
        assertThat(SDC.protectionRequired(unit("A", 100, 3, 99, 1))).isEqualByComparingTo("20");
        // with k = 60 the dominance level wins: 100/60 · 99 − 100 = 65 > 20
        DisclosureControl k60 = new DisclosureControl(new DisclosureRules(Set.of("tax"), 3, 1, bd(60), null, bd(20)));
        assertThat(k60.protectionRequired(unit("A", 100, 3, 99, 1))).isEqualByComparingTo("65");
    }

    @Test
    void structuralZeroIsPublishedAndNeverUsedAsAComplement() {
        // A has no contributor: value 0 discloses nobody. B (2 contributors) is FREQ and needs 20 % · 100 = 20 of
        // cover; A (0) cannot give it, C (200) can.
        DisclosurePattern p = SDC.apply(table(unit("A", 0, 0, 0, 0), unit("B", 100, 2, 60, 40), safe("C", 200)));
        assertThat(reasons(p)).containsEntry("A", null).containsEntry("B", FREQ).containsEntry("C", SEC)
                .containsEntry(CITY, null);
        assertThat(p.publishedCells().stream().filter(c -> c.regionCode().equals("A")).findFirst().orElseThrow().value())
                .isEqualByComparingTo("0");
        // the reader: 300 − 0 = B + C, so B ∈ [0, 300]
        assertNothingRecovered(p, table(unit("A", 0, 0, 0, 0), unit("B", 100, 2, 60, 40), safe("C", 200)));
    }

    // ------------------------------------------------------------------ the classic attacks

    @Test
    void attackA_countyRecoveredAsCityTotalMinusTheOtherCounties() {
        // city 1000 = A 120 (2 contributors) + B 150 + C 230 + D 500
        List<Cell> cells = table(unit("A", 120, 2, 70, 50), safe("B", 150), safe("C", 230), safe("D", 500));

        // primary suppression alone: the reader computes A = 1000 − 150 − 230 − 500 = 120 exactly
        List<PublishedCell> naive = cells.stream().map(c -> c.regionCode().equals("A")
                ? new PublishedCell(M, Y, "A", false, null, FREQ)
                : new PublishedCell(M, Y, c.regionCode(), c.cityTotal(), c.value(), null)).toList();
        assertThat(Attacker.intervals(naive).get("A")).isEqualTo(new Bounds(bd(120), bd(120)));

        // with secondary suppression: A needs 20 % · 120 = 24 of cover; the least unit ≥ 24 is B (150)
        DisclosurePattern p = SDC.apply(cells);
        assertThat(reasons(p)).containsEntry("A", FREQ).containsEntry("B", SEC).containsEntry("C", null)
                .containsEntry("D", null).containsEntry(CITY, null);
        // the reader: A + B = 1000 − 230 − 500 = 270, so A ∈ [0, 270]: 270 − 120 = 150 ≥ 24 above, 120 ≥ 24 below
        assertThat(Attacker.intervals(p.publishedCells()).get("A")).isEqualTo(new Bounds(bd(0), bd(270)));
        assertNothingRecovered(p, cells);
    }

    @Test
    void attackB_cityTotalWithOneSuppressedCountyAndNoComplementLargeEnough() {
        // a city of two units: A 200 (2 contributors, 100 each), B 10. A needs 20 % · 200 = 40 of cover; B has 10.
        // The city (12 contributors, largest 100 / 210 = 48 %) is safe by itself.
        List<Cell> cells = table(unit("A", 200, 2, 100, 100), safe("B", 10));

        // hiding B as well with the total published: A ∈ [0, 210], only 10 above 200 — too narrow
        List<PublishedCell> onlyUnits = List.of(new PublishedCell(M, Y, "A", false, null, FREQ),
                new PublishedCell(M, Y, "B", false, null, SEC), new PublishedCell(M, Y, CITY, true, bd(210), null));
        assertThat(Attacker.intervals(onlyUnits).get("A")).isEqualTo(new Bounds(bd(0), bd(210)));

        // so the city total goes too; nothing then bounds A from above
        DisclosurePattern p = SDC.apply(cells);
        assertThat(reasons(p)).containsEntry("A", FREQ).containsEntry("B", SEC).containsEntry(CITY, SEC);
        assertThat(Attacker.intervals(p.publishedCells()).get("A")).isEqualTo(new Bounds(bd(0), null));
        assertNothingRecovered(p, cells);
    }

    @Test
    void attackB_cityTotalPublishedWithOneSuppressedCountyIsNeverLeftAlone() {
        // every county suppressed alone would be recovered; for each single FREQ county the pattern adds a complement
        for (String hidden : List.of("A", "B", "C", "D")) {
            List<Cell> cells = new ArrayList<>();
            for (String code : List.of("A", "B", "C", "D")) {
                cells.add(code.equals(hidden) ? unit(code, 300, 2, 200, 100) : safe(code, 300));
            }
            cells.add(Cell.cityOf(CITY, cells));
            DisclosurePattern p = SDC.apply(cells);
            assertThat(p.decisions().stream().filter(Decision::suppressed).count()).as(hidden).isEqualTo(2);
            assertNothingRecovered(p, cells);
        }
    }

    @Test
    void attackC_primaryUnsafeCityTotal() {
        // one firm of 860 in A (A = 900, 5 firms: 860 / 900 = 95.6 % > 85 %); city 1000: 860 / 1000 = 86 % > 85 %
        List<Cell> cells = table(unit("A", 900, 5, 860, 10), safe("B", 50), safe("C", 30), safe("D", 20));
        DisclosurePattern p = SDC.apply(cells);
        // the total needs max(20 % · 1000, 100/85 · 860 − 1000 = 11.8) = 200 below it; the reader sees
        // city − A = 50 + 30 + 20 = 100, so city ∈ [100, ∞): 1000 − 100 = 900 ≥ 200, no complement needed
        assertThat(reasons(p)).containsEntry("A", DOM).containsEntry(CITY, DOM).containsEntry("B", null)
                .containsEntry("C", null).containsEntry("D", null);
        assertThat(Attacker.intervals(p.publishedCells()).get(CITY)).isEqualTo(new Bounds(bd(100), null));
        assertNothingRecovered(p, cells);
    }

    @Test
    void attackC_primaryUnsafeCityTotalWithEverySafeUnitNeedsAUnitSuppressed() {
        // a group with establishments in several counties: 900 of the city's 1000 (90 % > 85 %) though no county is
        // dominated; the city's contributors are declared, not derived from the units
        List<Cell> units = List.of(safe("A", 400), safe("B", 350), safe("C", 250));
        List<Cell> cells = new ArrayList<>(units);
        cells.add(Cell.city(M, Y, CITY, bd(1000), 30, bd(900), bd(20)));
        DisclosurePattern p = SDC.apply(cells);
        // hiding only the total, the reader adds 400 + 350 + 250 = 1000. It needs max(200, 100/85 · 900 − 1000 = 58.8)
        // = 200 below it: the least unit ≥ 200 is C (250), leaving city ∈ [750, ∞)
        assertThat(reasons(p)).containsEntry(CITY, DOM).containsEntry("C", SEC).containsEntry("A", null)
                .containsEntry("B", null);
        assertThat(Attacker.intervals(p.publishedCells()).get(CITY)).isEqualTo(new Bounds(bd(750), null));
        assertNothingRecovered(p, cells);
    }

    @Test
    void attackC_cityOfTwoFirmsHidesTheTotalAndBothCounties() {
        // two firms in the whole city, in A and B; C and D have none (structural zeros, published)
        List<Cell> cells = table(unit("A", 700, 1, 700, 0), unit("B", 300, 1, 300, 0), unit("C", 0, 0, 0, 0),
                unit("D", 0, 0, 0, 0));
        DisclosurePattern p = SDC.apply(cells);
        assertThat(reasons(p)).containsEntry("A", FREQ).containsEntry("B", FREQ).containsEntry(CITY, FREQ)
                .containsEntry("C", null).containsEntry("D", null);
        assertNothingRecovered(p, cells);
    }

    @Test
    void attackD_twoPrimariesInOneTableCoverEachOther() {
        // city 1000 = A 100 (FREQ) + B 130 (DOM: 120 / 130 = 92 %) + C 270 + D 500
        // A needs 20; B needs max(26, 100/85 · 120 − 130 = 11.2) = 26. Hidden together, A + B = 230 is known:
        // A ∈ [0, 230] has 130 ≥ 20 above it, B ∈ [0, 230] has 100 ≥ 26 above it — no complement
        List<Cell> cells = table(unit("A", 100, 2, 60, 40), unit("B", 130, 4, 120, 5), safe("C", 270), safe("D", 500));
        DisclosurePattern p = SDC.apply(cells);
        assertThat(reasons(p)).containsEntry("A", FREQ).containsEntry("B", DOM).containsEntry("C", null)
                .containsEntry("D", null).containsEntry(CITY, null);
        assertThat(Attacker.intervals(p.publishedCells())).containsEntry("A", new Bounds(bd(0), bd(230)))
                .containsEntry("B", new Bounds(bd(0), bd(230)));
        assertNothingRecovered(p, cells);
    }

    @Test
    void attackD_twoPrimariesTooSmallForEachOtherGetAComplement() {
        // city 1000 = A 100 (FREQ, needs 20) + B 10 (FREQ, needs 2) + C 390 + D 500. B covers only 10 of A's 20:
        // the least unit ≥ 20 − 10 = 10 is C (390). A ∈ [0, 500], B ∈ [0, 500]
        List<Cell> cells = table(unit("A", 100, 2, 60, 40), unit("B", 10, 2, 6, 4), safe("C", 390), safe("D", 500));
        DisclosurePattern p = SDC.apply(cells);
        assertThat(reasons(p)).containsEntry("A", FREQ).containsEntry("B", FREQ).containsEntry("C", SEC)
                .containsEntry("D", null).containsEntry(CITY, null);
        assertThat(Attacker.intervals(p.publishedCells()).get("A")).isEqualTo(new Bounds(bd(0), bd(500)));
        assertNothingRecovered(p, cells);
    }

    @Test
    void aPrimaryZeroWithContributorsIsNotRecoverableEither() {
        // two firms reporting 0: FREQ; its requirement is 0, but a lone hidden cell would still be read as 0
        List<Cell> cells = table(unit("A", 0, 2, 0, 0), safe("B", 40), safe("C", 60));
        DisclosurePattern p = SDC.apply(cells);
        assertThat(reasons(p)).containsEntry("A", FREQ).containsEntry("B", SEC);
        assertThat(Attacker.intervals(p.publishedCells()).get("A")).isEqualTo(new Bounds(bd(0), bd(40)));
        assertNothingRecovered(p, cells);
    }

    @Test
    void randomTablesRecoverNothing() {
        // 2,000 tables of 1–8 units from 0–6 firms each, with now and then a firm of 50× the usual size
        java.util.Random random = new java.util.Random(20261123);
        int suppressedTables = 0;
        for (int t = 0; t < 2000; t++) {
            List<Cell> units = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int u = 0; u < n; u++) {
                int firms = random.nextInt(7);
                List<Long> contributions = new ArrayList<>();
                for (int f = 0; f < firms; f++) {
                    contributions.add((long) random.nextInt(1000) * (random.nextInt(10) == 0 ? 50 : 1));
                }
                contributions.sort(java.util.Comparator.reverseOrder());
                long value = contributions.stream().mapToLong(Long::longValue).sum();
                units.add(unit("U" + u, value, firms, firms > 0 ? contributions.get(0) : 0, firms > 1 ? contributions.get(1) : 0));
            }
            List<Cell> cells = new ArrayList<>(units);
            cells.add(Cell.cityOf(CITY, units));
            DisclosurePattern p = SDC.apply(cells);
            if (p.decisions().stream().anyMatch(Decision::suppressed)) {
                suppressedTables++;
            }
            assertNothingRecovered(p, cells);
        }
        assertThat(suppressedTables).isGreaterThan(500);
    }

    // ------------------------------------------------------------------ shared numerators, the API's edges

    @Test
    void indicatorsSharingANumeratorShareOnePattern() {
        IndicatorCatalog catalog = IndicatorCatalog.loadDefault(sql -> null);
        var expenditure = catalog.find("rd_expenditure").orElseThrow();
        var intensity = catalog.find("rd_intensity").orElseThrow();
        String key = DisclosureControl.measureKey(expenditure);
        // the same survey numerator (R&D expenditure) under a value and a ratio over public GDP
        assertThat(DisclosureControl.measureKey(intensity)).isEqualTo(key);
        assertThat(DisclosureControl.measureKey(catalog.find("hightech_share").orElseThrow()))
                .isEqualTo(DisclosureControl.measureKey(catalog.find("hightech_value_added").orElseThrow()))
                .isNotEqualTo(key);

        List<Cell> cells = new ArrayList<>(List.of(Cell.unit(key, Y, "A", bd(120), 2, bd(70), bd(50)),
                Cell.unit(key, Y, "B", bd(150), 9, bd(20), bd(10)), Cell.unit(key, Y, "C", bd(730), 9, bd(90), bd(80))));
        cells.add(Cell.cityOf(CITY, cells));
        DisclosurePattern p = SDC.apply(cells);
        // the publisher looks each indicator's cell up by its numerator's key: both see the same decisions
        for (String region : List.of("A", "B", "C", CITY)) {
            Decision viaExpenditure = p.decision(DisclosureControl.measureKey(expenditure), Y, region).orElseThrow();
            Decision viaIntensity = p.decision(DisclosureControl.measureKey(intensity), Y, region).orElseThrow();
            assertThat(viaIntensity).isEqualTo(viaExpenditure);
        }
        assertThat(p.decision(key, Y, "A").orElseThrow().reason()).isEqualTo(FREQ);
        assertThat(p.decision(key, Y, "B").orElseThrow().reason()).isEqualTo(SEC);
        assertThat(p.decision(key, Y, "A").orElseThrow().flag()).isEqualTo("x");
        assertThat(p.decision(key, Y, "C").orElseThrow().flag()).isNull();
        assertThat(p.decision("num-other", Y, "A")).isEmpty();
    }

    @Test
    void publishedCellsCarryNoValueWhenSuppressed() {
        DisclosurePattern p = SDC.apply(table(unit("A", 120, 2, 70, 50), safe("B", 150), safe("C", 730)));
        assertThat(p.publishedCells()).filteredOn(PublishedCell::suppressed).isNotEmpty()
                .allSatisfy(c -> assertThat(c.value()).isNull()).allSatisfy(c -> assertThat(c.flag()).isEqualTo("x"));
        assertThat(p.publishedCells()).filteredOn(c -> !c.suppressed()).allSatisfy(c -> assertThat(c.value()).isNotNull());
        assertThatThrownBy(() -> new PublishedCell(M, Y, "A", false, bd(1), FREQ))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a suppressed cell a reason and no value");
    }

    @Test
    void aTableWhoseTotalIsNotTheSumOfItsUnitsIsRefused() {
        List<Cell> cells = List.of(safe("A", 100), safe("B", 200), Cell.city(M, Y, CITY, bd(301), 20, bd(20), bd(10)));
        assertThatThrownBy(() -> SDC.apply(cells)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table num-test 2024: city total 410300 is 301.0 but its units add up to 300.0; secondary "
                        + "suppression needs total = Σ units exactly");
        assertThatThrownBy(() -> SDC.apply(List.of(safe("A", 100)))).hasMessage("table num-test 2024 needs exactly one city total, has 0");
        assertThatThrownBy(() -> unit("A", 100, 0, 0, 0)).hasMessage("num-test A 2024: has a value without contributors");
    }

    // ------------------------------------------------------------------ the attacker

    /** [lo, hi]; hi null when nothing bounds the cell from above. */
    record Bounds(BigDecimal lo, BigDecimal hi) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bounds b && lo.compareTo(b.lo) == 0
                    && (hi == null ? b.hi == null : b.hi != null && hi.compareTo(b.hi) == 0);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /**
     * A reader with the published cells of one table, knowing only that the city total is the sum of the units and
     * that no value is negative. Bounds are tightened from the relation until nothing moves (for one relation that is
     * the exact range). Written independently of the production interval code.
     */
    static final class Attacker {
        static Map<String, Bounds> intervals(List<PublishedCell> cells) {
            Map<String, BigDecimal> lo = new HashMap<>();
            Map<String, BigDecimal> hi = new HashMap<>(); // absent: unbounded
            String total = null;
            List<String> units = new ArrayList<>();
            for (PublishedCell c : cells) {
                lo.put(c.regionCode(), c.suppressed() ? BigDecimal.ZERO : c.value());
                if (!c.suppressed()) {
                    hi.put(c.regionCode(), c.value());
                }
                if (c.cityTotal()) {
                    total = c.regionCode();
                } else {
                    units.add(c.regionCode());
                }
            }
            for (int round = 0; round < 100; round++) {
                boolean moved = false;
                // total ≥ Σ lo(units), total ≤ Σ hi(units)
                moved |= raiseLo(lo, total, sum(units, lo, null));
                moved |= lowerHi(hi, total, sum(units, hi, null));
                for (String u : units) {
                    // u = total − Σ others: u ≥ lo(total) − Σ hi(others), u ≤ hi(total) − Σ lo(others)
                    BigDecimal othersHi = sum(units, hi, u);
                    if (othersHi != null) {
                        moved |= raiseLo(lo, u, lo.get(total).subtract(othersHi));
                    }
                    if (hi.get(total) != null) {
                        moved |= lowerHi(hi, u, hi.get(total).subtract(sum(units, lo, u)));
                    }
                }
                if (!moved) {
                    break;
                }
            }
            Map<String, Bounds> out = new HashMap<>();
            for (PublishedCell c : cells) {
                if (c.suppressed()) {
                    out.put(c.regionCode(), new Bounds(lo.get(c.regionCode()), hi.get(c.regionCode())));
                }
            }
            return out;
        }

        /** Σ over units except {@code skip}; null when one of them is unbounded. */
        private static BigDecimal sum(List<String> units, Map<String, BigDecimal> bound, String skip) {
            BigDecimal s = BigDecimal.ZERO;
            for (String u : units) {
                if (u.equals(skip)) {
                    continue;
                }
                if (bound.get(u) == null) {
                    return null;
                }
                s = s.add(bound.get(u));
            }
            return s;
        }

        private static boolean raiseLo(Map<String, BigDecimal> lo, String cell, BigDecimal candidate) {
            if (candidate != null && candidate.compareTo(lo.get(cell)) > 0) {
                lo.put(cell, candidate);
                return true;
            }
            return false;
        }

        private static boolean lowerHi(Map<String, BigDecimal> hi, String cell, BigDecimal candidate) {
            if (candidate != null && (hi.get(cell) == null || candidate.compareTo(hi.get(cell)) < 0)) {
                hi.put(cell, candidate);
                return true;
            }
            return false;
        }
    }

    /**
     * The attacker on the published table: every suppressed cell keeps an interval of positive width, every primary
     * cell one reaching its protection requirement above and below its true value, and no relation holds exactly one
     * hidden cell.
     */
    static void assertNothingRecovered(DisclosurePattern p, List<Cell> truth) {
        Map<String, Cell> byRegion = truth.stream().collect(Collectors.toMap(Cell::regionCode, Function.identity()));
        Map<String, Bounds> intervals = Attacker.intervals(p.publishedCells());
        assertThat(p.publishedCells().stream().filter(PublishedCell::suppressed).count()).as("hidden cells in the relation")
                .isNotEqualTo(1);
        for (PublishedCell c : p.publishedCells()) {
            if (!c.suppressed()) {
                continue;
            }
            Bounds b = intervals.get(c.regionCode());
            Cell t = byRegion.get(c.regionCode());
            assertThat(b.hi() == null || b.hi().compareTo(b.lo()) > 0).as("%s recovered exactly: %s", c.regionCode(), b).isTrue();
            if (c.reason().isPrimary()) {
                BigDecimal r = SDC.protectionRequired(t);
                assertThat(b.lo()).as("%s lower protection", c.regionCode()).isLessThanOrEqualTo(t.value().subtract(r));
                if (b.hi() != null) {
                    assertThat(b.hi()).as("%s upper protection", c.regionCode()).isGreaterThanOrEqualTo(t.value().add(r));
                }
            }
        }
    }
}
