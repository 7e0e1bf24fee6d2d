package io.zhibiao.jobs;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.composite.CompositeIndex;
import io.zhibiao.indicators.composite.CompositeSpec;
import io.zhibiao.indicators.compute.IndicatorEngine;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.indicators.gap.CountyComparison;
import io.zhibiao.indicators.gap.TargetEvaluator;
import io.zhibiao.indicators.gap.TargetGap;
import io.zhibiao.indicators.publish.GapTableText;
import io.zhibiao.indicators.publish.Publisher;
import io.zhibiao.indicators.publish.RevisionCauses;
import io.zhibiao.indicators.publish.Suppression;
import io.zhibiao.quality.CheckResult;
import io.zhibiao.quality.QualityCatalog;
import io.zhibiao.quality.QualityGate;
import io.zhibiao.quality.QualityReport;
import io.zhibiao.transforms.standard.Masking;
import java.util.ArrayList;
import io.zhibiao.transforms.ingest.BronzeIngest;
import io.zhibiao.transforms.ingest.FileOutcome;
import io.zhibiao.transforms.ingest.IngestReport;
import io.zhibiao.transforms.ingest.SyntheticMarker;
import io.zhibiao.lake.CrashPoint;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeCatalog;
import io.zhibiao.lake.Releases;
import io.zhibiao.lake.published.PublishedTables;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.refine.BatchAccounting;
import io.zhibiao.transforms.refine.RefineReport;
import io.zhibiao.transforms.refine.RevisionWarning;
import io.zhibiao.transforms.refine.SilverRefine;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the stages for one command against one lake: ingest, refine, and the run log. It decides nothing
 * about data; the stages do. It turns their reports into log lines, a summary and an exit code.
 */
public final class LakeJob {

    private static final Logger LOG = LoggerFactory.getLogger("zhibiao");
    private static final int WARNINGS_PRINTED = 20;

    private final SparkSession spark;
    private final Lake lake;
    private final SourceRegistry registry;
    private final LocalDate cutoff;
    private final PrintStream out;
    private final RunId run;
    private final RunLog runLog = new RunLog();

    /** The indicator and target declarations, loaded (and checked) before any data is touched. */
    public record Catalogs(IndicatorCatalog indicators, TargetCatalog targets, QualityCatalog quality,
                           CompositeSpec composite) {
    }

    private Catalogs catalogs;
    private List<TargetGap.Row> gaps = List.of();
    private Publisher.Release release;
    private java.util.Set<String> accepted = java.util.Set.of();

    private boolean full;

    /**
     * Recompute and publish even when silver and the catalogs match the current release's fingerprint (a run after
     * nothing new otherwise keeps the release as it is).
     */
    public LakeJob full(boolean full) {
        this.full = full;
        return this;
    }

    private boolean recompute;

    /**
     * Run every measure query, keeping none of the last run's rows ({@code run --full}); the release is still kept as it
     * is when silver and the catalogs match its fingerprint. {@link #full} implies it.
     */
    public LakeJob recompute(boolean recompute) {
        this.recompute = recompute;
        return this;
    }

    /** Rules whose blocking failures the operator accepts for this run (they are reported as warnings). */
    public LakeJob accepting(java.util.Set<String> rules) {
        this.accepted = rules;
        return this;
    }
    private String qualityVerdict;
    private String qualityReport;
    private long qualityNanos;

    /** Enables the indicator stage of {@link #run}. */
    public LakeJob withCatalogs(Catalogs c) {
        this.catalogs = c;
        return this;
    }

    public LakeJob(SparkSession spark, Lake lake, SourceRegistry registry, LocalDate cutoff, PrintStream out) {
        this(spark, lake, registry, cutoff, out, RunId.at(Instant.now()));
    }

    /** A job for run {@code run} (the id the lake's writer lock was taken for). */
    public LakeJob(SparkSession spark, Lake lake, SourceRegistry registry, LocalDate cutoff, PrintStream out, RunId run) {
        this.spark = spark;
        this.lake = lake;
        this.registry = registry;
        this.cutoff = cutoff;
        this.out = out;
        this.run = run;
    }

    public RunId runId() {
        return run;
    }

    /** The release current after the last stage that looked at releases, if any. */
    public Optional<Integer> releaseNumber() {
        return Optional.ofNullable(release).map(Publisher.Release::number);
    }

    /** Why the last command did not exit 0, in one line; null when it did. */
    public String failureReason() {
        return failureReason;
    }

    private String failureReason;

    /** landing → bronze; returns the exit code. */
    public int ingest(Optional<String> period, Optional<String> source) throws IOException {
        int code = doIngest(period, source);
        finish("ingest", code);
        return code;
    }

    /** bronze → silver; returns the exit code. */
    public int refine(Optional<String> source) {
        int code = doRefine(source);
        finish("refine", code);
        return code;
    }

    /**
     * One step of a run: the lake tables it reads and writes (as zone.table; {@code <source>} and {@code <table>}
     * stand for every declared source and silver table), whether a failure stops the steps after it, and its body.
     */
    public record Stage(String name, List<String> reads, List<String> writes, boolean stopsOnFailure, Body body) {
        /** Runs the stage; returns its exit code. */
        public interface Body {
            int run() throws IOException;
        }
    }

    /**
     * What {@code run} does, in order. A delivery rejected whole (exit 3) does not stop the run: the other files are
     * refined and published. An unbalanced batch (exit 4) stops it before anything is computed from silver.
     */
    public List<Stage> stages(Optional<String> period) {
        List<Stage> out = new ArrayList<>();
        out.add(new Stage("ingest", List.of("landing/<source>/<period>/*"),
                List.of("bronze.<source>", "audit.files", "audit.duplicates"), false,
                () -> doIngest(period, Optional.empty())));
        out.add(new Stage("refine", List.of("bronze.<source>", "silver.region"),
                List.of("silver.<table>", "quarantine.rows", "audit.accounting", "audit.revision_warnings"), true,
                () -> doRefine(Optional.empty())));
        if (catalogs != null) {
            List<String> writes = new ArrayList<>(PublishedTables.releaseNames());
            writes.addAll(List.of(Releases.TABLE, "audit.checks"));
            out.add(new Stage("indicators", List.of("silver.<table>", "bronze.<source>", "audit.files", "audit.accounting",
                    Releases.TABLE), writes, true, this::doIndicators));
        }
        return out;
    }

    /** Everything: ingest, refine, the quality gate, indicators, and publication of a release that passes. */
    public int run(Optional<String> period) throws IOException {
        long started = System.nanoTime();
        int code = ExitCode.OK;
        for (Stage stage : stages(period)) {
            LOG.debug("[{}] reads {}; writes {}", stage.name(), stage.reads(), stage.writes());
            int c = stage.body().run();
            if (c != ExitCode.OK) {
                code = c;
                if (stage.stopsOnFailure()) {
                    break;
                }
            }
        }
        printSummary(Duration.ofNanos(System.nanoTime() - started));
        printQuality();
        printTargetGap();
        finish("run", code);
        return code;
    }

    /** silver → gold → published: indicators, target-gap, county comparison, audited, as a numbered release. */
    public int indicators() {
        int code = doIndicators();
        printQuality();
        printTargetGap();
        finish("indicators", code);
        return code;
    }

    /** The quality checks on the lake as it is: every silver suite and anomaly rule, the published release. */
    public int check() {
        long started = System.nanoTime();
        LakeCatalog.register(spark, lake);
        QualityGate gate = new QualityGate(spark, lake, catalogs.quality(), registry);
        List<CheckResult> checks = new ArrayList<>(gate.onAllSilver());
        Publisher publisher = new Publisher(spark, lake, catalogs.indicators(), catalogs.targets());
        Optional<Publisher.Release> last = publisher.latest();
        Optional<Releases.Release> current = new Releases(spark, lake).current();
        if (current.isPresent()) {
            checks.addAll(gate.onCandidate(t -> new Releases(spark, lake).read(current.get(), t),
                    catalogs.indicators(), new IndicatorEngine(spark, lake, catalogs.indicators()).cities()));
        }
        boolean blocked = QualityGate.blocks(checks);
        qualityNanos = System.nanoTime() - started;
        String line = last.map(r -> "检查对象：silver 与当前发布批次 " + r.number() + "。").orElse("尚无发布批次，只检查 silver。");
        report(gate, checks, blocked, line);
        printQuality();
        int code = blocked ? ExitCode.BLOCKED : ExitCode.OK;
        if (blocked) {
            failureReason = "quality checks failed: " + firstBlock(checks) + " (report: " + qualityReport + ")";
        }
        finish("check", code);
        return code;
    }

    private int doIndicators() {
        long started = System.nanoTime();
        List<String> off = balance().entrySet().stream().filter(e -> !e.getValue().balanced())
                .map(e -> e.getKey() + " (bronze " + e.getValue().bronze() + " ≠ " + e.getValue().merged() + " + "
                        + e.getValue().quarantined() + " + " + e.getValue().duplicates() + ")").toList();
        if (!off.isEmpty()) {
            failureReason = "the lake's accounting does not balance for " + String.join(", ", off)
                    + ": bronze ≠ rows merged into silver + quarantined + duplicates over all batches, so nothing was"
                    + " computed or published; see " + lake.accounting();
            LOG.error("[publish] {}", failureReason);
            runLog.problems.add(failureReason);
            return ExitCode.UNBALANCED;
        }
        LakeCatalog.register(spark, lake);
        QualityGate gate = new QualityGate(spark, lake, catalogs.quality(), registry);
        Publisher publisher = new Publisher(spark, lake, catalogs.indicators(), catalogs.targets());
        List<BatchAccounting.Entry> batches = gate.unreleased(publisher.latest().map(Publisher.Release::runId));
        List<CheckResult> checks = new ArrayList<>();
        if (!batches.isEmpty()) {
            checks.addAll(QualityGate.accept(gate.onSilver(batches, gate.tablesOf(batches)), accepted));
        }
        qualityNanos = System.nanoTime() - started;
        List<String> silverTables = registry.sources().stream().map(SourceSpec::silver).toList();
        String fingerprint = Publisher.fingerprint(spark, lake, silverTables, catalogs.indicators(), catalogs.targets());
        Optional<Publisher.Release> last = publisher.latest();
        release = last.orElse(null);
        gaps = publisher.readGaps();
        if (QualityGate.blocks(checks)) {
            return held(gate, checks, last, "silver 检查未通过，未计算新的指标");
        }
        if (!full && last.isPresent() && last.get().fingerprint().equals(fingerprint)) {
            LOG.info("[publish] nothing new since release {} (run {}): silver tables and catalogs unchanged", release.number(),
                    release.runId());
            if (!checks.isEmpty()) {
                report(gate, checks, false, "发布批次 " + release.number() + " 保持不变（无新的可发布内容）。");
            }
            return ExitCode.OK;
        }
        IndicatorEngine.Result result = new IndicatorEngine(spark, lake, catalogs.indicators(), registry)
                .reusing(!full && !recompute)
                .compute();
        CrashPoint.reached("indicators:computed");
        // Disclosure control first: everything published is derived from the publishable values only.
        Suppression suppression = Suppression.decide(catalogs.indicators(), result.cities(), result.values(), result.measures());
        List<IndicatorValue> publishable = suppression.publishable(result.values());
        List<TargetGap.Row> candidateGaps = TargetEvaluator.evaluate(catalogs.targets(), catalogs.indicators(), publishable);
        int maxYear = result.values().stream().mapToInt(IndicatorValue::year).max().orElse(0);
        int comparisonBase = catalogs.targets().comparisonBase(maxYear);
        List<CountyComparison.Row> comparison = CountyComparison.compute(catalogs.indicators(), result.cities(),
                publishable, comparisonBase, CountyComparison.cityPaths(catalogs.targets(), candidateGaps, result.cities()));
        CompositeIndex.Result composite = CompositeIndex.compute(catalogs.composite(), catalogs.indicators(), result.cities(),
                publishable);
        Publisher.Extras extras = new Publisher.Extras(catalogs.composite(), composite,
                io.zhibiao.transforms.standard.RegionTable.read(spark, lake, SourceRegistry.REGION_TABLE), RevisionCauses.changedFiles(spark, lake, registry, batches),
                suppression, SyntheticMarker.anyIngested(spark, lake));
        LOG.info("[publish] disclosure control: {} cells withheld {}", suppression.counts().values().stream()
                .mapToLong(Long::longValue).sum(), suppression.counts());
        Publisher.Candidate candidate = publisher.stage(run, cutoff, fingerprint, result.cities(), result.values(),
                candidateGaps, comparison, extras);
        long audit = System.nanoTime();
        checks.addAll(QualityGate.accept(gate.onCandidate(candidate::frame, catalogs.indicators(), result.cities()),
                accepted));
        qualityNanos += System.nanoTime() - audit;
        CrashPoint.reached("quality:candidate-audited");
        if (QualityGate.blocks(checks)) {
            publisher.keep(candidate);
            return held(gate, checks, last, "候选发布未通过审核，保留在 " + candidate.root() + " 供核查");
        }
        release = publisher.promote(candidate);
        gaps = candidateGaps;
        LakeCatalog.register(spark, lake);
        report(gate, checks, false, "已发布批次 " + release.number() + "。"
                + (candidate.synthetic() ? "本批次为" + SyntheticRelease.NOTE + "。" : ""));
        CrashPoint.reached("run:reported");
        long statuses = gaps.stream().filter(g -> g.status() != TargetGap.Status.NO_DATA).count();
        LOG.info("[publish] release {}: {} indicator values ({} indicators × regions × years), {} target-gap rows "
                + "({} with data), {} county comparison rows, {} (quality checks {})", release.number(), result.values().size(),
                catalogs.indicators().all().stream().filter(Indicator::hasSource).count(), gaps.size(), statuses,
                comparison.size(), seconds(Duration.ofNanos(System.nanoTime() - started)),
                seconds(Duration.ofNanos(qualityNanos)));
        return ExitCode.OK;
    }

    /** A blocking check: the previous release stays published; the run exits 5. */
    private int held(QualityGate gate, List<CheckResult> checks, Optional<Publisher.Release> last, String why) {
        String line = "阻断：" + why + "；" + last.map(r -> "发布批次 " + r.number() + " 保持不变。").orElse("尚无发布批次。");
        report(gate, checks, true, line);
        failureReason = "quality gate blocked the release: " + firstBlock(checks) + "; "
                + last.map(r -> "release " + r.number() + " stays published").orElse("nothing is published")
                + " (report: " + qualityReport + ")";
        LOG.error("[quality] {}", failureReason);
        return ExitCode.BLOCKED;
    }

    private void report(QualityGate gate, List<CheckResult> checks, boolean blocked, String releaseLine) {
        gate.record(run, checks, blocked);
        qualityReport = QualityReport.write(spark, lake, run, checks, releaseLine, registry);
        qualityVerdict = QualityReport.verdict(run, checks, releaseLine);
        LOG.info("[quality] {} checks ({} blocking, {} warnings) in {}; report {}", checks.size(),
                checks.stream().filter(c -> c.outcome() == CheckResult.Outcome.BLOCK).count(),
                checks.stream().filter(c -> c.outcome() == CheckResult.Outcome.WARN).count(),
                seconds(Duration.ofNanos(qualityNanos)), qualityReport);
    }

    private static String firstBlock(List<CheckResult> checks) {
        return checks.stream().filter(c -> c.outcome() == CheckResult.Outcome.BLOCK).findFirst()
                .map(c -> c.rule() + " on " + c.table() + (c.message().isEmpty() ? "" : ": " + Masking.maskCodes(c.message())))
                .orElse("");
    }

    private void printQuality() {
        out.println();
        if (qualityVerdict == null) {
            out.println("质量检查：本次没有新的数据，未做检查。");
            return;
        }
        out.print(qualityVerdict);
        out.println("quality report: " + qualityReport);
    }

    /** The city's target-gap table for its latest year, and where the published tables are. */
    private void printTargetGap() {
        if (release == null) {
            return;
        }
        Publisher publisher = new Publisher(spark, lake, catalogs.indicators(), catalogs.targets());
        for (var city : new IndicatorEngine(spark, lake, catalogs.indicators()).cities()) {
            Optional<Integer> year = publisher.latestYear(city.city().code());
            if (year.isEmpty()) {
                continue;
            }
            out.println();
            out.print(GapTableText.render(city.city().name(), city.city().code(), year.get(), gaps, catalogs.targets(),
                    catalogs.indicators()));
        }
        out.println();
        out.printf("release %d (run %s, data cut-off %s) published to %s/published: %s, releases%n", release.number(),
                release.runId(), release.cutoff(), lake.root(), String.join(", ", Publisher.RELEASE_TABLES.stream()
                        .filter(t -> t.startsWith("published.")).map(t -> t.substring("published.".length())).toList()));
        out.println("read them as published.<table> in a Spark SQL session over the lake, e.g. "
                + "./zhibiao sql \"SELECT * FROM published.target_gap\"");
        String note = new Releases(spark, lake).find(release.number()).map(r -> SyntheticRelease.noteOf(r.row()))
                .orElse(null);
        if (note != null) {
            out.println("release " + release.number() + " is " + note + " (built from files zhibiao generate invented; "
                    + "published.releases.synthetic = true)");
        }
    }

    private int doIngest(Optional<String> period, Optional<String> source) throws IOException {
        source.ifPresent(registry::require);
        IngestReport report = new BronzeIngest(spark, lake, registry).ingest(run, period, source);
        for (IngestReport.SourceResult s : report.sources()) {
            long fresh = s.count(FileOutcome.Status.INGESTED);
            long old = s.count(FileOutcome.Status.ALREADY_INGESTED);
            long rejected = s.count(FileOutcome.Status.REJECTED);
            runLog.filesIngested += fresh;
            runLog.filesAlreadyIngested += old;
            runLog.filesRejected += rejected;
            runLog.rowsIngested += s.rowsIngested();
            if (fresh + old + rejected == 0) {
                continue;
            }
            LOG.info("[ingest] {}: files in {} (new {}, already in the lake {}, rejected {}), rows out to bronze {}, {}",
                    s.source(), fresh + old + rejected, fresh, old, rejected, s.rowsIngested(), seconds(s.took()));
        }
        List<FileOutcome> rejected = report.rejected();
        for (FileOutcome f : rejected) {
            String line = "rejected " + f.file() + ": " + f.reason();
            LOG.error("[ingest] {}", line);
            out.println("zhibiao: " + line);
            runLog.problems.add(line);
        }
        runLog.filesRejected += report.unassigned().size();
        if (rejected.isEmpty()) {
            return ExitCode.OK;
        }
        failureReason = rejected.size() + " delivered file" + (rejected.size() > 1 ? "s" : "") + " rejected, nothing of "
                + (rejected.size() > 1 ? "them" : "it") + " entered the lake; first: " + rejected.get(0).file() + ": "
                + rejected.get(0).reason();
        return ExitCode.REJECTED_INPUT;
    }

    private int doRefine(Optional<String> source) {
        balance = null;
        source.ifPresent(registry::require);
        RefineReport report = new SilverRefine(spark, lake, registry, cutoff).refine(run, source);
        for (BatchAccounting.Entry e : report.batches()) {
            runLog.rowsRefined += e.silverRows();
            runLog.rowsQuarantined += e.quarantined();
            runLog.rowsDuplicate += e.duplicates();
            String verdict = e.balanced() ? "balanced" : "NOT BALANCED";
            LOG.info("[refine] {} {}: rows in {} = silver {} (new {}, updated {}) + quarantined {} + duplicates {}: {}, {}",
                    e.source(), e.batchId(), e.bronzeRows(), e.silverRows(), e.silverInserted(), e.silverUpdated(),
                    e.quarantined(), e.duplicates(), verdict, seconds(e.took()));
            if (!e.balanced()) {
                String line = "batch " + e.batchId() + " of " + e.source() + " does not balance: bronze " + e.bronzeRows()
                        + " ≠ " + e.silverRows() + " + " + e.quarantined() + " + " + e.duplicates();
                LOG.error("[refine] {}", line);
                runLog.problems.add(line);
                failureReason = line;
            }
        }
        printRevisionWarnings(report);
        return report.balanced() ? ExitCode.OK : ExitCode.UNBALANCED;
    }

    /** Values re-deliveries moved beyond their source's declared factor: a warning each, the exit code unchanged. */
    private void printRevisionWarnings(RefineReport report) {
        List<RevisionWarning> listed = report.revisionWarnings().subList(0,
                Math.min(WARNINGS_PRINTED, report.revisionWarnings().size()));
        for (RevisionWarning w : listed) {
            String line = "warning: revised " + w.describe();
            LOG.warn("[refine] {}", line);
            out.println("zhibiao: " + line);
        }
        long rest = report.revisionWarningCount() - listed.size();
        if (rest > 0) {
            out.println("zhibiao: warning: and " + rest + " more values revised beyond their declared factor, in "
                    + lake.revisionWarnings());
        }
        if (report.revisionWarningCount() > 0) {
            runLog.problems.add(report.revisionWarningCount() + " values revised beyond their declared factor (warning): "
                    + lake.revisionWarnings());
        }
    }

    private void finish(String command, int code) {
        runLog.write(spark, lake, run, command, code);
        CrashPoint.reached(command + ":logged");
    }

    /** Rows per table and the accounting over all batches, per source. */
    private void printSummary(Duration took) {
        out.println();
        out.printf("zhibiao run %s finished in %s — lake: %s%n", run, seconds(took), lake.root());
        out.println();
        String fmt = "%-18s %10s %10s %10s %10s %10s  %s%n";
        out.printf(fmt, "source", "bronze", "silver", "quarantine", "duplicates", "balance", "silver table");
        long[] totals = new long[5];
        for (SourceSpec s : registry.sources()) {
            Balance b = balance().get(s.id());
            out.printf(fmt, s.id(), b.bronze(), b.silver(), b.quarantined(), b.duplicates(), b.balanced() ? "ok" : "OFF",
                    "silver/" + s.silver());
            totals[0] += b.bronze();
            totals[1] += b.silver();
            totals[2] += b.quarantined();
            totals[3] += b.duplicates();
        }
        out.printf(fmt, "total", totals[0], totals[1], totals[2], totals[3], "", "");
        out.println();
        out.println("bronze = rows merged into silver (new or updated) + quarantined + duplicates, per batch: "
                + lake.accounting());
        out.println("quarantined rows with rule, field, value, file and line: " + lake.quarantine());
    }

    /** One source over all its batches: bronze = rows merged into silver (new or updated) + quarantined + duplicates. */
    record Balance(long bronze, long silver, long quarantined, long duplicates, long merged) {
        boolean balanced() {
            return bronze == merged + quarantined + duplicates;
        }
    }

    private Map<String, Balance> balance;

    /**
     * Every source's balance over the whole lake, counted once per command after refine (nothing later in a run moves
     * bronze, silver or the accounting): the gate before anything is computed from silver, and the run's summary.
     */
    private Map<String, Balance> balance() {
        if (balance != null) {
            return balance;
        }
        // One pass over the accounting for every source (sums: quarantined, duplicates, merged into silver).
        Map<String, long[]> sums = new HashMap<>();
        if (DeltaTables.exists(spark, lake.accounting())) {
            for (var r : spark.read().format("delta").load(lake.accounting()).groupBy("source")
                    .agg(org.apache.spark.sql.functions.expr("coalesce(sum(quarantined), 0)"),
                            org.apache.spark.sql.functions.expr("coalesce(sum(duplicates), 0)"),
                            org.apache.spark.sql.functions.expr("coalesce(sum(silver_inserted + silver_updated), 0)"))
                    .collectAsList()) {
                sums.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
            }
        }
        List<String> tables = new ArrayList<>();
        registry.sources().forEach(s -> tables.addAll(List.of(lake.bronze(s.id()), lake.silver(s.silver()))));
        Map<String, Long> rows = io.zhibiao.lake.Concurrently.map(spark, tables, this::count);
        Map<String, Balance> out = new java.util.LinkedHashMap<>();
        for (SourceSpec s : registry.sources()) {
            long[] sum = sums.getOrDefault(s.id(), new long[3]);
            out.put(s.id(), new Balance(rows.get(lake.bronze(s.id())), rows.get(lake.silver(s.silver())), sum[0], sum[1],
                    sum[2]));
        }
        balance = out;
        return out;
    }

    private long count(String path) {
        return DeltaTables.rows(spark, path);
    }

    private static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
