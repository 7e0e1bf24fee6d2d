package io.zhibiao.indicators.catalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * A quantitative plan target (targets.yaml). See {@link TargetCatalog} for what each field means.
 */
public record Target(
        String id,
        String plan,
        String indicator,
        String region,
        String shareOf,
        Kind kind,
        Comparator comparator,
        Approach approach,
        BigDecimal tolerance,
        BigDecimal multiplier,
        String strength,
        Base base,
        List<Milestone> milestones,
        String text) {

    public enum Kind { LEVEL, INCREMENT, ANNUAL_GROWTH, SHARE }

    public enum Comparator {
        AT_LEAST(">="), MORE_THAN(">"), AT_MOST("<="), LESS_THAN("<"), APPROX("approx"), RANGE("range");

        private final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Comparator parse(String s) {
            for (Comparator c : values()) {
                if (c.symbol.equals(s)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * The side a range target is reached from (targets.yaml {@code approach}); outside the range on the other side
     * the value has overshot it. Only range targets declare it; every other target is read as from below.
     */
    public enum Approach {
        /** a count to be raised into the range: below it is "not yet", above it is outside (the default) */
        FROM_BELOW,
        /** a value to be brought down into the range: above it is "not yet", below it is outside */
        FROM_ABOVE
    }

    /** The plan's base year, and its base value where the plan prints one. */
    public record Base(int year, BigDecimal value) {
    }

    /** A year the plan names, with a value, or a range min–max. */
    public record Milestone(int year, BigDecimal value, BigDecimal min, BigDecimal max) {
        public boolean isRange() {
            return min != null || max != null;
        }
    }

    public Milestone last() {
        return milestones.get(milestones.size() - 1);
    }
}
