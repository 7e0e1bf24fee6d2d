package io.zhibiao.indicators.catalog;

import io.zhibiao.transforms.source.CatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The plans and their targets (targets.yaml), validated against the indicator catalog when loaded. */
public final class TargetCatalog {

    public static final String DEFAULT_RESOURCE = "zhibiao/targets.yaml";
    private static final Set<String> STRENGTHS = Set.of("确保", "力争", "预期");

    public record Plan(String id, String seed, String region, int start, int end, String name) {
    }

    /** As written in the file; comparator is text there. */
    record RawTarget(String id, String plan, String indicator, String region, String shareOf, Target.Kind kind,
                     String comparator, Target.Approach approach, BigDecimal tolerance, BigDecimal multiplier, String strength, Target.Base base,
                     List<Target.Milestone> milestones, String text) {
    }

    record Document(List<Plan> plans, List<RawTarget> targets) {
    }

    private final Map<String, Plan> plans;
    private final List<Target> targets;

    private final String digest;

    private TargetCatalog(Map<String, Plan> plans, List<Target> targets, String digest) {
        this.plans = plans;
        this.targets = targets;
        this.digest = digest;
    }

    /** SHA-256 of the declaration file. */
    public String digest() {
        return digest;
    }

    public static TargetCatalog loadDefault(IndicatorCatalog indicators) {
        try (InputStream in = TargetCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException(DEFAULT_RESOURCE, null, "not found on the class path");
            }
            return parse(DEFAULT_RESOURCE, in, indicators);
        } catch (IOException e) {
            throw new CatalogException(DEFAULT_RESOURCE, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static TargetCatalog load(Path path, IndicatorCatalog indicators) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in, indicators);
        } catch (IOException e) {
            throw new CatalogException(path.toString(), null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static TargetCatalog parse(String file, InputStream in, IndicatorCatalog indicators) {
        Document doc;
        String digest;
        try {
            byte[] bytes = in.readAllBytes();
            digest = IndicatorCatalog.sha256(bytes);
            doc = IndicatorCatalog.yaml().readValue(bytes, Document.class);
        } catch (IOException e) {
            throw new CatalogException(file, null, "is not a valid target catalog: " + e.getMessage(), e);
        }
        if (doc == null || doc.plans() == null || doc.targets() == null) {
            throw new CatalogException(file, null, "needs 'plans:' and 'targets:'");
        }
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Plan p : doc.plans()) {
            require(file, "plan " + p.id(), p.id() != null && p.name() != null && p.region() != null && p.start() <= p.end(),
                    "needs id, name, region and start ≤ end");
            require(file, "plan " + p.id(), plans.put(p.id(), p) == null, "is declared twice");
        }
        List<Target> targets = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (RawTarget r : doc.targets()) {
            targets.add(validate(file, r, plans, indicators));
            require(file, "target " + r.id(), ids.add(r.id()), "is declared twice");
        }
        return new TargetCatalog(plans, List.copyOf(targets), digest);
    }

    private static Target validate(String file, RawTarget r, Map<String, Plan> plans, IndicatorCatalog indicators) {
        String entry = "target " + r.id();
        require(file, entry, r.id() != null && r.text() != null, "needs an id and the plan's text");
        require(file, entry, plans.containsKey(r.plan()), "plan '" + r.plan() + "' is not declared");
        require(file, entry, indicators.find(r.indicator()).isPresent(),
                "indicator '" + r.indicator() + "' is not in " + indicators.file());
        require(file, entry, r.region() != null && r.region().matches("^[0-9]{6}$"), "region must be a 6-digit code");
        require(file, entry, r.kind() != null, "needs a kind: level, increment, annual_growth or share");
        Target.Comparator cmp = Target.Comparator.parse(r.comparator());
        require(file, entry, cmp != null, "comparator '" + r.comparator() + "' is not one of >=, >, <=, <, approx, range");
        require(file, entry, r.strength() != null && STRENGTHS.contains(r.strength()), "strength must be one of " + STRENGTHS);
        require(file, entry, r.base() != null && r.base().year() > 1900, "needs a base year");
        require(file, entry, r.milestones() != null && !r.milestones().isEmpty(), "needs at least one milestone");
        int previous = r.base().year();
        for (Target.Milestone m : r.milestones()) {
            require(file, entry, m.year() > previous, "milestone years must follow the base year and each other");
            previous = m.year();
            if (m.isRange()) {
                require(file, entry, m.min() != null && m.max() != null && m.min().compareTo(m.max()) <= 0,
                        "a range milestone needs min ≤ max");
            } else if (r.multiplier() == null) {
                require(file, entry, m.value() != null, "milestone " + m.year() + " needs a value (or min and max)");
            }
        }
        require(file, entry, cmp != Target.Comparator.RANGE || r.milestones().stream().allMatch(Target.Milestone::isRange),
                "a range target needs min and max on every milestone");
        require(file, entry, r.multiplier() == null || r.base().value() != null,
                "a target relative to the base (multiplier) needs the base value");
        require(file, entry, (r.kind() == Target.Kind.SHARE) == (r.shareOf() != null),
                "share_of is given exactly for share targets");
        require(file, entry, r.tolerance() == null || cmp == Target.Comparator.APPROX, "tolerance goes with approx");
        require(file, entry, r.approach() == null || cmp == Target.Comparator.RANGE,
                "approach (from_below or from_above: the side the range is reached from) goes with comparator: range");
        Target.Approach approach = r.approach() == null ? Target.Approach.FROM_BELOW : r.approach();
        return new Target(r.id(), r.plan(), r.indicator(), r.region(), r.shareOf(), r.kind(), cmp, approach, r.tolerance(),
                r.multiplier(), r.strength(), r.base(), List.copyOf(r.milestones()), r.text());
    }

    private static void require(String file, String entry, boolean ok, String reason) {
        if (!ok) {
            throw new CatalogException(file, entry, reason);
        }
    }

    public List<Target> all() {
        return targets;
    }

    public Plan plan(String id) {
        return plans.get(id);
    }

    public List<Plan> plans() {
        return List.copyOf(plans.values());
    }

    /**
     * The year county comparisons measure growth since: the base year (start − 1) of the latest plan that has begun
     * by {@code latestYear}, or five years back when none has.
     */
    public int comparisonBase(int latestYear) {
        return plans().stream().filter(p -> p.start() <= latestYear).mapToInt(p -> p.start() - 1).max()
                .orElse(latestYear - 5);
    }
}
