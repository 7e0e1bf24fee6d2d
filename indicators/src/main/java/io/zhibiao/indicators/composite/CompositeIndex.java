package io.zhibiao.indicators.composite;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.lake.CellKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The composite index of a city's units per year, in plain Java: normalise each component over the units that
 * have it, aggregate by the declared weights re-scaled over what each unit has, rank; then the same with equal
 * weights and with the alternative normalisation, for the sensitivity check.
 */
public final class CompositeIndex {

    /** One unit in one year. Scores are null (and ranks too) where the unit covers less than min_weight. */
    public record Row(String indexId, String cityCode, String regionCode, int year, BigDecimal score, Integer rank,
                      BigDecimal scoreEqualWeights, Integer rankEqualWeights, BigDecimal scoreAlternative,
                      Integer rankAlternative, Integer maxRankShift, int components, BigDecimal weightCovered,
                      int unitsRanked) {
    }

    /** Per city and year: how stable the declared ranks are. */
    public record Sensitivity(String indexId, String cityCode, int year, int unitsRanked, double spearmanEqualWeights,
                              double spearmanAlternative, int maxRankShift) {
    }

    public record Result(List<Row> rows, List<Sensitivity> sensitivity) {
    }

    private CompositeIndex() {
    }

    public static Result compute(CompositeSpec spec, IndicatorCatalog catalog, List<CityRegions> cities,
                                 List<IndicatorValue> values) {
        Map<CellKey, BigDecimal> byKey = new HashMap<>();
        TreeSet<Integer> years = new TreeSet<>();
        for (IndicatorValue v : values) {
            if (v.value() != null) {
                byKey.put(CellKey.of(v.indicatorId(), v.regionCode(), v.year()), v.value());
            }
            if (spec.indicators().stream().anyMatch(c -> c.id().equals(v.indicatorId()))) {
                years.add(v.year());
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Sensitivity> sens = new ArrayList<>();
        for (CityRegions city : cities) {
            for (int y : years) {
                List<String> units = city.units().stream().map(CityRegions.Region::code).toList();
                Map<String, Map<String, Double>> raw = new HashMap<>();
                for (CompositeSpec.Component c : spec.indicators()) {
                    Map<String, Double> m = new HashMap<>();
                    for (String u : units) {
                        BigDecimal v = byKey.get(CellKey.of(c.id(), u, y));
                        if (v != null) {
                            m.put(u, v.doubleValue());
                        }
                    }
                    raw.put(c.id(), m);
                }
                if (raw.values().stream().allMatch(Map::isEmpty)) {
                    continue;
                }
                Map<String, Double> declared = scores(spec, catalog, raw, units, spec.normalisation(), false);
                Map<String, Double> equal = scores(spec, catalog, raw, units, spec.normalisation(), true);
                Map<String, Double> alt = scores(spec, catalog, raw, units, spec.alternative(), false);
                Map<String, Integer> rank = ranks(declared);
                Map<String, Integer> rankEqual = ranks(equal);
                Map<String, Integer> rankAlt = ranks(alt);
                int maxShift = 0;
                for (String u : units) {
                    Integer shift = null;
                    if (rank.containsKey(u)) {
                        shift = Math.max(Math.abs(rank.get(u) - rankEqual.get(u)), Math.abs(rank.get(u) - rankAlt.get(u)));
                        maxShift = Math.max(maxShift, shift);
                    }
                    int components = (int) spec.indicators().stream().filter(c -> raw.get(c.id()).containsKey(u)).count();
                    double covered = spec.indicators().stream().filter(c -> raw.get(c.id()).containsKey(u))
                            .mapToDouble(CompositeSpec.Component::weight).sum() / spec.totalWeight();
                    rows.add(new Row(spec.id(), city.city().code(), u, y, round(declared.get(u)), rank.get(u),
                            round(equal.get(u)), rankEqual.get(u), round(alt.get(u)), rankAlt.get(u), shift, components,
                            round(covered), rank.size()));
                }
                if (rank.size() >= 2) {
                    sens.add(new Sensitivity(spec.id(), city.city().code(), y, rank.size(), spearman(rank, rankEqual),
                            spearman(rank, rankAlt), maxShift));
                }
            }
        }
        return new Result(rows, sens);
    }

    /** Weighted mean of normalised components over what each unit has; null below min_weight. */
    static Map<String, Double> scores(CompositeSpec spec, IndicatorCatalog catalog, Map<String, Map<String, Double>> raw,
                                      List<String> units, CompositeSpec.Normalisation how, boolean equalWeights) {
        Map<String, Map<String, Double>> norm = new HashMap<>();
        for (CompositeSpec.Component c : spec.indicators()) {
            boolean down = catalog.find(c.id()).orElseThrow().direction() == Indicator.Direction.DOWN;
            norm.put(c.id(), normalise(raw.get(c.id()), how, down));
        }
        Map<String, Double> out = new HashMap<>();
        for (String u : units) {
            double sum = 0;
            double weights = 0;
            double covered = 0;
            for (CompositeSpec.Component c : spec.indicators()) {
                Double x = norm.get(c.id()).get(u);
                if (x == null) {
                    continue;
                }
                double w = equalWeights ? 1.0 : c.weight();
                sum += w * x;
                weights += w;
                covered += c.weight();
            }
            if (weights > 0 && covered / spec.totalWeight() >= spec.minWeight() - 1e-12) {
                out.put(u, sum / weights);
            }
        }
        return out;
    }

    /** min-max to 0–100, or z-scores (population standard deviation); a constant component scores 50 or 0. */
    static Map<String, Double> normalise(Map<String, Double> x, CompositeSpec.Normalisation how, boolean lowerIsBetter) {
        Map<String, Double> out = new HashMap<>();
        if (x.isEmpty()) {
            return out;
        }
        double min = x.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = x.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double mean = x.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = Math.sqrt(x.values().stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / x.size());
        x.forEach((u, v) -> {
            double n;
            if (how == CompositeSpec.Normalisation.MIN_MAX) {
                n = max == min ? 50.0 : 100.0 * (v - min) / (max - min);
                n = lowerIsBetter ? 100.0 - n : n;
            } else {
                n = sd == 0 ? 0.0 : (v - mean) / sd;
                n = lowerIsBetter ? -n : n;
            }
            out.put(u, n);
        });
        return out;
    }

    /** Competition ranks, highest score first. */
    static Map<String, Integer> ranks(Map<String, Double> scores) {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(scores.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            boolean tie = i > 0 && Math.abs(sorted.get(i - 1).getValue() - sorted.get(i).getValue()) < 1e-12;
            out.put(sorted.get(i).getKey(), tie ? out.get(sorted.get(i - 1).getKey()) : i + 1);
        }
        return out;
    }

    /** Spearman's rank correlation over the units ranked in both (Pearson on the ranks, so ties are handled). */
    static double spearman(Map<String, Integer> a, Map<String, Integer> b) {
        List<String> both = a.keySet().stream().filter(b::containsKey).sorted().toList();
        int n = both.size();
        double ma = both.stream().mapToDouble(a::get).average().orElse(0);
        double mb = both.stream().mapToDouble(b::get).average().orElse(0);
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (String u : both) {
            cov += (a.get(u) - ma) * (b.get(u) - mb);
            va += (a.get(u) - ma) * (a.get(u) - ma);
            vb += (b.get(u) - mb) * (b.get(u) - mb);
        }
        return n < 2 || va == 0 || vb == 0 ? 1.0 : cov / Math.sqrt(va * vb);
    }

    private static BigDecimal round(Double d) {
        return d == null ? null : BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP);
    }
}
