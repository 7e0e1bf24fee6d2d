package io.zhibiao.jobs;

import io.zhibiao.transforms.ingest.BronzeIngest;
import io.zhibiao.transforms.ingest.FileOutcome;
import io.zhibiao.transforms.ingest.IngestReport;
import io.zhibiao.transforms.lake.DeltaTables;
import io.zhibiao.transforms.lake.Lake;
import io.zhibiao.transforms.lake.RunId;
import io.zhibiao.transforms.refine.BatchAccounting;
import io.zhibiao.transforms.refine.RefineReport;
import io.zhibiao.transforms.refine.SilverRefine;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the stages for one command against one lake: ingest, refine, and the run log. It decides nothing
 * about data; the stages do. It turns their reports into log lines, a summary and an exit code.
 */
public final class LakeJob {

    private static final Logger LOG = LoggerFactory.getLogger("zhibiao");

    private final SparkSession spark;
    private final Lake lake;
    private final SourceRegistry registry;
    private final LocalDate cutoff;
    private final PrintStream out;
    private final RunId run;
    private final RunLog runLog = new RunLog();

    public LakeJob(SparkSession spark, Lake lake, SourceRegistry registry, LocalDate cutoff, PrintStream out) {
        this.spark = spark;
        this.lake = lake;
        this.registry = registry;
        this.cutoff = cutoff;
        this.out = out;
        this.run = RunId.at(Instant.now());
    }

    public RunId runId() {
        return run;
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

    /** Everything up to silver: ingest, then refine. */
    public int run(Optional<String> period) throws IOException {
        long started = System.nanoTime();
        int ingest = doIngest(period, Optional.empty());
        int refine = doRefine(Optional.empty());
        int code = refine != ExitCode.OK ? refine : ingest;
        printSummary(Duration.ofNanos(System.nanoTime() - started));
        finish("run", code);
        return code;
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
        return report.balanced() ? ExitCode.OK : ExitCode.UNBALANCED;
    }

    private void finish(String command, int code) {
        runLog.write(spark, lake, run, command, code);
    }

    /** Rows per table and the accounting over all batches, per source. */
    private void printSummary(Duration took) {
        out.println();
        out.printf("zhibiao run %s finished in %s — lake: %s%n", run, seconds(took), lake.root());
        out.println();
        String fmt = "%-18s %10s %10s %10s %10s %10s  %s%n";
        out.printf(fmt, "source", "bronze", "silver", "quarantine", "duplicates", "balance", "silver table");
        long[] totals = new long[5];
        var accounting = DeltaTables.exists(spark, lake.accounting())
                ? spark.read().format("delta").load(lake.accounting()) : null;
        for (SourceSpec s : registry.sources()) {
            long bronze = count(lake.bronze(s.id()));
            long silver = count(lake.silver(s.silver()));
            long quarantined = 0;
            long duplicates = 0;
            long merged = 0;
            if (accounting != null) {
                var sums = accounting.filter(accounting.col("source").equalTo(s.id()))
                        .selectExpr("coalesce(sum(quarantined), 0)", "coalesce(sum(duplicates), 0)",
                                "coalesce(sum(silver_inserted + silver_updated), 0)", "coalesce(sum(bronze_rows), 0)")
                        .head();
                quarantined = sums.getLong(0);
                duplicates = sums.getLong(1);
                merged = sums.getLong(2);
            }
            boolean balanced = bronze == merged + quarantined + duplicates;
            out.printf(fmt, s.id(), bronze, silver, quarantined, duplicates, balanced ? "ok" : "OFF",
                    "silver/" + s.silver());
            totals[0] += bronze;
            totals[1] += silver;
            totals[2] += quarantined;
            totals[3] += duplicates;
        }
        out.printf(fmt, "total", totals[0], totals[1], totals[2], totals[3], "", "");
        out.println();
        out.println("bronze = rows merged into silver (new or updated) + quarantined + duplicates, per batch: "
                + lake.accounting());
        out.println("quarantined rows with rule, field, value, file and line: " + lake.quarantine());
    }

    private long count(String path) {
        return DeltaTables.exists(spark, path) ? spark.read().format("delta").load(path).count() : 0;
    }

    private static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
