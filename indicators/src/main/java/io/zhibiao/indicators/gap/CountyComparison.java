package io.zhibiao.indicators.gap;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counties (and functional zones) side by side where no plan allocates county targets: the level and its rank,
 * the change on the year before and its rank, the share of the city total (additive indicators), the ratio to
 * the city value, and compound growth since the base year.
 */
public final class CountyComparison {

    public record Row(String indicatorId, String cityCode, String regionCode, int year, BigDecimal value, Integer rank,
                      BigDecimal previous, BigDecimal change, BigDecimal growth, Integer growthRank,
                      BigDecimal shareOfCity, BigDecimal cityValue, BigDecimal ratioToCity, BigDecimal growthSinceBase,
                      int unitsRanked) {
    }

    private CountyComparison() {
    }

    public static List<Row> compute(IndicatorCatalog catalog, List<CityRegions> cities, List<IndicatorValue> values,
                                    int baseYear) {
        Map<String, BigDecimal> byKey = new HashMap<>();
        for (IndicatorValue v : values) {
            byKey.put(v.indicatorId() + "|" + v.regionCode() + "|" + v.year(), v.value());
        }
        List<Row> out = new ArrayList<>();
        for (Indicator ind : catalog.all()) {
            if (!ind.hasSource() || !ind.publishedFor("county")) {
                continue;
            }
            for (CityRegions city : cities) {
                List<Integer> years = values.stream().filter(v -> v.indicatorId().equals(ind.id())
                        && v.regionCode().equals(city.city().code())).map(IndicatorValue::year).distinct().sorted().toList();
                for (int y : years) {
                    out.addAll(year(ind, city, y, byKey, baseYear));
                }
            }
        }
        return out;
    }

    private static List<Row> year(Indicator ind, CityRegions city, int y, Map<String, BigDecimal> byKey, int baseYear) {
        BigDecimal cityValue = byKey.get(ind.id() + "|" + city.city().code() + "|" + y);
        List<Row> rows = new ArrayList<>();
        for (CityRegions.Region u : city.units()) {
            BigDecimal v = byKey.get(ind.id() + "|" + u.code() + "|" + y);
            BigDecimal prev = byKey.get(ind.id() + "|" + u.code() + "|" + (y - 1));
            BigDecimal change = v != null && prev != null ? v.subtract(prev) : null;
            BigDecimal growth = change != null && prev.signum() > 0
                    ? change.divide(prev, 6, RoundingMode.HALF_UP) : null;
            BigDecimal share = ind.additive() && v != null && cityValue != null && cityValue.signum() != 0
                    ? v.divide(cityValue, 6, RoundingMode.HALF_UP) : null;
            BigDecimal ratio = !ind.additive() && v != null && cityValue != null && cityValue.signum() != 0
                    ? v.divide(cityValue, 6, RoundingMode.HALF_UP) : null;
            BigDecimal base = byKey.get(ind.id() + "|" + u.code() + "|" + baseYear);
            BigDecimal sinceBase = y > baseYear && base != null && base.signum() > 0 && v != null && v.signum() >= 0
                    ? BigDecimal.valueOf(Math.pow(v.doubleValue() / base.doubleValue(), 1.0 / (y - baseYear)) - 1)
                            .setScale(6, RoundingMode.HALF_UP) : null;
            rows.add(new Row(ind.id(), city.city().code(), u.code(), y, v, null, prev, change, growth, null, share,
                    cityValue, ratio, sinceBase, 0));
        }
        boolean up = ind.direction() == Indicator.Direction.UP;
        Map<String, Integer> levelRank = ranks(rows, Row::value, up);
        Map<String, Integer> growthRank = ranks(rows, Row::growth, up);
        long ranked = rows.stream().filter(r -> r.value() != null).count();
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Row(r.indicatorId(), r.cityCode(), r.regionCode(), r.year(), r.value(), levelRank.get(r.regionCode()),
                    r.previous(), r.change(), r.growth(), growthRank.get(r.regionCode()), r.shareOfCity(), r.cityValue(),
                    r.ratioToCity(), r.growthSinceBase(), (int) ranked));
        }
        return out;
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
