package io.zhibiao.indicators.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One indicator of indicators.yaml: value = numerator / denominator × multiplier (numerator × multiplier
 * without a denominator). Without a numerator the indicator has no source yet and shows as no data.
 */
public record Indicator(
        String id,
        String nameZh,
        String nameEn,
        String unit,
        String unitEn,
        int decimals,
        Direction direction,
        boolean additive,
        List<String> levels,
        String confidentiality,
        String coverage,
        String source,
        String definition,
        Measure numerator,
        Measure denominator,
        BigDecimal multiplier) {

    public enum Direction { UP, DOWN }

    /** A Spark SQL query returning (year, region_code, value, units) per county or zone. */
    public record Measure(String sql) {
    }

    public boolean hasSource() {
        return numerator != null;
    }

    public boolean isRatio() {
        return denominator != null;
    }

    public boolean publishedFor(String level) {
        return levels.contains(level);
    }

    public BigDecimal multiplierOrOne() {
        return multiplier == null ? BigDecimal.ONE : multiplier;
    }

    public Optional<String> coverageTable() {
        return Optional.ofNullable(coverage);
    }

    private static final java.util.regex.Pattern SILVER = java.util.regex.Pattern.compile("silver\\.([a-z][a-z0-9_]*)");

    /** The silver tables (without the zone) its numerator and denominator read, in name order. */
    public java.util.SortedSet<String> silverTablesRead() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (Measure m : new Measure[] {numerator, denominator}) {
            if (m == null) {
                continue;
            }
            java.util.regex.Matcher x = SILVER.matcher(m.sql());
            while (x.find()) {
                out.add(x.group(1));
            }
        }
        return out;
    }
}
