package io.zhibiao.indicators.gap;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.lake.IndicatorRegion;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every declared target against the computed values: the target-gap table. */
public final class TargetEvaluator {

    private TargetEvaluator() {
    }

    public static List<TargetGap.Row> evaluate(TargetCatalog targets, IndicatorCatalog indicators, List<IndicatorValue> values) {
        Map<IndicatorRegion, Map<Integer, BigDecimal>> series = new HashMap<>();
        for (IndicatorValue v : values) {
            if (v.value() != null) {
                series.computeIfAbsent(IndicatorRegion.of(v.indicatorId(), v.regionCode()), k -> new TreeMap<>()).put(v.year(), v.value());
            }
        }
        List<TargetGap.Row> rows = new ArrayList<>();
        for (Target t : targets.all()) {
            Indicator ind = indicators.find(t.indicator()).orElseThrow();
            Map<Integer, BigDecimal> s = series.getOrDefault(IndicatorRegion.of(t.indicator(), t.region()), Map.of());
            if (t.kind() == Target.Kind.SHARE) {
                s = share(s, series.getOrDefault(IndicatorRegion.of(t.indicator(), t.shareOf()), Map.of()));
            }
            rows.addAll(TargetGap.evaluate(t, ind.direction(), s, indicators.statusBands(), indicators.progressMethod()));
        }
        return rows;
    }

    /** The part's share of the whole, in %, for the years both have a non-zero whole. */
    static Map<Integer, BigDecimal> share(Map<Integer, BigDecimal> part, Map<Integer, BigDecimal> whole) {
        Map<Integer, BigDecimal> out = new TreeMap<>();
        for (var e : part.entrySet()) {
            BigDecimal w = whole.get(e.getKey());
            if (w != null && w.signum() != 0) {
                out.put(e.getKey(), e.getValue().multiply(BigDecimal.valueOf(100)).divide(w, 6, RoundingMode.HALF_UP));
            }
        }
        return out;
    }
}
