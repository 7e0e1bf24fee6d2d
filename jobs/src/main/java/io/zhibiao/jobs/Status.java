package io.zhibiao.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeLock;
import io.zhibiao.lake.Releases;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import io.zhibiao.transforms.standard.Masking;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zhibiao status}: what a statistician needs to know about a lake in the morning — the current release, the
 * last runs and how they ended, whether a run is writing now (or was killed), delivered files not yet in the lake and
 * the ones rejected, quarantined rows per source and rule, the checks that warned or blocked, and what to do next.
 * A reader: it never waits for the writer lock, and never prints a delivered value (quarantined values and credit
 * codes stay in the lake).
 */
@Command(name = "status", description = "What the lake holds and what happened last: release, runs, writer, landing files"
        + " not yet ingested or rejected, quarantine, checks, and what to do next. --json for monitoring.")
final class Status implements Callable<Integer> {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(SHANGHAI);
    /** Commands that look at landing, whose last outcome says which files were rejected. */
    private static final Set<String> INGESTING = Set.of("run", "ingest");

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "lake", description = "Lake root (default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--json", description = "Print the status as one JSON document (for monitoring) instead of text.")
    boolean json;

    @Option(names = "--runs", defaultValue = "5", description = "How many of the last runs to list (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--sources", paramLabel = "FILE", description = "A sources.yaml to use instead of the built-in declarations.")
    java.nio.file.Path sources;

    @CommandLine.Mixin
    SparkOptions sparkOptions = new SparkOptions();

    // ------------------------------------------------------------------------------------------------ the report

    record Report(String lake, Instant at, ReleaseInfo release, int releasesPublished, WriterInfo writer,
                  List<RunInfo> lastRuns, LandingInfo landing, List<QuarantineCount> quarantine, ChecksInfo checks,
                  List<String> next) {
    }

    record ReleaseInfo(int number, String runId, String dataCutoff, Instant publishedAt, boolean synthetic, String note) {
    }

    record WriterInfo(String state, String runId, String command, String user, String host, long pid, Instant since,
                      Instant heartbeat, String why) {
    }

    record RunInfo(String runId, String command, Instant startedAt, Double seconds, int exitCode, String outcome,
                   List<String> problems) {
    }

    record LandingFile(String file, String source, String reason) {
    }

    record LandingInfo(int files, int ingested, List<LandingFile> notYetIngested, List<LandingFile> rejected) {
    }

    record QuarantineCount(String source, String rule, String field, long rows) {
    }

    record CheckInfo(String outcome, String rule, String table, String message) {
    }

    record ChecksInfo(String runId, int blocking, int warnings, boolean releaseBlocked, List<CheckInfo> notPassed) {
    }

    @Override
    public Integer call() throws IOException {
        Lake l = Lake.at(lake);
        if (l.localDirectory().map(d -> !java.nio.file.Files.isDirectory(d)).orElse(false)) {
            throw io.zhibiao.lake.ZhibiaoErrors.noLakeAt(l.root());
        }
        SourceRegistry registry = sources != null ? SourceRegistry.load(sources) : SourceRegistry.loadDefault();
        SparkSession spark = sparkOptions.session("zhibiao-status");
        Report r = collect(spark, l, registry, runs);
        if (json) {
            System.out.println(toJson(r));
        } else {
            print(r, System.out);
        }
        return ExitCode.OK;
    }

    static String toJson(Report r) {
        try {
            com.fasterxml.jackson.databind.module.SimpleModule times = new com.fasterxml.jackson.databind.module.SimpleModule();
            times.addSerializer(Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance);
            return new ObjectMapper().registerModule(times)
                    .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                    .writerWithDefaultPrettyPrinter().writeValueAsString(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Reads everything the report says from the lake (Delta tables, landing, the lock file); the five reads are
     * independent and run side by side.
     */
    @SuppressWarnings("unchecked")
    static Report collect(SparkSession spark, Lake lake, SourceRegistry registry, int runCount) throws IOException {
        Instant now = Instant.now();
        WriterInfo writer = writer(lake, now);
        Map<String, Object> read = io.zhibiao.lake.Concurrently.map(spark,
                List.of("releases", "runs", "landing", "quarantine", "checks"), part -> switch (part) {
                    case "releases" -> new Releases(spark, lake).all();
                    case "runs" -> runs(spark, lake);
                    case "landing" -> delivered(spark, lake, registry);
                    case "quarantine" -> quarantine(spark, lake);
                    default -> Optional.ofNullable(checks(spark, lake));
                });
        List<Releases.Release> all = (List<Releases.Release>) read.get("releases");
        ReleaseInfo release = all.isEmpty() ? null : release(all.get(all.size() - 1));
        List<RunInfo> lastRuns = (List<RunInfo>) read.get("runs");
        LandingInfo landing = landing((List<Delivered>) read.get("landing"), lastRuns);
        List<QuarantineCount> quarantine = (List<QuarantineCount>) read.get("quarantine");
        ChecksInfo checks = ((Optional<ChecksInfo>) read.get("checks")).orElse(null);
        List<String> next = next(lake, release, writer, lastRuns, landing, quarantine, checks);
        return new Report(lake.root(), now, release, all.size(), writer, lastRuns.subList(0, Math.min(runCount,
                lastRuns.size())), landing, quarantine, checks, next);
    }

    private static ReleaseInfo release(Releases.Release r) {
        String note = SyntheticRelease.noteOf(r.row());
        return new ReleaseInfo(r.number(), r.runId(), String.valueOf(r.cutoff()), r.publishedAt().toInstant(), note != null,
                note);
    }

    private static WriterInfo writer(Lake lake, Instant now) {
        LakeLock.Look look = LakeLock.look(lake, UpToDate.hadoopConf(), LakeLock.Settings.defaults());
        if (look.holder().isEmpty()) {
            return new WriterInfo("none", null, null, null, null, 0, null, null, null);
        }
        LakeLock.Holder h = look.holder().get();
        return new WriterInfo(look.stale() ? "stopped" : "running", h.runId(), h.command(), h.user(), h.host(), h.pid(),
                h.acquiredAt(), h.heartbeat(), look.stale() ? look.why() : null);
    }

    /** Newest first. */
    private static List<RunInfo> runs(SparkSession spark, Lake lake) {
        if (!DeltaTables.exists(spark, lake.runs())) {
            return List.of();
        }
        List<RunInfo> out = new ArrayList<>();
        for (Row r : spark.read().format("delta").load(lake.runs())
                .select("run_id", "command", "started_at", "seconds", "exit_code", "problems")
                .orderBy(org.apache.spark.sql.functions.col("started_at").desc()).collectAsList()) {
            List<String> problems = r.isNullAt(5) ? List.of() : r.<String>getList(5).stream().map(Masking::maskCodes).toList();
            int code = r.isNullAt(4) ? ExitCode.FAILED : r.getInt(4);
            out.add(new RunInfo(r.getString(0), r.getString(1), r.getTimestamp(2).toInstant(),
                    r.isNullAt(3) ? null : r.getDouble(3), code, ExitCode.name(code), problems));
        }
        return out;
    }

    /** A delivered file: its path under the lake, its source (null outside any source's folder), whether it is in. */
    record Delivered(String file, String source, boolean ingested, boolean manifest) {
    }

    /**
     * Every delivered file under landing/&lt;source&gt;/&lt;period&gt;/, by content: a file is in the lake when its
     * source's audit/files holds its SHA-256 for its period (as ingest decides).
     */
    private static List<Delivered> delivered(SparkSession spark, Lake lake, SourceRegistry registry) {
        try {
            Path landing = new Path(lake.landing());
            FileSystem fs = landing.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(landing)) {
                return List.of();
            }
            Set<String> known = new HashSet<>();
            if (DeltaTables.exists(spark, lake.files())) {
                spark.read().format("delta").load(lake.files()).select("source", "file_sha256", "period").collectAsList()
                        .forEach(r -> known.add(r.getString(0) + "|" + r.getString(1) + "@" + r.getString(2)));
            }
            List<LocatedFileStatus> all = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(landing, true);
            while (it.hasNext()) {
                all.add(it.next());
            }
            all.sort(java.util.Comparator.comparing(f -> f.getPath().toString()));
            List<Delivered> out = new ArrayList<>();
            for (FileStatus f : all) {
                String rel = lake.relative(f.getPath().toString());
                String[] parts = rel.split("/");
                if (java.util.Arrays.stream(parts).anyMatch(p -> p.startsWith(".") || p.startsWith("_"))) {
                    continue;
                }
                Optional<SourceSpec> source = parts.length >= 4 ? registry.byLanding(parts[1]) : Optional.empty();
                if (io.zhibiao.transforms.ingest.DeliveryManifest.isManifest(f.getPath().getName())) {
                    out.add(new Delivered(rel, source.map(SourceSpec::id).orElse(null), false, true));
                    continue;
                }
                boolean in = source.isPresent()
                        && known.contains(source.get().id() + "|" + sha256(fs, f.getPath()) + "@" + parts[2]);
                out.add(new Delivered(rel, source.map(SourceSpec::id).orElse(null), in, false));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Of the files not in the lake, those the last run or ingest named as rejected (with its reason); the rest new. A
     * manifest beside its file is not a delivery of its own and is not counted.
     */
    private static LandingInfo landing(List<Delivered> files, List<RunInfo> runs) {
        Map<String, String> rejectedBy = new HashMap<>();
        runs.stream().filter(r -> INGESTING.contains(r.command())).findFirst().ifPresent(last -> {
            for (String p : last.problems()) {
                int colon = p.indexOf(": ");
                if (p.startsWith("rejected ") && colon > 0) {
                    rejectedBy.put(p.substring("rejected ".length(), colon), p.substring(colon + 2));
                }
            }
        });
        List<LandingFile> fresh = new ArrayList<>();
        List<LandingFile> rejected = new ArrayList<>();
        int ingested = 0;
        int counted = 0;
        for (Delivered d : files) {
            if (d.manifest() && !rejectedBy.containsKey(d.file())) {
                continue; // read with its file, never as data
            }
            counted++;
            if (d.ingested()) {
                ingested++;
            } else if (rejectedBy.containsKey(d.file())) {
                rejected.add(new LandingFile(d.file(), d.source(), rejectedBy.get(d.file())));
            } else {
                fresh.add(new LandingFile(d.file(), d.source(), null));
            }
        }
        return new LandingInfo(counted, ingested, fresh, rejected);
    }

    private static List<QuarantineCount> quarantine(SparkSession spark, Lake lake) {
        if (!DeltaTables.exists(spark, lake.quarantine())) {
            return List.of();
        }
        return spark.read().format("delta").load(lake.quarantine()).groupBy("source", "rule_id", "field").count()
                .orderBy(org.apache.spark.sql.functions.col("count").desc(), org.apache.spark.sql.functions.col("source"),
                        org.apache.spark.sql.functions.col("rule_id"))
                .collectAsList().stream()
                .map(r -> new QuarantineCount(r.getString(0), r.getString(1), r.getString(2), r.getLong(3))).toList();
    }

    /** The checks of the last run that ran any, those that did not pass. */
    private static ChecksInfo checks(SparkSession spark, Lake lake) {
        if (!DeltaTables.exists(spark, lake.checks())) {
            return null;
        }
        Dataset<Row> checks = spark.read().format("delta").load(lake.checks());
        List<Row> last = checks.selectExpr("max(run_id)").collectAsList();
        if (last.isEmpty() || last.get(0).isNullAt(0)) {
            return null;
        }
        String run = last.get(0).getString(0);
        List<CheckInfo> notPassed = new ArrayList<>();
        boolean blocked = false;
        for (Row r : checks.where(org.apache.spark.sql.functions.col("run_id").equalTo(run))
                .where("outcome IN ('block', 'warn')")
                .select("outcome", "rule", "table_name", "message", "release_blocked")
                .orderBy("outcome", "rule", "table_name").collectAsList()) {
            notPassed.add(new CheckInfo(r.getString(0).toUpperCase(java.util.Locale.ROOT), r.getString(1), r.getString(2),
                    r.isNullAt(3) ? "" : Masking.maskCodes(r.getString(3))));
            blocked |= !r.isNullAt(4) && r.getBoolean(4);
        }
        int blocking = (int) notPassed.stream().filter(c -> c.outcome().equals("BLOCK")).count();
        return new ChecksInfo(run, blocking, notPassed.size() - blocking, blocked, notPassed);
    }

    /** What to do next, most urgent first; one line each. */
    static List<String> next(Lake lake, ReleaseInfo release, WriterInfo writer, List<RunInfo> runs, LandingInfo landing,
                             List<QuarantineCount> quarantine, ChecksInfo checks) {
        List<String> out = new ArrayList<>();
        String lakeArg = " --lake " + lake.root();
        if (writer.state().equals("running")) {
            out.add("A run is writing now (run " + writer.runId() + ", since " + WHEN.format(writer.since())
                    + "): wait for it; a command started meanwhile exits 6, or waits with --wait.");
        } else if (writer.state().equals("stopped")) {
            out.add("Run " + writer.runId() + " stopped without finishing (" + writer.why() + "): start `zhibiao run"
                    + lakeArg + "` again; it takes the lock over and goes on from what the lake holds.");
        }
        Optional<RunInfo> last = runs.stream().filter(r -> !r.command().equals("status")).findFirst();
        if (last.isPresent()) {
            RunInfo r = last.get();
            switch (r.exitCode()) {
                case ExitCode.REJECTED_INPUT -> out.add("Ask the departments for corrected files: " + landing.rejected().size()
                        + " delivered file(s) were rejected whole (listed under Landing); everything else was published.");
                case ExitCode.UNBALANCED -> out.add("Do not use the lake's figures: the accounting does not balance (bronze ≠"
                        + " silver + quarantine + duplicates); nothing was published. Look at " + lake.accounting()
                        + " and report it; rerunning does not fix it.");
                case ExitCode.BLOCKED -> out.add("The quality gate held the last release back"
                        + (release == null ? "" : "; release " + release.number() + " stays current")
                        + ": read " + lake.reports() + "/latest.md, then fix the delivery or, once looked into, rerun with"
                        + " --accept " + (checks == null ? "RULE" : checks.notPassed().stream()
                                .filter(c -> c.outcome().equals("BLOCK")).map(CheckInfo::rule).distinct()
                                .reduce((a, b) -> a + "," + b).orElse("RULE")) + ".");
                case ExitCode.FAILED -> out.add("The last " + r.command() + " failed"
                        + (r.problems().isEmpty() ? "" : " (" + r.problems().get(0) + ")")
                        + ": see its log; a scheduler retries exit 1.");
                default -> {
                }
            }
        }
        if (!landing.notYetIngested().isEmpty()) {
            out.add(landing.notYetIngested().size() + " delivered file(s) wait in landing: `zhibiao run" + lakeArg
                    + "` takes them in.");
        }
        if (release == null) {
            out.add("Nothing is published yet: `zhibiao run" + lakeArg + "` publishes release 1.");
        }
        long quarantined = quarantine.stream().mapToLong(QuarantineCount::rows).sum();
        if (quarantined > 0) {
            out.add(quarantined + " delivered row(s) are quarantined (counts under Quarantine): send each department its"
                    + " rows to correct — `zhibiao sql" + lakeArg + " \"SELECT source, source_file, line_number, rule_id,"
                    + " field FROM quarantine.rows\"`.");
        }
        if (out.isEmpty()) {
            out.add("Nothing to do: release " + release.number() + " is current and nothing new has been delivered.");
        }
        return out;
    }

    static void print(Report r, PrintStream out) {
        out.println("zhibiao status — " + r.lake() + " (" + WHEN.format(r.at()) + " Asia/Shanghai)");
        out.println();
        if (r.release() == null) {
            out.println("Release   none published yet");
        } else {
            ReleaseInfo rel = r.release();
            out.println("Release   " + rel.number() + " of " + r.releasesPublished() + ", data cut-off " + rel.dataCutoff()
                    + ", published " + WHEN.format(rel.publishedAt()) + " by run " + rel.runId()
                    + (rel.synthetic() ? " — " + rel.note() : " — official data"));
        }
        WriterInfo w = r.writer();
        out.println("Writer    " + switch (w.state()) {
            case "none" -> "none: no command is writing to the lake";
            case "running" -> "run " + w.runId() + " (zhibiao " + w.command() + ", " + w.user() + "@" + w.host() + ", pid "
                    + w.pid() + ") writing since " + WHEN.format(w.since()) + ", heartbeat "
                    + Duration.between(w.heartbeat(), r.at()).toSeconds() + " s ago";
            default -> "run " + w.runId() + " (zhibiao " + w.command() + ", " + w.user() + "@" + w.host() + ", pid " + w.pid()
                    + ") stopped without finishing: " + w.why();
        });
        out.println();
        out.println("Last runs (newest first)");
        if (r.lastRuns().isEmpty()) {
            out.println("  none yet");
        }
        for (RunInfo run : r.lastRuns()) {
            out.printf("  %-20s %-10s %s  %8s  exit %d %s%n", run.runId(), run.command(), WHEN.format(run.startedAt()),
                    run.seconds() == null ? "" : String.format("%.1f s", run.seconds()), run.exitCode(), run.outcome());
            if (!run.problems().isEmpty()) {
                out.println("      " + run.problems().get(0)
                        + (run.problems().size() > 1 ? " (and " + (run.problems().size() - 1) + " more)" : ""));
            }
        }
        out.println();
        LandingInfo l = r.landing();
        out.println("Landing   " + l.files() + " delivered files: " + l.ingested() + " in the lake, "
                + l.notYetIngested().size() + " not yet ingested, " + l.rejected().size() + " rejected");
        l.notYetIngested().forEach(f -> out.println("  new       " + f.file()));
        l.rejected().forEach(f -> out.println("  rejected  " + f.file() + ": " + f.reason()));
        out.println();
        long q = r.quarantine().stream().mapToLong(QuarantineCount::rows).sum();
        out.println("Quarantine " + q + " rows" + (q == 0 ? "" : " (source, rule, field: rows)"));
        r.quarantine().forEach(c -> out.printf("  %-20s %-10s %-24s %,d%n", c.source(), c.rule(), c.field(), c.rows()));
        out.println();
        ChecksInfo c = r.checks();
        if (c == null) {
            out.println("Checks    none run yet");
        } else {
            out.println("Checks    run " + c.runId() + ": " + c.blocking() + " blocking, " + c.warnings() + " warnings"
                    + (c.releaseBlocked() ? " — the release was held back" : ""));
            c.notPassed().forEach(x -> out.println("  " + x.outcome() + "  " + x.rule() + " on " + x.table()
                    + (x.message().isEmpty() ? "" : ": " + x.message())));
        }
        out.println();
        out.println("Next");
        for (int i = 0; i < r.next().size(); i++) {
            out.println("  " + (i + 1) + ". " + r.next().get(i));
        }
    }

    private static String sha256(FileSystem fs, Path p) {
        try {
            return UpToDate.contentDigest(fs, p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
