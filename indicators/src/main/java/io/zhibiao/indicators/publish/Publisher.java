package io.zhibiao.indicators.publish;

import io.zhibiao.lake.ZhibiaoErrors;
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
import io.zhibiao.lake.ReleaseWriter;
import io.zhibiao.lake.CellKey;
import io.zhibiao.lake.LakeTable;
import io.zhibiao.lake.LakeTables;
import io.zhibiao.lake.RegionYear;
import io.zhibiao.lake.Releases;
import io.zhibiao.lake.published.PublishedIndicatorValue;
import io.zhibiao.lake.published.PublishedTables;
import io.zhibiao.lake.published.Revision;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
    private final Releases releases;
    private final ReleaseWriter writer;

    public Publisher(SparkSession spark, Lake lake, IndicatorCatalog indicators, TargetCatalog targets) {
        this.spark = spark;
        this.lake = lake;
        this.indicators = indicators;
        this.targets = targets;
        this.releases = new Releases(spark, lake);
        this.writer = new ReleaseWriter(spark, lake);
    }

    /** The current release, if any (the one {@code published.releases} points at). */
    public Optional<Release> latest() {
        return releases.current().map(Publisher::release);
    }

    private static Release release(Releases.Release r) {
        return new Release(r.number(), r.runId(), r.cutoff(), r.fingerprint());
    }

    /**
     * A release computed and not yet published: its tables as rows in memory, for the audit to read
     * ({@link #frame}) and then for {@link #promote} to write to their places, or for {@link #keep} to write where no
     * reader looks (lake/_candidates/&lt;run&gt;) when the audit holds it back.
     */
    public record Candidate(String root, int number, String runId, LocalDate cutoff, String fingerprint,
                            long publishedValues, long gapRows, Map<String, Dataset<Row>> tables, boolean synthetic) {
        /** The candidate's rows of a table named like gold.indicator_values or published.target_gap. */
        public Dataset<Row> frame(String qualified) {
            Dataset<Row> rows = tables.get(qualified);
            if (rows == null) {
                throw new IllegalArgumentException(qualified + " is not a table of a release " + RELEASE_TABLES);
            }
            return rows;
        }
    }

    /** Tables a release consists of, as zone.table. */
    public static final List<String> RELEASE_TABLES = PublishedTables.releaseNames();

    /**
     * What a release holds beside the values: the composite index, the region list with its validity periods and
     * crosswalk (for restatement notes), the files refined since the previous release per silver table (the
     * possible causes of revisions), and whether the lake holds generated sample data
     * ({@link io.zhibiao.transforms.ingest.SyntheticMarker#anyIngested}).
     */
    public record Extras(CompositeSpec compositeSpec, CompositeIndex.Result composite, List<RegionIndex.Period> regions,
                         Map<String, List<String>> changedFiles, Suppression suppression, boolean synthetic) {
    }

    /** The release's tables, computed in memory; nothing is written. */
    public Candidate stage(RunId run, LocalDate cutoff, String fingerprint, List<CityRegions> cities,
                           List<IndicatorValue> values, List<TargetGap.Row> gaps, List<CountyComparison.Row> comparison,
                           Extras extras) {
        int number = latest().map(r -> r.number() + 1).orElse(1);
        String runId = run.value();
        ReleaseRows rows = new ReleaseRows(indicators, targets, cities, number, cutoff, runId);
        CompositeSpec spec = extras.compositeSpec();
        Map<String, Dataset<Row>> tables = new java.util.LinkedHashMap<>();

        put(tables, PublishedTables.GOLD_INDICATOR_VALUES, values.stream().map(v -> rows.gold(v, run.startedAt())).toList());
        put(tables, PublishedTables.GOLD_TARGET_GAP, gaps.stream().map(rows::gap).toList());
        put(tables, PublishedTables.GOLD_COUNTY_COMPARISON, comparison.stream().map(rows::comparison).toList());

        Map<RegionYear, String> restated = Restatement.notes(extras.regions(), rows.regionCodes(),
                values.stream().map(IndicatorValue::year).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        List<PublishedIndicatorValue> published = new ArrayList<>();
        for (IndicatorValue v : values) {
            rows.published(v, extras.suppression().reason(v.indicatorId(), v.regionCode(), v.year()),
                    restated.get(RegionYear.of(v.regionCode(), v.year()))).ifPresent(published::add);
        }
        Map<CellKey, BigDecimal> publishedValues = new HashMap<>();
        published.stream().filter(p -> p.value() != null).forEach(p ->
                publishedValues.put(CellKey.of(p.indicatorId(), p.regionCode(), p.year()), p.value()));
        put(tables, PublishedTables.INDICATOR_VALUES, published);
        put(tables, PublishedTables.REVISIONS, revisions(rows, number, publishedValues, extras));
        put(tables, PublishedTables.COMPOSITE_INDEX, extras.composite().rows().stream().map(c -> rows.composite(c, spec)).toList());
        put(tables, PublishedTables.COMPOSITE_SENSITIVITY, extras.composite().sensitivity().stream()
                .map(x -> rows.sensitivity(x, spec)).toList());
        put(tables, PublishedTables.REGIONS, rows.regions(extras.regions()));
        put(tables, PublishedTables.TARGET_GAP, gaps.stream().map(rows::gap).toList());
        put(tables, PublishedTables.COUNTY_COMPARISON, comparison.stream().map(rows::comparison).toList());
        put(tables, PublishedTables.INDICATORS, indicators.all().stream().map(rows::catalog).toList());
        put(tables, PublishedTables.TARGETS, targets.all().stream().map(rows::catalog).toList());
        return new Candidate(lake.candidate(runId), number, runId, cutoff, fingerprint, published.size(), gaps.size(),
                java.util.Collections.unmodifiableMap(tables), extras.synthetic());
    }

    /** Writes a held candidate's tables under {@link Candidate#root}, where no reader looks, for people to inspect. */
    public void keep(Candidate c) {
        RELEASE_TABLES.forEach(t -> writer.stage(c.runId(), t, c.frame(t)));
    }

    /**
     * Publishes an audited candidate: its tables written to their places, then one row of {@code published.releases}
     * that makes it current (see {@link ReleaseWriter}): readers see the previous release until that commit.
     */
    public Release promote(Candidate c) {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("release_no", c.number());
        record.put("run_id", c.runId());
        record.put("data_cutoff", c.cutoff());
        record.put("published_at", java.time.Instant.now());
        record.put("input_fingerprint", c.fingerprint());
        record.put("indicator_catalog_sha256", indicators.digest());
        record.put("target_catalog_sha256", targets.digest());
        record.put("indicator_values", c.publishedValues());
        record.put("target_gap_rows", c.gapRows());
        record.put("synthetic", c.synthetic());
        record.put("data_note", c.synthetic() ? SyntheticMarker.DATA_NOTE : null);
        return release(writer.promote(c.runId(), RELEASE_TABLES, c::frame, record));
    }

    /** Revisions of this release against the one published now, appended to the earlier releases' revisions. */
    private List<Revision> revisions(ReleaseRows rows, int number, Map<CellKey, BigDecimal> current, Extras extras) {
        List<Revision> out = new ArrayList<>();
        Optional<Releases.Release> now = releases.current();
        if (now.isEmpty()) {
            return out;
        }
        if (releases.has(now.get(), PublishedTables.REVISIONS.qualified())) {
            releases.read(now.get(), PublishedTables.REVISIONS.qualified()).collectAsList()
                    .forEach(r -> out.add(PublishedTables.REVISIONS.read(r)));
        }
        Map<CellKey, BigDecimal> previous = new HashMap<>();
        int previousNumber = 0;
        for (Row r : releases.read(now.get(), PublishedTables.INDICATOR_VALUES.qualified())
                .select("release_no", "indicator_id", "region_code", "year", "value").collectAsList()) {
            previousNumber = r.getInt(0);
            if (!r.isNullAt(4)) {
                previous.put(CellKey.of(r.getString(1), r.getString(2), r.getInt(3)), r.getDecimal(4));
            }
        }
        Map<String, Indicator> byId = new HashMap<>();
        indicators.all().forEach(i -> byId.put(i.id(), i));
        for (Revisions.Revision x : Revisions.between(previousNumber, previous, number, current, byId, extras.changedFiles())) {
            out.add(rows.revision(x));
        }
        return out;
    }

    private <R extends Record> void put(Map<String, Dataset<Row>> tables, LakeTable<R> table, List<R> rows) {
        tables.put(table.qualified(), LakeTables.delta(spark, lake).frame(table, rows));
    }

    /**
     * Makes an earlier release readable again: its published tables as views {@code release_<n>.<table>}, each
     * read at the Delta version the release wrote (time travel), so its figures are exactly as published then.
     */
    public List<String> registerRelease(int n) {
        List<Releases.Release> all = releases.all();
        if (all.isEmpty()) {
            throw ZhibiaoErrors.noReleasePublished(lake.root());
        }
        Releases.Release r = all.stream().filter(x -> x.number() == n).findFirst().orElseThrow(() ->
                ZhibiaoErrors.releaseDoesNotExist(n, all.stream().map(Releases.Release::number).toList()));
        if (r.versions().isEmpty()) {
            throw ZhibiaoErrors.releaseWithoutTableVersions(n);
        }
        return releases.register(r, "published", "release_" + n);
    }

    /** The target-gap rows of the current release, as gold holds them (for showing a release again). */
    public List<TargetGap.Row> readGaps() {
        List<TargetGap.Row> out = new ArrayList<>();
        Optional<Releases.Release> now = releases.current();
        if (now.isEmpty() || !releases.has(now.get(), PublishedTables.GOLD_TARGET_GAP.qualified())) {
            return out;
        }
        // releases written before the progress columns existed read them as null
        for (Row r : releases.read(now.get(), PublishedTables.GOLD_TARGET_GAP.qualified()).collectAsList()) {
            out.add(ReleaseRows.evaluation(PublishedTables.GOLD_TARGET_GAP.read(r)));
        }
        return out;
    }

    /** The latest year with indicator values for a region in gold. */
    public Optional<Integer> latestYear(String regionCode) {
        Optional<Releases.Release> now = releases.current();
        if (now.isEmpty() || !releases.has(now.get(), "gold.indicator_values")) {
            return Optional.empty();
        }
        Row r = releases.read(now.get(), "gold.indicator_values")
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
        return IndicatorCatalog.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
