package io.zhibiao.indicators.publish;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.composite.CompositeIndex;
import io.zhibiao.indicators.composite.CompositeSpec;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.indicators.gap.CountyComparison;
import io.zhibiao.indicators.gap.ProgressAssessment;
import io.zhibiao.indicators.gap.TargetGap;
import io.zhibiao.lake.published.CatalogIndicator;
import io.zhibiao.lake.published.CatalogTarget;
import io.zhibiao.lake.published.CompositeIndexRow;
import io.zhibiao.lake.published.CompositeSensitivity;
import io.zhibiao.lake.published.CountyComparisonRow;
import io.zhibiao.lake.published.GoldIndicatorValue;
import io.zhibiao.lake.published.PublishedIndicatorValue;
import io.zhibiao.lake.published.TargetGapRow;
import io.zhibiao.lake.published.RegionPeriod;
import io.zhibiao.lake.published.Revision;
import io.zhibiao.transforms.standard.RegionIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The release's rows, made from what the indicator stage computed: pure functions from values, gaps, comparisons
 * and catalogs to the typed rows of {@link io.zhibiao.lake.published.PublishedTables}. No Spark, no lake: what a
 * published cell holds is decided here and nowhere else.
 */
public final class ReleaseRows {

    private final IndicatorCatalog indicators;
    private final TargetCatalog targets;
    private final Map<String, CityRegions.Region> regions = new HashMap<>();
    private final Set<String> cityCodes;
    private final int number;
    private final LocalDate cutoff;
    private final String runId;

    public ReleaseRows(IndicatorCatalog indicators, TargetCatalog targets, List<CityRegions> cities, int number,
                       LocalDate cutoff, String runId) {
        this.indicators = indicators;
        this.targets = targets;
        for (CityRegions c : cities) {
            regions.put(c.city().code(), c.city());
            c.units().forEach(u -> regions.put(u.code(), u));
        }
        this.cityCodes = cities.stream().map(c -> c.city().code()).collect(java.util.stream.Collectors.toSet());
        this.number = number;
        this.cutoff = cutoff;
        this.runId = runId;
    }

    /** Every region code of the release's cities (cities, counties, functional zones). */
    public Set<String> regionCodes() {
        return regions.keySet();
    }

    public GoldIndicatorValue gold(IndicatorValue v, Instant computedAt) {
        return new GoldIndicatorValue(v.indicatorId(), v.regionCode(), v.year(), v.value(), v.numerator(), v.denominator(),
                v.units(), runId, computedAt);
    }

    /**
     * The published row of a value, or empty when the indicator is not published at the region's level: rounded as
     * declared, with numerator and contributing units withheld (and the value shown as x) for a suppressed cell.
     */
    public Optional<PublishedIndicatorValue> published(IndicatorValue v, Optional<? extends Enum<?>> withheld,
                                                       String boundaryNote) {
        Indicator ind = indicators.find(v.indicatorId()).orElseThrow();
        CityRegions.Region region = regions.get(v.regionCode());
        boolean isCity = cityCodes.contains(v.regionCode());
        if (!ind.publishedFor(isCity ? "city" : "county")) {
            return Optional.empty();
        }
        boolean x = withheld.isPresent();
        BigDecimal shown = v.value() == null || x ? null : round(v.value(), ind);
        return Optional.of(new PublishedIndicatorValue(number, ind.id(), ind.nameZh(), ind.nameEn(), ind.unit(),
                ind.unitEn(), v.regionCode(), nameOf(v.regionCode()), isCity ? "市" : levelOf(region), v.year(), shown,
                x ? null : v.numerator(), v.denominator(), x ? null : v.units(), x ? "x" : null,
                withheld.map(Enum::name).orElse(null), boundaryNote, cutoff, runId));
    }

    /** A target's evaluation for a region and year, labelled (gold and published hold the same row). */
    public TargetGapRow gap(TargetGap.Row g) {
        Target t = target(g.targetId());
        Indicator ind = indicators.find(t.indicator()).orElseThrow();
        TargetCatalog.Plan plan = targets.plan(t.plan());
        return new TargetGapRow(number, g.targetId(), plan.id(), plan.name(), ind.id(), ind.nameZh(), ind.nameEn(),
                t.kind() == Target.Kind.SHARE ? "%" : ind.unit(), g.regionCode(), nameOf(g.regionCode()), g.year(),
                g.actual(), g.baseYear(), g.baseValue(), g.baseSource(), g.targetYear(), g.comparator(), g.targetValue(),
                g.targetMax(), kind(t), t.strength(), g.gap(), g.achievedShare(), g.pathValue(), g.pathMethod(),
                g.requiredGrowth(), g.actualGrowth(), g.neededGrowth(), g.progress(), code(g.status()), g.status().zh(),
                g.status().en(), g.reason(), g.progressMethod(), g.progressYears(), g.growthRatio(),
                code(g.eurostatStatus()), g.eurostatStatus() == null ? null : g.eurostatStatus().zh(),
                g.eurostatStatus() == null ? null : g.eurostatStatus().en(), g.projectedValue(), g.anticipatedRatio(),
                code(g.escapStatus()), g.escapStatus() == null ? null : g.escapStatus().zh(),
                g.escapStatus() == null ? null : g.escapStatus().en(), g.progressReason(), t.text(), cutoff, runId);
    }

    /** A gold target-gap row read back as the evaluation that made it (for showing the release again). */
    public static TargetGap.Row evaluation(TargetGapRow r) {
        return new TargetGap.Row(r.targetId(), r.regionCode(), r.year(), r.actual(), r.baseYear(), r.baseValue(),
                r.baseSource(), r.targetYear(), r.targetValue(), r.targetMax(), r.comparator(), r.gap(), r.achievedShare(),
                r.pathValue(), r.pathMethod(), r.requiredGrowth(), r.actualGrowth(), r.neededGrowth(), r.progress(),
                TargetGap.Status.valueOf(r.status().toUpperCase()), r.reason(), r.progressMethod(), r.progressYears(),
                r.growthRatio(), r.eurostatStatus() == null ? null
                        : ProgressAssessment.EurostatStatus.valueOf(r.eurostatStatus().toUpperCase()),
                r.projectedValue(), r.anticipatedRatio(), r.escapStatus() == null ? null
                        : ProgressAssessment.EscapStatus.valueOf(r.escapStatus().toUpperCase()), r.progressReason());
    }

    public CountyComparisonRow comparison(CountyComparison.Row c) {
        Indicator ind = indicators.find(c.indicatorId()).orElseThrow();
        return new CountyComparisonRow(number, ind.id(), ind.nameZh(), ind.nameEn(), ind.unit(), c.cityCode(),
                c.regionCode(), nameOf(c.regionCode()), c.year(), round(c.value(), ind), c.rank(), c.unitsRanked(),
                round(c.previous(), ind), round(c.change(), ind), c.growth(), c.growthRank(), c.shareOfCity(),
                round(c.cityValue(), ind), c.ratioToCity(), c.growthSinceBase(), c.previousRank(), c.rankChange(),
                round(c.distanceToCity(), ind), round(c.cityPathValue(), ind), c.gapToPath(), c.shareOfCityGap(), cutoff,
                runId);
    }

    public CompositeIndexRow composite(CompositeIndex.Row c, CompositeSpec spec) {
        String weights = String.join(", ", spec.indicators().stream().map(x -> x.id() + " " + x.weight()).toList());
        return new CompositeIndexRow(number, c.indexId(), spec.nameZh(), spec.nameEn(), c.cityCode(), c.regionCode(),
                nameOf(c.regionCode()), c.year(), c.score(), c.rank(), c.scoreEqualWeights(), c.rankEqualWeights(),
                c.scoreAlternative(), c.rankAlternative(), c.maxRankShift(), c.components(), c.weightCovered(),
                c.unitsRanked(), spec.normalisation().name().toLowerCase(), weights, cutoff, runId);
    }

    public CompositeSensitivity sensitivity(CompositeIndex.Sensitivity x, CompositeSpec spec) {
        return new CompositeSensitivity(number, x.indexId(), spec.nameZh(), x.cityCode(), x.year(), x.unitsRanked(),
                decimal(x.spearmanEqualWeights()), decimal(x.spearmanAlternative()), x.maxRankShift(), cutoff, runId);
    }

    public List<RegionPeriod> regions(List<RegionIndex.Period> periods) {
        RegionIndex index = new RegionIndex(periods);
        return periods.stream().map(p -> new RegionPeriod(number, p.code(), p.name(), p.kind(), p.validFrom(),
                p.validTo(), p.successor(), index.current(p.code()), index.nameOf(index.current(p.code())).orElse(null)))
                .toList();
    }

    public Revision revision(Revisions.Revision x) {
        Indicator ind = indicators.find(x.indicatorId()).orElseThrow();
        return new Revision(x.release(), x.previousRelease(), x.indicatorId(), ind.nameZh(), ind.unit(), x.regionCode(),
                nameOf(x.regionCode()), x.year(), x.oldValue(), x.newValue(), x.newValue().subtract(x.oldValue()),
                x.causeTables(), x.causeFiles(), cutoff);
    }

    public CatalogIndicator catalog(Indicator i) {
        String multiplier = i.multiplierOrOne().stripTrailingZeros().toPlainString();
        return new CatalogIndicator(number, i.id(), i.nameZh(), i.nameEn(), i.unit(), i.unitEn(), i.decimals(),
                i.direction() == Indicator.Direction.UP ? "越高越好" : "越低越好", i.additive(), String.join(",", i.levels()),
                i.confidentiality(), i.source(), i.definition(), i.hasSource(),
                i.isRatio() ? "numerator / denominator × " + multiplier : "numerator × " + multiplier);
    }

    public CatalogTarget catalog(Target t) {
        StringBuilder ms = new StringBuilder();
        for (Target.Milestone m : t.milestones()) {
            if (ms.length() > 0) {
                ms.append("; ");
            }
            ms.append(m.year()).append(": ").append(m.isRange() ? m.min().toPlainString() + "–" + m.max().toPlainString()
                    : m.value() == null ? "基期×" + t.multiplier().toPlainString() : m.value().toPlainString());
        }
        TargetCatalog.Plan plan = targets.plan(t.plan());
        return new CatalogTarget(number, t.id(), plan.id(), plan.name(), "seed " + plan.seed(), t.indicator(), t.region(),
                t.shareOf(), t.kind().name().toLowerCase(), t.comparator().symbol(), t.tolerance(), t.multiplier(),
                t.strength(), t.base().year(), t.base().value(), ms.toString(), t.last().year(), t.text());
    }

    /** A value rounded to the indicator's declared decimals, kept at the published scale of 6. */
    static BigDecimal round(BigDecimal v, Indicator ind) {
        return v == null ? null : v.setScale(ind.decimals(), RoundingMode.HALF_UP).setScale(6);
    }

    private Target target(String id) {
        return targets.all().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }

    private String nameOf(String regionCode) {
        CityRegions.Region region = regions.get(regionCode);
        return region == null ? null : region.name();
    }

    private static String kind(Target t) {
        return t.kind().name().toLowerCase();
    }

    private static String code(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase();
    }

    private static String levelOf(CityRegions.Region r) {
        if (r == null) {
            return null;
        }
        return "功能区".equals(r.kind()) ? "功能区" : "县区";
    }

    private static BigDecimal decimal(double d) {
        return BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP);
    }
}
