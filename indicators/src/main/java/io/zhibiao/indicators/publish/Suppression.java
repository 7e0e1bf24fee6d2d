package io.zhibiao.indicators.publish;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.indicators.compute.MeasureRow;
import io.zhibiao.indicators.disclosure.Cell;
import io.zhibiao.indicators.disclosure.Decision;
import io.zhibiao.indicators.disclosure.DisclosureControl;
import io.zhibiao.indicators.disclosure.DisclosurePattern;
import io.zhibiao.indicators.disclosure.SuppressionReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Disclosure control of one release: builds the cells of every controlled numerator (per city, unit and year, with
 * contributor counts and the two largest contributions the measure query returned), lets {@link DisclosureControl}
 * decide, and answers for every indicator sharing such a numerator whether a cell is withheld and why.
 * Everything published downstream (values, comparisons, the composite index, target gaps) is computed from
 * {@link #publishable}, so no suppressed value leaks through a derived figure.
 */
public final class Suppression {

    private final Map<String, String> keyOf;
    private final Map<String, String> cityOf;
    private final DisclosurePattern pattern;

    private Suppression(Map<String, String> keyOf, Map<String, String> cityOf, DisclosurePattern pattern) {
        this.keyOf = keyOf;
        this.cityOf = cityOf;
        this.pattern = pattern;
    }

    /** Nothing is controlled (for callers without micro-data). */
    public static Suppression none() {
        return new Suppression(Map.of(), Map.of(), null);
    }

    /** Each city's cells form their own tables (city = Σ its units): the measure key is qualified by the city. */
    private static String tableKey(String measureKey, String cityCode) {
        return measureKey + "@" + cityCode;
    }

    /**
     * @param measures the measure rows by query text (IndicatorEngine.Result#measures); a controlled numerator must
     *                 return largest and second_largest
     */
    public static Suppression decide(IndicatorCatalog catalog, List<CityRegions> cities, List<IndicatorValue> values,
                                     Map<String, List<MeasureRow>> measures) {
        Map<String, List<Indicator>> byKey = new LinkedHashMap<>();
        for (Indicator i : catalog.all()) {
            if (i.hasSource()) {
                byKey.computeIfAbsent(DisclosureControl.measureKey(i), k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, String> keyOf = new HashMap<>();
        Map<String, String> cityOf = new HashMap<>();
        for (CityRegions city : cities) {
            cityOf.put(city.city().code(), city.city().code());
            city.units().forEach(u -> cityOf.put(u.code(), city.city().code()));
        }
        List<Cell> cells = new ArrayList<>();
        for (var e : byKey.entrySet()) {
            if (!catalog.disclosure().controlsAny(e.getValue())) {
                continue;
            }
            Indicator first = e.getValue().get(0);
            e.getValue().forEach(i -> keyOf.put(i.id(), e.getKey()));
            List<MeasureRow> rows = measures.getOrDefault(first.numerator().sql(), List.of());
            for (CityRegions city : cities) {
                TreeSet<Integer> years = new TreeSet<>();
                java.util.Set<String> ids = new java.util.HashSet<>();
                e.getValue().forEach(i -> ids.add(i.id()));
                values.stream().filter(v -> ids.contains(v.indicatorId()) && v.regionCode().equals(city.city().code()))
                        .forEach(v -> years.add(v.year()));
                for (int y : years) {
                    List<Cell> units = new ArrayList<>();
                    for (CityRegions.Region u : city.units()) {
                        units.add(unitCell(tableKey(e.getKey(), city.city().code()), first, y, u.code(), rows));
                    }
                    cells.addAll(units);
                    cells.add(Cell.cityOf(city.city().code(), units));
                }
            }
        }
        return new Suppression(keyOf, cityOf,
                cells.isEmpty() ? null : new DisclosureControl(catalog.disclosure()).apply(cells));
    }

    private static Cell unitCell(String key, Indicator ind, int year, String region, List<MeasureRow> rows) {
        List<Cell> parts = new ArrayList<>();
        for (MeasureRow r : rows) {
            if (r.year() != year || !r.regionCode().equals(region)) {
                continue;
            }
            if (r.largest() == null) {
                throw io.zhibiao.lake.ZhibiaoErrors.disclosureNeedsTopContributions(ind.id(),
                        String.valueOf(ind.confidentiality()));
            }
            parts.add(Cell.unit(key, year, region, r.value(), r.units(), r.largest(), r.secondLargest()));
        }
        // A unit without rows is a structural zero.
        return parts.isEmpty() ? Cell.unit(key, year, region, BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO)
                : Cell.unitOf(region, parts);
    }

    /** Why a published cell of the indicator is withheld, or empty when it is published. */
    public Optional<SuppressionReason> reason(String indicatorId, String regionCode, int year) {
        String key = keyOf.get(indicatorId);
        String city = cityOf.get(regionCode);
        if (key == null || city == null || pattern == null) {
            return Optional.empty();
        }
        return pattern.decision(tableKey(key, city), year, regionCode).flatMap(Decision::reasonIfSuppressed);
    }

    /** The values with every withheld cell's value and numerator removed (and its contributor count zeroed). */
    public List<IndicatorValue> publishable(List<IndicatorValue> values) {
        if (keyOf.isEmpty()) {
            return values;
        }
        List<IndicatorValue> out = new ArrayList<>(values.size());
        for (IndicatorValue v : values) {
            out.add(reason(v.indicatorId(), v.regionCode(), v.year()).isPresent()
                    ? new IndicatorValue(v.indicatorId(), v.regionCode(), v.year(), null, null, v.denominator(), 0) : v);
        }
        return out;
    }

    /** How many cells are withheld, by reason, over all controlled numerators. */
    public Map<SuppressionReason, Long> counts() {
        Map<SuppressionReason, Long> out = new java.util.EnumMap<>(SuppressionReason.class);
        if (pattern != null) {
            for (Decision d : pattern.decisions()) {
                d.reasonIfSuppressed().ifPresent(r -> out.merge(r, 1L, Long::sum));
            }
        }
        return out;
    }
}
