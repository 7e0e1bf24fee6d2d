package io.zhibiao.indicators.gap;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.lake.CellKey;
import io.zhibiao.lake.IndicatorRegion;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counties (and functional zones) side by side where no plan allocates county targets: the level and its rank,
 * the rank a year earlier and the change in rank, the change and growth on the year before and its rank, the
 * share of the city total (additive indicators), the distance to and ratio to the city value, compound growth
 * since the base year, and each unit's part of the city's gap to its target path.
 *
 * <p>The city's gap is split so that the parts add up to it: for an additive indicator the city's path value is
 * allocated to units by their share of the city in the base year, and a unit's gap is its allocation minus its
 * value; for a ratio a unit's gap is measured in numerator terms — the path ratio times the unit's denominator
 * minus its numerator — so the parts sum to the path ratio times the city's denominator minus the city's
 * numerator. {@code shareOfCityGap} is the unit's gap over the city's gap (negative where the unit is ahead).
 */
public final class CountyComparison {

    public record Row(String indicatorId, String cityCode, String regionCode, int year, BigDecimal value, Integer rank,
                      BigDecimal previous, BigDecimal change, BigDecimal growth, Integer growthRank,
                      BigDecimal shareOfCity, BigDecimal cityValue, BigDecimal ratioToCity, BigDecimal growthSinceBase,
                      int unitsRanked, Integer previousRank, Integer rankChange, BigDecimal distanceToCity,
                      BigDecimal cityPathValue, BigDecimal gapToPath, BigDecimal shareOfCityGap) {
    }

    private CountyComparison() {
    }

    public static List<Row> compute(IndicatorCatalog catalog, List<CityRegions> cities, List<IndicatorValue> values,
                                    int baseYear) {
        return compute(catalog, cities, values, baseYear, Map.of());
    }

    /**
     * The city's path per indicator and year, for splitting a city's gap among its counties: the path values of each
     * city's level targets (the first declared target of an indicator wins where plans overlap; base years have none).
     */
    public static Map<IndicatorRegion, Map<Integer, BigDecimal>> cityPaths(TargetCatalog targets, List<TargetGap.Row> gaps,
                                                                         List<CityRegions> cities) {
        Map<IndicatorRegion, Map<Integer, BigDecimal>> out = new HashMap<>();
        java.util.Set<String> cityCodes = new java.util.HashSet<>();
        cities.forEach(c -> cityCodes.add(c.city().code()));
        for (var t : targets.all()) {
            if (t.kind() != io.zhibiao.indicators.catalog.Target.Kind.LEVEL || !cityCodes.contains(t.region())) {
                continue;
            }
            Map<Integer, BigDecimal> path = out.computeIfAbsent(IndicatorRegion.of(t.indicator(), t.region()),
                    k -> new HashMap<>());
            for (TargetGap.Row g : gaps) {
                if (g.targetId().equals(t.id()) && g.pathValue() != null && g.status() != TargetGap.Status.BASE_YEAR) {
                    path.putIfAbsent(g.year(), g.pathValue());
                }
            }
        }
        return out;
    }

    /**
     * @param cityPaths the city's target path per indicator and city (→ year → path value), from the target-gap
     *                  rows; units get a gap only where their city has a path value that year
     */
    public static List<Row> compute(IndicatorCatalog catalog, List<CityRegions> cities, List<IndicatorValue> values,
                                             int baseYear, Map<IndicatorRegion, Map<Integer, BigDecimal>> cityPaths) {
        Map<CellKey, IndicatorValue> byKey = new HashMap<>();
        for (IndicatorValue v : values) {
            byKey.put(CellKey.of(v.indicatorId(), v.regionCode(), v.year()), v);
        }
        List<Row> out = new ArrayList<>();
        for (Indicator ind : catalog.all()) {
            if (!ind.hasSource() || !ind.publishedFor("county")) {
                continue;
            }
            for (CityRegions city : cities) {
                List<Integer> years = values.stream().filter(v -> v.indicatorId().equals(ind.id())
                        && v.regionCode().equals(city.city().code())).map(IndicatorValue::year).distinct().sorted().toList();
                Map<Integer, BigDecimal> path = cityPaths.getOrDefault(IndicatorRegion.of(ind.id(), city.city().code()), Map.of());
                Map<String, Integer> lastRanks = Map.of();
                for (int y : years) {
                    List<Row> rows = year(ind, city, y, byKey, baseYear, path.get(y), lastRanks);
                    Map<String, Integer> ranks = new HashMap<>();
                    rows.forEach(r -> {
                        if (r.rank() != null) {
                            ranks.put(r.regionCode(), r.rank());
                        }
                    });
                    lastRanks = ranks;
                    out.addAll(rows);
                }
            }
        }
        return out;
    }

    private static List<Row> year(Indicator ind, CityRegions city, int y, Map<CellKey, IndicatorValue> byKey, int baseYear,
                                  BigDecimal path, Map<String, Integer> lastRanks) {
        IndicatorValue cityNow = byKey.get(CellKey.of(ind.id(), city.city().code(), y));
        BigDecimal cityValue = cityNow == null ? null : cityNow.value();
        IndicatorValue cityBase = byKey.get(CellKey.of(ind.id(), city.city().code(), baseYear));
        BigDecimal cityGap = cityGap(ind, path, cityNow);
        List<Row> rows = new ArrayList<>();
        for (CityRegions.Region u : city.units()) {
            IndicatorValue now = byKey.get(CellKey.of(ind.id(), u.code(), y));
            BigDecimal v = now == null ? null : now.value();
            BigDecimal prev = valueOf(byKey.get(CellKey.of(ind.id(), u.code(), y - 1)));
            BigDecimal change = v != null && prev != null ? v.subtract(prev) : null;
            BigDecimal growth = change != null && prev.signum() > 0
                    ? change.divide(prev, 6, RoundingMode.HALF_UP) : null;
            BigDecimal share = ind.additive() && v != null && cityValue != null && cityValue.signum() != 0
                    ? v.divide(cityValue, 6, RoundingMode.HALF_UP) : null;
            BigDecimal ratio = !ind.additive() && v != null && cityValue != null && cityValue.signum() != 0
                    ? v.divide(cityValue, 6, RoundingMode.HALF_UP) : null;
            BigDecimal distance = v != null && cityValue != null && !ind.additive() ? v.subtract(cityValue) : null;
            BigDecimal base = valueOf(byKey.get(CellKey.of(ind.id(), u.code(), baseYear)));
            BigDecimal sinceBase = y > baseYear && base != null && base.signum() > 0 && v != null && v.signum() >= 0
                    ? BigDecimal.valueOf(Math.pow(v.doubleValue() / base.doubleValue(), 1.0 / (y - baseYear)) - 1)
                            .setScale(6, RoundingMode.HALF_UP) : null;
            BigDecimal[] gap = unitGap(ind, path, now, base, valueOf(cityBase));
            BigDecimal shareOfGap = gap[1] != null && cityGap != null && cityGap.signum() != 0
                    ? gap[1].divide(cityGap, 6, RoundingMode.HALF_UP) : null;
            rows.add(new Row(ind.id(), city.city().code(), u.code(), y, v, null, prev, change, growth, null, share,
                    cityValue, ratio, sinceBase, 0, lastRanks.get(u.code()), null, distance, path, gap[0], shareOfGap));
        }
        boolean up = ind.direction() == Indicator.Direction.UP;
        Map<String, Integer> levelRank = ranks(rows, Row::value, up);
        Map<String, Integer> growthRank = ranks(rows, Row::growth, up);
        long ranked = rows.stream().filter(r -> r.value() != null).count();
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            Integer rank = levelRank.get(r.regionCode());
            Integer moved = rank != null && r.previousRank() != null ? r.previousRank() - rank : null;
            out.add(new Row(r.indicatorId(), r.cityCode(), r.regionCode(), r.year(), r.value(), rank,
                    r.previous(), r.change(), r.growth(), growthRank.get(r.regionCode()), r.shareOfCity(), r.cityValue(),
                    r.ratioToCity(), r.growthSinceBase(), (int) ranked, r.previousRank(), moved, r.distanceToCity(),
                    r.cityPathValue(), r.gapToPath(), r.shareOfCityGap()));
        }
        return out;
    }

    /** The city's gap to its path, in the terms its units' gaps add up in (indicator units, or numerator units). */
    private static BigDecimal cityGap(Indicator ind, BigDecimal path, IndicatorValue city) {
        if (path == null || city == null || city.value() == null) {
            return null;
        }
        BigDecimal sign = ind.direction() == Indicator.Direction.UP ? BigDecimal.ONE : BigDecimal.ONE.negate();
        if (ind.isRatio()) {
            if (city.denominator() == null) {
                return null;
            }
            return sign.multiply(pathNumerator(ind, path, city.denominator()).subtract(city.numerator()));
        }
        return sign.multiply(path.subtract(city.value()));
    }

    /**
     * A unit's gap to the city path: {gap in indicator units, gap in the terms that add up to the city's gap}.
     * Additive: allocation = path × the unit's base-year share of the city. Ratio: path − value, and in numerator
     * terms path / multiplier × denominator − numerator.
     */
    private static BigDecimal[] unitGap(Indicator ind, BigDecimal path, IndicatorValue unit, BigDecimal unitBase,
                                        BigDecimal cityBase) {
        BigDecimal[] none = {null, null};
        if (path == null || unit == null || unit.value() == null) {
            return none;
        }
        BigDecimal sign = ind.direction() == Indicator.Direction.UP ? BigDecimal.ONE : BigDecimal.ONE.negate();
        if (ind.isRatio()) {
            if (unit.denominator() == null) {
                return none;
            }
            BigDecimal own = sign.multiply(path.subtract(unit.value())).setScale(6, RoundingMode.HALF_UP);
            BigDecimal additive = sign.multiply(pathNumerator(ind, path, unit.denominator()).subtract(unit.numerator()));
            return new BigDecimal[] {own, additive};
        }
        if (unitBase == null || cityBase == null || cityBase.signum() == 0) {
            return none;
        }
        BigDecimal allocation = path.multiply(unitBase).divide(cityBase, 12, RoundingMode.HALF_UP);
        BigDecimal gap = sign.multiply(allocation.subtract(unit.value())).setScale(6, RoundingMode.HALF_UP);
        return new BigDecimal[] {gap, gap};
    }

    private static BigDecimal pathNumerator(Indicator ind, BigDecimal path, BigDecimal denominator) {
        return path.multiply(denominator).divide(ind.multiplierOrOne(), 12, RoundingMode.HALF_UP);
    }

    private static BigDecimal valueOf(IndicatorValue v) {
        return v == null ? null : v.value();
    }

    /** Competition ranking (1, 2, 2, 4): best first; regions without a value get no rank. */
    static Map<String, Integer> ranks(List<Row> rows, java.util.function.Function<Row, BigDecimal> key, boolean higherIsBetter) {
        List<Row> present = new ArrayList<>(rows.stream().filter(r -> key.apply(r) != null).toList());
        Comparator<Row> byValue = Comparator.comparing(key);
        present.sort(higherIsBetter ? byValue.reversed() : byValue);
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < present.size(); i++) {
            Row r = present.get(i);
            boolean tie = i > 0 && key.apply(present.get(i - 1)).compareTo(key.apply(r)) == 0;
            out.put(r.regionCode(), tie ? out.get(present.get(i - 1).regionCode()) : i + 1);
        }
        return out;
    }
}
