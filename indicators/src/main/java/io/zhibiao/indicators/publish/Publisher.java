package io.zhibiao.indicators.publish;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.composite.CompositeIndex;
import io.zhibiao.indicators.composite.CompositeSpec;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.indicators.gap.CountyComparison;
import io.zhibiao.indicators.gap.TargetGap;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.TableSchema;
import io.zhibiao.transforms.ingest.SyntheticMarker;
import io.zhibiao.transforms.standard.RegionIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * gold (indicator values with numerator, denominator and units; target-gap; county comparison) and the
 * BI-facing published tables: labelled in Chinese and English, with units and the release they belong to.
 * Published tables hold aggregates only — no credit code, no enterprise-level value.
 */
public final class Publisher {

    /** A numbered release: which run made it, its data cut-off, and the inputs it was computed from. */
    public record Release(int number, String runId, LocalDate cutoff, String fingerprint) {
    }

    private final SparkSession spark;
    private final Lake lake;
    private final IndicatorCatalog indicators;
    private final TargetCatalog targets;

    public Publisher(SparkSession spark, Lake lake, IndicatorCatalog indicators, TargetCatalog targets) {
        this.spark = spark;
        this.lake = lake;
        this.indicators = indicators;
        this.targets = targets;
    }

    public String gold(String table) {
        return lake.root() + "/gold/" + table;
    }

    public String published(String table) {
        return lake.root() + "/published/" + table;
    }

    /** The latest release, if any. */
    public Optional<Release> latest() {
        if (!DeltaTables.exists(spark, published("releases"))) {
            return Optional.empty();
        }
        List<Row> rows = spark.read().format("delta").load(published("releases")).orderBy(
                org.apache.spark.sql.functions.col("release_no").desc()).limit(1).collectAsList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row r = rows.get(0);
        return Optional.of(new Release(r.getInt(0), r.getString(1), r.getDate(2).toLocalDate(), r.getString(4)));
    }

    /** A release written where no reader looks (lake/_candidates/&lt;run&gt;), waiting for the audit. */
    public record Candidate(String root, int number, String runId, LocalDate cutoff, String fingerprint,
                            long publishedValues, long gapRows, boolean synthetic) {
        /** The candidate's copy of a table named like gold.indicator_values or published.target_gap. */
        public String path(String qualified) {
            return root + "/" + qualified.replace('.', '/');
        }
    }

    /** Tables a release consists of, as zone.table. */
    public static final List<String> RELEASE_TABLES = List.of("gold.indicator_values", "gold.target_gap",
            "gold.county_comparison", "published.indicator_values", "published.target_gap", "published.county_comparison",
            "published.indicators", "published.targets", "published.composite_index", "published.composite_sensitivity",
            "published.regions", "published.revisions");

    /**
     * What a release holds beside the values: the composite index, the region list with its validity periods and
     * crosswalk (for restatement notes), the files refined since the previous release per silver table (the
     * possible causes of revisions), and whether the lake holds generated sample data
     * ({@link io.zhibiao.transforms.ingest.SyntheticMarker#anyIngested}).
     */
    public record Extras(CompositeSpec compositeSpec, CompositeIndex.Result composite, List<RegionIndex.Period> regions,
                         Map<String, List<String>> changedFiles, Suppression suppression, boolean synthetic) {
    }

    public String candidateRoot(RunId run) {
        return lake.root() + "/_candidates/" + run.value();
    }

    /** Writes the release's tables as a candidate; nothing BI-visible changes. */
    public Candidate stage(RunId run, LocalDate cutoff, String fingerprint, List<CityRegions> cities,
                           List<IndicatorValue> values, List<TargetGap.Row> gaps, List<CountyComparison.Row> comparison,
                           Extras extras) {
        int number = latest().map(r -> r.number() + 1).orElse(1);
        String root = candidateRoot(run);
        Map<String, CityRegions.Region> regions = new HashMap<>();
        for (CityRegions c : cities) {
            regions.put(c.city().code(), c.city());
            c.units().forEach(u -> regions.put(u.code(), u));
        }
        Date cut = Date.valueOf(cutoff);
        String runId = run.value();
        Timestamp at = Timestamp.from(run.startedAt());

        write(root + "/gold/indicator_values", goldValuesSchema(), values.stream().map(v -> RowFactory.create(v.indicatorId(),
                v.regionCode(), v.year(), v.value(), v.numerator(), v.denominator(), v.units(), runId, at)).toList());
        write(root + "/gold/target_gap", gapSchema(false), gaps.stream()
                .map(g -> gapRow(g, regions, number, cut, runId, false)).toList());
        write(root + "/gold/county_comparison", comparisonSchema(), comparison.stream()
                .map(c -> comparisonRow(c, regions, number, cut, runId)).toList());

        Map<String, String> restated = Restatement.notes(extras.regions(), regions.keySet(),
                values.stream().map(IndicatorValue::year).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        List<Row> published = new ArrayList<>();
        Map<String, BigDecimal> publishedValues = new HashMap<>();
        for (IndicatorValue v : values) {
            Indicator ind = indicators.find(v.indicatorId()).orElseThrow();
            CityRegions.Region region = regions.get(v.regionCode());
            boolean isCity = cities.stream().anyMatch(c -> c.city().code().equals(v.regionCode()));
            if (!ind.publishedFor(isCity ? "city" : "county")) {
                continue;
            }
            var withheld = extras.suppression().reason(ind.id(), v.regionCode(), v.year());
            BigDecimal shown = v.value() == null || withheld.isPresent() ? null
                    : v.value().setScale(ind.decimals(), RoundingMode.HALF_UP).setScale(6);
            if (shown != null) {
                publishedValues.put(ind.id() + "|" + v.regionCode() + "|" + v.year(), shown);
            }
            published.add(RowFactory.create(number, ind.id(), ind.nameZh(), ind.nameEn(), ind.unit(), ind.unitEn(),
                    v.regionCode(), region == null ? null : region.name(), isCity ? "市" : levelOf(region), v.year(),
                    shown, withheld.isPresent() ? null : v.numerator(), v.denominator(),
                    withheld.isPresent() ? null : v.units(), withheld.isPresent() ? "x" : null,
                    withheld.map(Enum::name).orElse(null), restated.get(v.regionCode() + "|" + v.year()), cut, runId));
        }
        write(root + "/published/indicator_values", publishedValuesSchema(), published);
        write(root + "/published/revisions", revisionsSchema(), revisions(number, publishedValues, extras, regions, cut));
        write(root + "/published/composite_index", compositeSchema(), extras.composite().rows().stream()
                .map(c -> compositeRow(c, extras.compositeSpec(), regions, number, cut, runId)).toList());
        write(root + "/published/composite_sensitivity", sensitivitySchema(), extras.composite().sensitivity().stream()
                .map(x -> RowFactory.create(number, x.indexId(), extras.compositeSpec().nameZh(), x.cityCode(), x.year(),
                        x.unitsRanked(), decimal(x.spearmanEqualWeights()), decimal(x.spearmanAlternative()), x.maxRankShift(),
                        cut, runId)).toList());
        write(root + "/published/regions", regionsSchema(), regionRows(extras.regions(), number));
        write(root + "/published/target_gap", gapSchema(true), gaps.stream()
                .map(g -> gapRow(g, regions, number, cut, runId, true)).toList());
        write(root + "/published/county_comparison", comparisonSchema(), comparison.stream()
                .map(c -> comparisonRow(c, regions, number, cut, runId)).toList());
        write(root + "/published/indicators", catalogSchema(), indicators.all().stream().map(i -> RowFactory.create(number, i.id(),
                i.nameZh(), i.nameEn(), i.unit(), i.unitEn(), i.decimals(), i.direction() == Indicator.Direction.UP ? "越高越好" : "越低越好",
                i.additive(), String.join(",", i.levels()), i.confidentiality(), i.source(), i.definition(), i.hasSource(),
                i.isRatio() ? "numerator / denominator × " + i.multiplierOrOne().stripTrailingZeros().toPlainString()
                        : "numerator × " + i.multiplierOrOne().stripTrailingZeros().toPlainString())).toList());
        write(root + "/published/targets", targetsSchema(), targets.all().stream().map(t -> targetRow(t, number)).toList());
        return new Candidate(root, number, runId, cutoff, fingerprint, published.size(), gaps.size(), extras.synthetic());
    }

    /**
     * Publishes an audited candidate: each table replaced in one Delta commit (a reader sees the old release or
     * the new one), then the release recorded and the candidate removed.
     */
    public Release promote(Candidate c) {
        StringBuilder versions = new StringBuilder();
        for (String t : RELEASE_TABLES) {
            String path = lake.root() + "/" + t.replace('.', '/');
            spark.read().format("delta").load(c.path(t)).write().format("delta").mode(SaveMode.Overwrite)
                    .option("overwriteSchema", "true").option("userMetadata", "zhibiao:publish:" + c.runId())
                    .save(path);
            versions.append(versions.length() == 0 ? "" : ";").append(t).append('@').append(DeltaTables.version(spark, path));
        }
        Row release = RowFactory.create(c.number(), c.runId(), Date.valueOf(c.cutoff()), new Timestamp(System.currentTimeMillis()),
                c.fingerprint(), indicators.digest(), targets.digest(), c.publishedValues(), c.gapRows(), versions.toString(),
                c.synthetic(), c.synthetic() ? SyntheticMarker.DATA_NOTE : null);
        spark.createDataFrame(List.of(release), releasesSchema()).write().format("delta").mode(SaveMode.Append)
                .option("mergeSchema", "true").option("userMetadata", "zhibiao:publish:" + c.runId()).save(published("releases"));
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(c.root());
            root.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(root, true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Release(c.number(), c.runId(), c.cutoff(), c.fingerprint());
    }

    private static String levelOf(CityRegions.Region r) {
        if (r == null) {
            return null;
        }
        return "功能区".equals(r.kind()) ? "功能区" : "县区";
    }

    private void write(String path, StructType schema, List<Row> rows) {
        spark.createDataFrame(rows, schema).write().format("delta").mode(SaveMode.Overwrite)
                .option("overwriteSchema", "true").save(path);
    }

    private Row gapRow(TargetGap.Row g, Map<String, CityRegions.Region> regions, int number, Date cut, String runId,
                       boolean labelled) {
        Target t = targets.all().stream().filter(x -> x.id().equals(g.targetId())).findFirst().orElseThrow();
        Indicator ind = indicators.find(t.indicator()).orElseThrow();
        TargetCatalog.Plan plan = targets.plan(t.plan());
        CityRegions.Region region = regions.get(g.regionCode());
        List<Object> v = new ArrayList<>(List.of(number, g.targetId(), plan.id()));
        if (labelled) {
            v.add(plan.name());
            v.add(ind.id());
            v.add(ind.nameZh());
            v.add(ind.nameEn());
            v.add(t.kind() == Target.Kind.SHARE ? "%" : ind.unit());
        } else {
            v.add(ind.id());
        }
        v.add(g.regionCode());
        if (labelled) {
            v.add(region == null ? null : region.name());
        }
        v.add(g.year());
        List<Object> rest = new ArrayList<>();
        rest.add(g.actual());
        rest.add(g.baseYear());
        rest.add(g.baseValue());
        rest.add(g.baseSource());
        rest.add(g.targetYear());
        rest.add(g.comparator());
        rest.add(g.targetValue());
        rest.add(g.targetMax());
        rest.add(t.kind().name().toLowerCase());
        rest.add(t.strength());
        rest.add(g.gap());
        rest.add(g.achievedShare());
        rest.add(g.pathValue());
        rest.add(g.pathMethod());
        rest.add(g.requiredGrowth());
        rest.add(g.actualGrowth());
        rest.add(g.neededGrowth());
        rest.add(g.progress());
        rest.add(g.status().name().toLowerCase());
        rest.add(g.status().zh());
        rest.add(g.status().en());
        rest.add(g.reason());
        rest.add(g.progressMethod());
        rest.add(g.progressYears());
        rest.add(g.growthRatio());
        rest.add(g.eurostatStatus() == null ? null : g.eurostatStatus().name().toLowerCase());
        rest.add(g.eurostatStatus() == null ? null : g.eurostatStatus().zh());
        rest.add(g.eurostatStatus() == null ? null : g.eurostatStatus().en());
        rest.add(g.projectedValue());
        rest.add(g.anticipatedRatio());
        rest.add(g.escapStatus() == null ? null : g.escapStatus().name().toLowerCase());
        rest.add(g.escapStatus() == null ? null : g.escapStatus().zh());
        rest.add(g.escapStatus() == null ? null : g.escapStatus().en());
        rest.add(g.progressReason());
        rest.add(t.text());
        rest.add(cut);
        rest.add(runId);
        v.addAll(rest);
        return RowFactory.create(v.toArray());
    }

    private Row comparisonRow(CountyComparison.Row c, Map<String, CityRegions.Region> regions, int number, Date cut,
                              String runId) {
        Indicator ind = indicators.find(c.indicatorId()).orElseThrow();
        CityRegions.Region region = regions.get(c.regionCode());
        return RowFactory.create(number, ind.id(), ind.nameZh(), ind.nameEn(), ind.unit(), c.cityCode(), c.regionCode(),
                region == null ? null : region.name(), c.year(), round(c.value(), ind), c.rank(), c.unitsRanked(),
                round(c.previous(), ind), round(c.change(), ind), c.growth(), c.growthRank(), c.shareOfCity(),
                round(c.cityValue(), ind), c.ratioToCity(), c.growthSinceBase(), c.previousRank(), c.rankChange(),
                round(c.distanceToCity(), ind), round(c.cityPathValue(), ind), c.gapToPath(), c.shareOfCityGap(), cut, runId);
    }

    /** Revisions of this release against the one published now, appended to the earlier releases' revisions. */
    private List<Row> revisions(int number, Map<String, BigDecimal> current, Extras extras,
                                Map<String, CityRegions.Region> regions, Date cut) {
        List<Row> rows = new ArrayList<>();
        if (DeltaTables.exists(spark, published("revisions"))) {
            rows.addAll(spark.read().format("delta").load(published("revisions")).collectAsList());
        }
        if (!DeltaTables.exists(spark, published("indicator_values"))) {
            return rows;
        }
        Map<String, BigDecimal> previous = new HashMap<>();
        int previousNumber = 0;
        for (Row r : spark.read().format("delta").load(published("indicator_values"))
                .select("release_no", "indicator_id", "region_code", "year", "value").collectAsList()) {
            previousNumber = r.getInt(0);
            if (!r.isNullAt(4)) {
                previous.put(r.getString(1) + "|" + r.getString(2) + "|" + r.getInt(3), r.getDecimal(4));
            }
        }
        Map<String, Indicator> byId = new HashMap<>();
        indicators.all().forEach(i -> byId.put(i.id(), i));
        for (Revisions.Revision x : Revisions.between(previousNumber, previous, number, current, byId, extras.changedFiles())) {
            Indicator ind = byId.get(x.indicatorId());
            CityRegions.Region region = regions.get(x.regionCode());
            rows.add(RowFactory.create(x.release(), x.previousRelease(), x.indicatorId(), ind.nameZh(), ind.unit(),
                    x.regionCode(), region == null ? null : region.name(), x.year(), x.oldValue(), x.newValue(),
                    x.newValue().subtract(x.oldValue()), x.causeTables(), x.causeFiles(), cut));
        }
        return rows;
    }

    private Row compositeRow(CompositeIndex.Row c, CompositeSpec spec, Map<String, CityRegions.Region> regions, int number,
                             Date cut, String runId) {
        CityRegions.Region region = regions.get(c.regionCode());
        String weights = String.join(", ", spec.indicators().stream().map(x -> x.id() + " " + x.weight()).toList());
        return RowFactory.create(number, c.indexId(), spec.nameZh(), spec.nameEn(), c.cityCode(), c.regionCode(),
                region == null ? null : region.name(), c.year(), c.score(), c.rank(), c.scoreEqualWeights(),
                c.rankEqualWeights(), c.scoreAlternative(), c.rankAlternative(), c.maxRankShift(), c.components(),
                c.weightCovered(), c.unitsRanked(), spec.normalisation().name().toLowerCase(), weights, cut, runId);
    }

    private static List<Row> regionRows(List<RegionIndex.Period> periods, int number) {
        RegionIndex index = new RegionIndex(periods);
        return periods.stream().map(p -> RowFactory.create(number, p.code(), p.name(), p.kind(), Date.valueOf(p.validFrom()),
                p.validTo() == null ? null : Date.valueOf(p.validTo()), p.successor(), index.current(p.code()),
                index.nameOf(index.current(p.code())).orElse(null))).toList();
    }

    private static BigDecimal decimal(double d) {
        return BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP);
    }

    private static BigDecimal round(BigDecimal v, Indicator ind) {
        return v == null ? null : v.setScale(ind.decimals(), RoundingMode.HALF_UP).setScale(6);
    }

    private Row targetRow(Target t, int number) {
        Target.Milestone last = t.last();
        StringBuilder ms = new StringBuilder();
        for (Target.Milestone m : t.milestones()) {
            if (ms.length() > 0) {
                ms.append("; ");
            }
            ms.append(m.year()).append(": ").append(m.isRange() ? m.min().toPlainString() + "–" + m.max().toPlainString()
                    : m.value() == null ? "基期×" + t.multiplier().toPlainString() : m.value().toPlainString());
        }
        TargetCatalog.Plan plan = targets.plan(t.plan());
        return RowFactory.create(number, t.id(), plan.id(), plan.name(), "seed " + plan.seed(), t.indicator(), t.region(),
                t.shareOf(), t.kind().name().toLowerCase(), t.comparator().symbol(), t.tolerance(), t.multiplier(),
                t.strength(), t.base().year(), t.base().value(), ms.toString(), last.year(), t.text());
    }

    /**
     * Makes an earlier release readable again: its published tables as views {@code release_<n>.<table>}, each
     * read at the Delta version the release wrote (time travel), so its figures are exactly as published then.
     */
    public List<String> registerRelease(int n) {
        if (!DeltaTables.exists(spark, published("releases"))) {
            throw new IllegalArgumentException("the lake has no releases yet");
        }
        List<Row> rows = spark.read().format("delta").load(published("releases"))
                .filter(org.apache.spark.sql.functions.col("release_no").equalTo(n)).collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("release " + n + " does not exist (see published.releases)");
        }
        Row r = rows.get(0);
        int at = java.util.Arrays.asList(r.schema().fieldNames()).indexOf("table_versions");
        if (at < 0 || r.isNullAt(at)) {
            throw new IllegalArgumentException("release " + n + " was published before table versions were recorded");
        }
        List<String> names = new ArrayList<>();
        spark.sql("CREATE DATABASE IF NOT EXISTS release_" + n);
        for (String tv : r.getString(at).split(";")) {
            String table = tv.substring(0, tv.indexOf('@'));
            long version = Long.parseLong(tv.substring(tv.indexOf('@') + 1));
            if (!table.startsWith("published.")) {
                continue;
            }
            String name = "release_" + n + "." + table.substring("published.".length());
            spark.sql("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM delta.`" + lake.root() + "/"
                    + table.replace('.', '/') + "` VERSION AS OF " + version);
            names.add(name);
        }
        return names;
    }

    /** The target-gap rows of the latest release, as gold holds them (for showing a release again). */
    public List<TargetGap.Row> readGaps() {
        List<TargetGap.Row> out = new ArrayList<>();
        if (!DeltaTables.exists(spark, gold("target_gap"))) {
            return out;
        }
        for (Row r : spark.read().format("delta").load(gold("target_gap")).collectAsList()) {
            // releases written before the progress columns existed show them empty
            boolean p = java.util.Arrays.asList(r.schema().fieldNames()).contains("eurostat_status");
            out.add(new TargetGap.Row(r.getAs("target_id"), r.getAs("region_code"), r.<Integer>getAs("year"), r.getAs("actual"),
                    r.<Integer>getAs("base_year"), r.getAs("base_value"), r.getAs("base_source"), r.<Integer>getAs("target_year"),
                    r.getAs("target_value"), r.getAs("target_max"), r.getAs("comparator"), r.getAs("gap"),
                    r.getAs("achieved_share"), r.getAs("path_value"), r.getAs("path_method"), r.getAs("required_growth"),
                    r.getAs("actual_growth"), r.getAs("needed_growth"), r.getAs("progress"),
                    TargetGap.Status.valueOf(r.<String>getAs("status").toUpperCase()), r.getAs("reason"),
                    p ? r.getAs("progress_method") : null, p ? r.getAs("progress_years") : null,
                    p ? r.getAs("growth_ratio") : null,
                    p && r.getAs("eurostat_status") != null ? io.zhibiao.indicators.gap.ProgressAssessment.EurostatStatus
                            .valueOf(r.<String>getAs("eurostat_status").toUpperCase()) : null,
                    p ? r.getAs("projected_value") : null, p ? r.getAs("anticipated_ratio") : null,
                    p && r.getAs("escap_status") != null ? io.zhibiao.indicators.gap.ProgressAssessment.EscapStatus
                            .valueOf(r.<String>getAs("escap_status").toUpperCase()) : null,
                    p ? r.getAs("progress_reason") : null));
        }
        return out;
    }

    /** The latest year with indicator values for a region in gold. */
    public Optional<Integer> latestYear(String regionCode) {
        if (!DeltaTables.exists(spark, gold("indicator_values"))) {
            return Optional.empty();
        }
        Row r = spark.read().format("delta").load(gold("indicator_values"))
                .filter(org.apache.spark.sql.functions.col("region_code").equalTo(regionCode)
                        .and(org.apache.spark.sql.functions.col("value").isNotNull()))
                .selectExpr("max(year)").head();
        return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getInt(0));
    }

    /**
     * What a release is computed from: the version of every silver table and the two catalogs. A run whose
     * fingerprint equals the latest release's has nothing new to publish.
     */
    public static String fingerprint(SparkSession spark, Lake lake, List<String> silverTables, IndicatorCatalog indicators,
                                     TargetCatalog targets) {
        StringBuilder sb = new StringBuilder();
        for (String t : silverTables.stream().sorted().toList()) {
            sb.append(t).append('@').append(DeltaTables.version(spark, lake.silver(t))).append(';');
        }
        sb.append("indicators@").append(indicators.digest()).append(";targets@").append(targets.digest());
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- schemas

    static StructType goldValuesSchema() {
        return new TableSchema()
                .string("indicator_id", "指标代码").string("region_code", "区划代码").integer("year", "年度")
                .number("value", "指标值（6位小数）").number("numerator", "分子").number("denominator", "分母")
                .bigint("contributing_units", "贡献单位数").string("run_id", "运行批次").timestamp("computed_at", "计算时间")
                .build();
    }

    static StructType publishedValuesSchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("indicator_id", "指标代码").string("indicator_zh", "指标")
                .string("indicator_en", "Indicator").string("unit", "单位").string("unit_en", "Unit")
                .string("region_code", "区划代码").string("region_name", "地区").string("region_level", "层级（市/县区/功能区）")
                .integer("year", "年度").number("value", "指标值（按指标规定小数位）").number("numerator", "分子")
                .number("denominator", "分母").bigint("contributing_units", "贡献单位数")
                .string("suppressed", "保密标志（x 为不予公布）")
                .string("suppression_reason", "不予公布原因（FREQ 单位数不足、DOM 单一单位占比过高、PRULE p%规则、SEC 连带隐藏）")
                .string("boundary_note", "区划口径说明（按现行区划重述时列出原区划）").date("data_cutoff", "数据截止日")
                .string("run_id", "运行批次").build();
    }

    static StructType revisionsSchema() {
        return new TableSchema()
                .integer("release_no", "修订所在发布批次").integer("previous_release_no", "被修订的发布批次")
                .string("indicator_id", "指标代码").string("indicator_zh", "指标").string("unit", "单位")
                .string("region_code", "区划代码").string("region_name", "地区").integer("year", "年度")
                .number("old_value", "原发布值").number("new_value", "修订后值").number("revision", "修订幅度（新值−原值）")
                .string("cause_tables", "修订原因：有新交付数据的 silver 表").string("cause_files", "修订原因：新交付文件")
                .date("data_cutoff", "数据截止日").build();
    }

    static StructType compositeSchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("index_id", "指数代码").string("index_zh", "指数")
                .string("index_en", "Index").string("city_code", "所属市区划代码").string("region_code", "区划代码")
                .string("region_name", "地区").integer("year", "年度").number("score", "指数得分（声明的标准化与权重）")
                .integer("rank", "位次").number("score_equal_weights", "等权得分（敏感性）")
                .integer("rank_equal_weights", "等权位次（敏感性）").number("score_alternative", "替代标准化得分（敏感性）")
                .integer("rank_alternative", "替代标准化位次（敏感性）").integer("max_rank_shift", "最大位次变动")
                .integer("components", "有数据的分项指标数").number("weight_covered", "有数据分项的权重占比")
                .integer("units_ranked", "参与排名的单位数").string("normalisation", "标准化方法")
                .string("weights", "权重").date("data_cutoff", "数据截止日").string("run_id", "运行批次").build();
    }

    static StructType sensitivitySchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("index_id", "指数代码").string("index_zh", "指数")
                .string("city_code", "所属市区划代码").integer("year", "年度").integer("units_ranked", "参与排名的单位数")
                .number("spearman_equal_weights", "与等权位次的Spearman秩相关")
                .number("spearman_alternative", "与替代标准化位次的Spearman秩相关")
                .integer("max_rank_shift", "最大位次变动").date("data_cutoff", "数据截止日").string("run_id", "运行批次")
                .build();
    }

    static StructType regionsSchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("region_code", "区划代码").string("region_name", "区划名称")
                .string("region_kind", "区划类型").date("valid_from", "启用日期").date("valid_to", "停用日期")
                .string("successor_code", "承继区划代码").string("current_code", "现行区划代码（重述口径）")
                .string("current_name", "现行区划名称").build();
    }

    static StructType gapSchema(boolean labelled) {
        TableSchema s = new TableSchema().integer("release_no", "发布批次").string("target_id", "目标代码")
                .string("plan_id", "规划代码");
        if (labelled) {
            s.string("plan_name", "规划").string("indicator_id", "指标代码").string("indicator_zh", "指标")
                    .string("indicator_en", "Indicator").string("unit", "单位");
        } else {
            s.string("indicator_id", "指标代码");
        }
        s.string("region_code", "区划代码");
        if (labelled) {
            s.string("region_name", "地区");
        }
        return s.integer("year", "评估年度").number("actual", "实际值").integer("base_year", "基期年份")
                .number("base_value", "基期值").string("base_source", "基期值来源（规划/数据）").integer("target_year", "目标年份")
                .string("comparator", "比较方式（>=、>、<=、<、approx 左右、range 区间）").number("target_value", "目标值（区间下限）")
                .number("target_max", "区间上限").string("kind", "目标类型（level 水平、increment 新增、annual_growth 年均增速、share 占比）")
                .string("strength", "约束性（确保/力争/预期）").number("gap", "差距（距目标尚差）")
                .number("achieved_share", "规划增量完成比例").number("path_value", "当年规划路径值")
                .string("path_method", "路径方法（linear 线性 / constant growth 等速增长）").number("required_growth", "规划要求年均增速")
                .number("actual_growth", "基期以来实际年均增速").number("needed_growth", "剩余年份所需年均增速")
                .number("progress", "进度比（实际增量/路径增量）").string("status", "状态代码").string("status_zh", "状态")
                .string("status_en", "Status").string("reason", "判断依据")
                .string("progress_method", "进度评估方法（见 indicators/METHODS-progress.md）")
                .string("progress_years", "进度评估所用年份（ESCAP 回归窗口首年–评估年度；Eurostat 增速自基期起）")
                .number("growth_ratio", "实际与要求年均增速之比 R（Eurostat）")
                .string("eurostat_status", "Eurostat 进展状态代码").string("eurostat_status_zh", "Eurostat 进展状态")
                .string("eurostat_status_en", "Eurostat progress status")
                .number("projected_value", "按观测趋势预计目标年值（ESCAP）")
                .number("anticipated_ratio", "预计完成规划增量比例（ESCAP）")
                .string("escap_status", "ESCAP 预计进展状态代码").string("escap_status_zh", "ESCAP 预计进展状态")
                .string("escap_status_en", "ESCAP anticipated progress").string("progress_reason", "进度评估依据")
                .string("target_text", "规划原文")
                .date("data_cutoff", "数据截止日").string("run_id", "运行批次").build();
    }

    static StructType comparisonSchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("indicator_id", "指标代码").string("indicator_zh", "指标")
                .string("indicator_en", "Indicator").string("unit", "单位").string("city_code", "所属市区划代码")
                .string("region_code", "区划代码").string("region_name", "地区").integer("year", "年度").number("value", "指标值")
                .integer("rank", "位次（1为最好）").integer("units_ranked", "参与排名的县区数").number("previous_value", "上年值")
                .number("change", "比上年增减").number("growth_rate", "比上年增长率").integer("growth_rank", "增速位次")
                .number("share_of_city", "占全市比重（可加总指标）").number("city_value", "全市值")
                .number("ratio_to_city", "与全市值之比（比率指标）").number("growth_since_base", "规划基期以来年均增速")
                .integer("previous_rank", "上年位次").integer("rank_change", "位次变动（正数为上升）")
                .number("distance_to_city", "与全市值之差（比率指标）").number("city_path_value", "全市当年规划路径值")
                .number("gap_to_path", "距路径差距（可加总指标按基期份额分配全市路径值）")
                .number("share_of_city_gap", "占全市差距的比重（负数为领先）")
                .date("data_cutoff", "数据截止日").string("run_id", "运行批次").build();
    }

    static StructType catalogSchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("indicator_id", "指标代码").string("indicator_zh", "指标")
                .string("indicator_en", "Indicator").string("unit", "单位").string("unit_en", "Unit").integer("decimals", "小数位")
                .string("direction", "方向").bool("additive", "可加总").string("levels", "发布层级")
                .string("confidentiality", "保密类别").string("source", "数据来源").string("definition", "统计口径")
                .bool("has_data", "有数据来源").string("formula", "计算方法").build();
    }

    static StructType targetsSchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("target_id", "目标代码").string("plan_id", "规划代码")
                .string("plan_name", "规划").string("seed_document", "规划文本").string("indicator_id", "指标代码")
                .string("region_code", "区划代码").string("share_of", "占比的分母地区").string("kind", "目标类型")
                .string("comparator", "比较方式").number("tolerance", "左右容差").number("multiplier", "相对基期倍数")
                .string("strength", "约束性").integer("base_year", "基期年份").number("base_value", "规划基期值")
                .string("milestones", "节点目标").integer("target_year", "最终目标年份").string("target_text", "规划原文")
                .build();
    }

    static StructType releasesSchema() {
        return new TableSchema()
                .integer("release_no", "发布批次").string("run_id", "运行批次").date("data_cutoff", "数据截止日")
                .timestamp("published_at", "发布时间").string("input_fingerprint", "输入指纹（silver 版本与目录摘要）")
                .string("indicator_catalog_sha256", "指标目录摘要").string("target_catalog_sha256", "目标目录摘要")
                .bigint("indicator_values", "指标值行数").bigint("target_gap_rows", "目标差距行数")
                .string("table_versions", "各发布表的 Delta 版本（可按版本回读本批次）")
                // Rows of releases published before these columns existed read null: not synthetic.
                .bool("synthetic", SyntheticMarker.COLUMN_COMMENT).string("data_note", "数据说明（示例数据时注明）").build();
    }
}
