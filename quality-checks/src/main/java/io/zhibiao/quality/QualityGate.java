package io.zhibiao.quality;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.lake.Concurrently;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeTables;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.audit.AccountedBatch;
import io.zhibiao.lake.audit.AuditCheck;
import io.zhibiao.lake.audit.AuditTables;
import io.zhibiao.transforms.refine.BatchAccounting;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import io.zhibiao.transforms.standard.Masking;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Write-audit-publish's audit. Before anything is computed from the new data: the share of each new batch that
 * went to quarantine, the silver suites of the tables the run changed, and the period-on-period anomalies.
 * On the release candidate: the gold and published suites and the reconciliations. Every check is recorded in
 * audit/checks; any failed check of severity block holds the release back.
 */
public final class QualityGate {

    private final SparkSession spark;
    private final Lake lake;
    private final QualityCatalog catalog;
    private final SourceRegistry registry;

    public QualityGate(SparkSession spark, Lake lake, QualityCatalog catalog, SourceRegistry registry) {
        this.spark = spark;
        this.lake = lake;
        this.catalog = catalog;
        this.registry = registry;
    }

    public static boolean blocks(List<CheckResult> results) {
        return results.stream().anyMatch(r -> r.outcome() == CheckResult.Outcome.BLOCK);
    }

    /**
     * Batches refined since the release made by {@code lastReleaseRun} (all batches when there is none): a
     * failure of one holds every later release back until the data is fixed or the rule accepted.
     */
    public List<BatchAccounting.Entry> unreleased(java.util.Optional<String> lastReleaseRun) {
        List<BatchAccounting.Entry> out = new ArrayList<>();
        if (!DeltaTables.exists(spark, lake.accounting())) {
            return out;
        }
        var acc = spark.read().format("delta").load(lake.accounting());
        if (lastReleaseRun.isPresent()) {
            acc = acc.filter(org.apache.spark.sql.functions.col("run_id").gt(lastReleaseRun.get()));
        }
        for (Row r : acc.orderBy("batch_id").collectAsList()) {
            AccountedBatch b = AuditTables.ACCOUNTING.read(r);
            out.add(new BatchAccounting.Entry(b.source(), b.batchId(), b.bronzeRows(), b.silverInserted(),
                    b.silverUpdated(), b.quarantined(), b.duplicates(), b.balanced(), java.time.Duration.ZERO));
        }
        return out;
    }

    /** Failures of rules the operator accepted for this run count as warnings, and say so. */
    public static List<CheckResult> accept(List<CheckResult> results, Set<String> accepted) {
        List<CheckResult> out = new ArrayList<>();
        for (CheckResult r : results) {
            if (r.outcome() == CheckResult.Outcome.BLOCK && accepted.contains(r.rule())) {
                out.add(new CheckResult(r.stage(), r.table(), r.rule(), r.check(), r.column(), r.threshold(), r.value(),
                        CheckResult.Outcome.WARN, r.severity(), r.failingRows(), r.sample(),
                        r.message() + "（阻断已由操作人员以 --accept " + r.rule() + " 接受）"));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** Silver tables (as "silver.x") the given batches wrote to. */
    public Set<String> tablesOf(List<BatchAccounting.Entry> batches) {
        Set<String> out = new java.util.TreeSet<>();
        for (BatchAccounting.Entry e : batches) {
            out.add("silver." + registry.require(e.source()).silver());
        }
        return out;
    }

    /** Quarantine share of each batch, silver suites and anomalies of the changed tables. */
    public List<CheckResult> onSilver(List<BatchAccounting.Entry> batches, Set<String> tables) {
        List<CheckResult> out = new ArrayList<>(quarantine(batches));
        out.addAll(silverSuites(tables));
        out.addAll(new AnomalyChecks(spark, lake, catalog).run(tables));
        return out;
    }

    /** Every silver suite and anomaly rule, for `zhibiao check` on the lake as it is. */
    public List<CheckResult> onAllSilver() {
        Set<String> tables = new java.util.TreeSet<>();
        for (SourceSpec s : registry.sources()) {
            if (DeltaTables.exists(spark, lake.silver(s.silver()))) {
                tables.add("silver." + s.silver());
            }
        }
        List<CheckResult> out = new ArrayList<>(silverSuites(tables));
        out.addAll(new AnomalyChecks(spark, lake, catalog).run(tables));
        return out;
    }

    /** The silver suites of {@code tables}, one Deequ run per table, side by side; results in table order. */
    private List<CheckResult> silverSuites(Set<String> tables) {
        List<String> checked = tables.stream().filter(t -> catalog.suites().containsKey(t)).toList();
        List<CheckResult> out = new ArrayList<>();
        Concurrently.map(spark, checked, t -> DeequFacade.verify("silver", t, read(t), catalog.suites().get(t), this::read))
                .values().forEach(out::addAll);
        return out;
    }

    /**
     * The candidate's gold and published suites and the reconciliations; {@code candidate} resolves a table
     * name such as gold.indicator_values to the candidate's copy.
     */
    public List<CheckResult> onCandidate(Function<String, Dataset<Row>> candidate, IndicatorCatalog indicators,
                                         List<CityRegions> cities) {
        List<CheckResult> out = new ArrayList<>();
        List<String> suites = catalog.suites().keySet().stream()
                .filter(t -> t.startsWith("gold.") || t.startsWith("published.")).toList();
        Concurrently.map(spark, suites, t -> DeequFacade.verify(t.substring(0, t.indexOf('.')), t, candidate.apply(t),
                catalog.suites().get(t), this::read)).values().forEach(out::addAll);
        out.addAll(new Reconciliation(spark, lake, catalog, indicators, registry).run(candidate.apply("gold.indicator_values"),
                candidate.apply("published.indicator_values"), cities));
        return out;
    }

    private List<CheckResult> quarantine(List<BatchAccounting.Entry> batches) {
        List<CheckResult> out = new ArrayList<>();
        QualityCatalog.Quarantine q = catalog.quarantine();
        for (BatchAccounting.Entry e : batches) {
            double share = e.bronzeRows() == 0 ? 0 : (double) e.quarantined() / e.bronzeRows();
            CheckResult.Outcome outcome = share > q.blockAbove() ? CheckResult.Outcome.BLOCK
                    : share > q.warnAbove() ? CheckResult.Outcome.WARN : CheckResult.Outcome.PASS;
            List<String> sample = new ArrayList<>();
            if (e.quarantined() > 0) {
                for (Row r : spark.read().format("delta").load(lake.quarantine())
                        .filter(org.apache.spark.sql.functions.col("batch_id").equalTo(e.batchId()))
                        .groupBy("rule_id", "field").count().orderBy(org.apache.spark.sql.functions.col("count").desc())
                        .limit(5).collectAsList()) {
                    sample.add(r.getString(0) + " " + r.getString(1) + "：" + r.getLong(2) + " 行");
                }
            }
            String sev = outcome == CheckResult.Outcome.BLOCK ? "超过阻断线 " + q.blockAbove() : "";
            out.add(new CheckResult("quarantine", "silver." + registry.require(e.source()).silver(), q.rule(), "quarantine_share",
                    "*", "隔离比例 ≤ " + q.warnAbove() + "（警告）/ ≤ " + q.blockAbove() + "（阻断）",
                    String.format("%d / %d = %.4f", e.quarantined(), e.bronzeRows(), share), outcome,
                    outcome == CheckResult.Outcome.BLOCK ? Severity.BLOCK : Severity.WARN, e.quarantined(), sample,
                    e.quarantined() == 0 ? "" : e.source() + " 批次 " + e.batchId() + " 有 " + e.quarantined() + " 行被隔离" + sev));
        }
        return out;
    }

    private Dataset<Row> read(String table) {
        return spark.read().format("delta").load(lake.table(table));
    }

    // ---------------------------------------------------------------- audit/checks

    public String checksPath() {
        return lake.checks();
    }

    /** Appends the run's checks to audit/checks, samples masked once more for safety. */
    public void record(RunId run, List<CheckResult> results, boolean blocked) {
        if (results.isEmpty()) {
            return;
        }
        List<AuditCheck> rows = new ArrayList<>();
        for (CheckResult r : results) {
            rows.add(new AuditCheck(run.value(), run.startedAt(), r.stage(), r.table(), r.rule(),
                    r.check(), r.column(), r.threshold(), Masking.maskCodes(r.value()), r.outcome().name().toLowerCase(),
                    r.severity().name().toLowerCase(), r.failingRows(),
                    r.sample().stream().map(Masking::maskCodes).toList(), Masking.maskCodes(r.message()), blocked));
        }
        LakeTables.delta(spark, lake).append(AuditTables.CHECKS, rows, "zhibiao:checks:" + run.value());
    }
}
