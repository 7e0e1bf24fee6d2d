package io.zhibiao.indicators.compute;

import io.zhibiao.indicators.catalog.Indicator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From measure rows to indicator values, in plain Java. Numerators and denominators are summed per unit
 * and, separately, over the city's units; a value is formed from those sums, so a city ratio is the ratio of
 * city sums. A unit without rows in a covered year counts zero; rows of regions outside the city are left out.
 */
public final class IndicatorMath {

    /** Values are kept to 6 decimal places; publication rounds to the indicator's declared decimals. */
    public static final int SCALE = 6;

    private IndicatorMath() {
    }

    public static List<IndicatorValue> compute(Indicator indicator, Set<Integer> years, CityRegions city,
                                               List<MeasureRow> numerator, List<MeasureRow> denominator) {
        Map<String, Sum> num = sums(numerator, city, years);
        Map<String, Sum> den = indicator.isRatio() ? sums(denominator, city, years) : Map.of();
        List<IndicatorValue> out = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        city.units().forEach(u -> codes.add(u.code()));
        codes.add(city.city().code());
        for (int year : years.stream().sorted().toList()) {
            for (String code : codes) {
                Sum n = num.getOrDefault(key(code, year), Sum.ZERO);
                BigDecimal value;
                BigDecimal denominatorValue = null;
                if (indicator.isRatio()) {
                    Sum d = den.get(key(code, year));
                    denominatorValue = d == null ? null : d.value;
                    value = d == null || d.value.signum() == 0 ? null
                            : n.value.divide(d.value, 12, RoundingMode.HALF_UP).multiply(indicator.multiplierOrOne());
                } else {
                    value = n.value.multiply(indicator.multiplierOrOne());
                }
                out.add(new IndicatorValue(indicator.id(), code, year,
                        value == null ? null : value.setScale(SCALE, RoundingMode.HALF_UP), n.value, denominatorValue, n.units));
            }
        }
        return out;
    }

    private record Sum(BigDecimal value, long units) {
        static final Sum ZERO = new Sum(BigDecimal.ZERO, 0);

        Sum plus(MeasureRow r) {
            return new Sum(value.add(r.value() == null ? BigDecimal.ZERO : r.value()), units + r.units());
        }
    }

    private static Map<String, Sum> sums(List<MeasureRow> rows, CityRegions city, Set<Integer> years) {
        Map<String, Sum> m = new HashMap<>();
        for (MeasureRow r : rows) {
            if (!years.contains(r.year()) || !city.isUnit(r.regionCode())) {
                continue;
            }
            m.merge(key(r.regionCode(), r.year()), Sum.ZERO.plus(r), (a, b) -> new Sum(a.value.add(b.value), a.units + b.units));
            m.merge(key(city.city().code(), r.year()), Sum.ZERO.plus(r),
                    (a, b) -> new Sum(a.value.add(b.value), a.units + b.units));
        }
        return m;
    }

    private static String key(String code, int year) {
        return code + "@" + year;
    }
}
