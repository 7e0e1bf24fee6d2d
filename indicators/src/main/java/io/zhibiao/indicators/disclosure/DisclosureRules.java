package io.zhibiao.indicators.disclosure;

import io.zhibiao.indicators.catalog.Indicator;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Set;

/**
 * Disclosure-control parameters, declared in the {@code disclosure:} section of indicators.yaml and validated
 * when the catalog loads.
 *
 * @param classes           confidentiality classes whose cells are controlled (survey, tax)
 * @param minContributors   a cell with fewer contributing enterprises than this is unsafe (3: one or two is unsafe,
 *                          three is published); a cell with none is a structural zero and is published
 * @param dominanceN        n of the (n, k) dominance rule, 1 or 2
 * @param dominanceK        k of the (n, k) dominance rule in percent: unsafe when the n largest contributors
 *                          together exceed k % of the cell (exactly k % is safe)
 * @param pPercent          p of the p % rule, or null when the rule is not applied: unsafe when
 *                          X − x1 − x2 &lt; p/100 · x1
 * @param protectionPercent the least protection, in percent of the cell value, an attacker's interval must leave
 *                          on each side of every primary-suppressed cell (the rules' own protection levels add to it)
 */
public record DisclosureRules(Set<String> classes, int minContributors, int dominanceN, BigDecimal dominanceK,
                              BigDecimal pPercent, BigDecimal protectionPercent) {

    public DisclosureRules {
        classes = Set.copyOf(classes);
    }

    /** Whether cells built from this confidentiality class are controlled. */
    public boolean controls(String confidentialityClass) {
        return classes.contains(confidentialityClass);
    }

    /** Whether an indicator's cells are controlled. */
    public boolean controls(Indicator indicator) {
        return indicator.hasSource() && controls(indicator.confidentiality());
    }

    /**
     * Whether a numerator shared by several indicators is controlled: it is as soon as one of them is, since they
     * all publish the same micro-data.
     */
    public boolean controlsAny(Collection<Indicator> sharingOneNumerator) {
        return sharingOneNumerator.stream().anyMatch(this::controls);
    }
}
