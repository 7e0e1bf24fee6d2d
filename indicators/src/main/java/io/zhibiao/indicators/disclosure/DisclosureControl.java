package io.zhibiao.indicators.disclosure;

import io.zhibiao.indicators.catalog.Indicator;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Statistical disclosure control of one publication, in plain Java: primary suppression by the frequency,
 * (n, k) dominance and (if declared) p % rules, then secondary suppression per table so that no primary cell can be
 * derived, to within its protection level, from the published cells of its table.
 *
 * <p>A table is one (measure, year): the city total and its units (counties, districts, functional zones), the total
 * being exactly the sum of the units. That one relation, with every value ≥ 0, is all an attacker is assumed to know.
 */
public final class DisclosureControl {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final MathContext MC = MathContext.DECIMAL64;

    private final DisclosureRules rules;

    public DisclosureControl(DisclosureRules rules) {
        this.rules = rules;
    }

    public DisclosureRules rules() {
        return rules;
    }

    /**
     * The key of an indicator's numerator: indicators whose numerator queries are the same (up to white space) get the
     * same key and so the same suppression pattern — a ratio over a public denominator reveals its numerator.
     */
    public static String measureKey(Indicator indicator) {
        if (!indicator.hasSource()) {
            throw new IllegalArgumentException("indicator '" + indicator.id() + "' has no numerator, so no cells to control");
        }
        String sql = indicator.numerator().sql().strip().replaceAll("\\s+", " ");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return "num-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why the cell is unsafe by itself, or empty when it may be published as far as its own contributors go. */
    public Optional<SuppressionReason> primaryReason(Cell c) {
        if (c.contributors() == 0) {
            return Optional.empty(); // structural zero: nobody's data is in it
        }
        if (c.contributors() < rules.minContributors()) {
            return Optional.of(SuppressionReason.FREQ);
        }
        if (dominanceLevel(c).signum() > 0) {
            return Optional.of(SuppressionReason.DOM);
        }
        if (rules.pPercent() != null && pRuleLevel(c).signum() > 0) {
            return Optional.of(SuppressionReason.PRULE);
        }
        return Optional.empty();
    }

    /**
     * The protection a primary cell needs: how far, above and below its value, the interval an attacker derives must
     * reach. The largest of protection_percent of the value, the dominance rule's level (100/k · top n − X) and the
     * p % rule's level (p/100 · x1 − (X − x1 − x2)); never more than the value itself, since values are ≥ 0.
     */
    public BigDecimal protectionRequired(Cell c) {
        BigDecimal r = rules.protectionPercent().multiply(c.value()).divide(HUNDRED, MC);
        r = r.max(dominanceLevel(c));
        if (rules.pPercent() != null) {
            r = r.max(pRuleLevel(c));
        }
        return r.min(c.value());
    }

    /** 100/k · (x1 [+ x2]) − X: positive exactly when the dominance rule fails. */
    private BigDecimal dominanceLevel(Cell c) {
        BigDecimal top = rules.dominanceN() == 1 ? c.largest() : c.largest().add(c.secondLargest());
        return top.multiply(HUNDRED).divide(rules.dominanceK(), MC).subtract(c.value());
    }

    /** p/100 · x1 − (X − x1 − x2): positive exactly when the p % rule fails. */
    private BigDecimal pRuleLevel(Cell c) {
        BigDecimal rest = c.value().subtract(c.largest()).subtract(c.secondLargest());
        return rules.pPercent().multiply(c.largest()).divide(HUNDRED, MC).subtract(rest);
    }

    /**
     * Primary and secondary suppression of every table in {@code cells}. Each (measure, year) must have exactly one
     * city total equal to the sum of its units; otherwise an IllegalArgumentException names the table.
     */
    public DisclosurePattern apply(Collection<Cell> cells) {
        Map<String, List<Cell>> tables = new TreeMap<>();
        for (Cell c : cells) {
            tables.computeIfAbsent(c.measureKey() + " " + c.year(), k -> new ArrayList<>()).add(c);
        }
        List<DisclosurePattern.Entry> out = new ArrayList<>();
        for (Map.Entry<String, List<Cell>> t : tables.entrySet()) {
            out.addAll(new Table(t.getKey(), t.getValue()).suppress());
        }
        return new DisclosurePattern(out);
    }

    /** One (measure, year): a city total T and its units, T = Σ units. */
    private final class Table {
        private final Cell total;
        private final List<Cell> units;
        private final Map<Cell, SuppressionReason> suppressed = new java.util.LinkedHashMap<>();

        Table(String name, List<Cell> cells) {
            List<Cell> totals = cells.stream().filter(Cell::cityTotal).toList();
            if (totals.size() != 1) {
                throw new IllegalArgumentException("table " + name + " needs exactly one city total, has " + totals.size());
            }
            total = totals.get(0);
            units = cells.stream().filter(c -> !c.cityTotal()).sorted(Comparator.comparing(Cell::regionCode)).toList();
            if (units.isEmpty()) {
                throw new IllegalArgumentException("table " + name + " has a city total and no units");
            }
            Set<String> codes = new LinkedHashSet<>();
            units.forEach(u -> {
                if (!codes.add(u.regionCode())) {
                    throw new IllegalArgumentException("table " + name + " has unit " + u.regionCode() + " twice");
                }
            });
            BigDecimal sum = units.stream().map(Cell::value).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.compareTo(total.value()) != 0) {
                throw new IllegalArgumentException("table " + name + ": city total " + total.regionCode() + " is "
                        + total.value().toPlainString() + " but its units add up to " + sum.toPlainString()
                        + "; secondary suppression needs total = Σ units exactly");
            }
        }

        List<DisclosurePattern.Entry> suppress() {
            for (Cell c : cellsInOrder()) {
                primaryReason(c).ifPresent(r -> suppressed.put(c, r));
            }
            Cell unprotected;
            while ((unprotected = firstUnprotected()) != null) {
                addComplementFor(unprotected);
            }
            List<DisclosurePattern.Entry> out = new ArrayList<>();
            for (Cell c : cellsInOrder()) {
                out.add(new DisclosurePattern.Entry(c, suppressed.get(c)));
            }
            return out;
        }

        private List<Cell> cellsInOrder() {
            List<Cell> all = new ArrayList<>(units);
            all.add(total);
            return all;
        }

        private Cell firstUnprotected() {
            for (Cell c : cellsInOrder()) {
                SuppressionReason r = suppressed.get(c);
                if (r != null && r.isPrimary() && !protectedEnough(c)) {
                    return c;
                }
            }
            return null;
        }

        /** The attacker's interval, hi − X ≥ R and X − lo ≥ R, and never a single point. */
        private boolean protectedEnough(Cell c) {
            Interval i = interval(c);
            BigDecimal r = protectionRequired(c);
            boolean upper = i.hi() == null || i.hi().subtract(c.value()).compareTo(r) >= 0;
            boolean lower = c.value().subtract(i.lo()).compareTo(r) >= 0;
            boolean wide = i.hi() == null || i.hi().compareTo(i.lo()) > 0;
            return upper && lower && wide;
        }

        /**
         * What T = Σ units and values ≥ 0 leave an attacker for a suppressed cell. With T published the suppressed
         * units share S = Σ suppressed units: each lies in [0, S], or is S exactly when alone. With T suppressed
         * nothing bounds the units from above: T ≥ Σ published units, units ≥ 0.
         */
        Interval interval(Cell c) {
            List<Cell> hiddenUnits = units.stream().filter(suppressed::containsKey).toList();
            BigDecimal hiddenSum = hiddenUnits.stream().map(Cell::value).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (!suppressed.containsKey(total)) {
                return hiddenUnits.size() == 1 ? new Interval(hiddenSum, hiddenSum) : new Interval(BigDecimal.ZERO, hiddenSum);
            }
            if (c.cityTotal()) {
                BigDecimal known = total.value().subtract(hiddenSum);
                return new Interval(known, hiddenUnits.isEmpty() ? known : null);
            }
            return new Interval(BigDecimal.ZERO, null);
        }

        /**
         * Suppresses one more cell for {@code p}: the published unit of least value that covers p's shortfall alone
         * (least information lost); failing that the largest published unit, and the loop comes back; with no
         * published unit of any value left, the city total.
         */
        private void addComplementFor(Cell p) {
            BigDecimal hiddenOthers = units.stream().filter(u -> u != p && suppressed.containsKey(u)).map(Cell::value)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal shortfall = protectionRequired(p).subtract(hiddenOthers);
            List<Cell> candidates = units.stream()
                    .filter(u -> !suppressed.containsKey(u) && u.value().signum() > 0)
                    .sorted(Comparator.comparing(Cell::value).thenComparing(Cell::regionCode)).toList();
            Optional<Cell> enough = candidates.stream().filter(u -> u.value().compareTo(shortfall) >= 0).findFirst();
            if (enough.isPresent()) {
                suppressed.put(enough.get(), SuppressionReason.SEC);
            } else if (!candidates.isEmpty()) {
                suppressed.put(candidates.get(candidates.size() - 1), SuppressionReason.SEC);
            } else if (!suppressed.containsKey(total)) {
                suppressed.put(total, SuppressionReason.SEC);
            } else {
                throw new IllegalStateException("cannot protect " + p.regionCode() + " in " + p.measureKey() + " "
                        + p.year() + ": no cell left to suppress"); // unreachable: all units hidden protects the total
            }
        }
    }

    /** [lo, hi]; hi null when unbounded. */
    record Interval(BigDecimal lo, BigDecimal hi) {
    }
}
