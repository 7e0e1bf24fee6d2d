package io.zhibiao.jobs;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.composite.CompositeSpec;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.compute.IndicatorEngine;
import io.zhibiao.quality.QualityCatalog;
import io.zhibiao.sample.SampleLake;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeLock;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.ZhibiaoErrors;
import io.zhibiao.lake.ZhibiaoException;
import io.zhibiao.transforms.source.SourceRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The zhibiao command line: {@code zhibiao run}, {@code ingest}, {@code refine}, {@code generate}. */
@Command(name = "zhibiao", mixinStandardHelpOptions = true, version = "zhibiao 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "指标 — an indicator warehouse for the 十四五 science-and-technology targets.%n"
                + "Exit codes: 0 ok, 1 failure, 2 usage or declaration error, 3 input files rejected, "
                + "4 accounting does not balance, 5 quality gate blocked the release, "
                + "6 another zhibiao command is writing to the lake (nothing was done).",
        subcommands = {Zhibiao.Run.class, Zhibiao.Ingest.class, Zhibiao.Refine.class, Zhibiao.Indicators.class,
            Zhibiao.Check.class, Zhibiao.Sql.class, Zhibiao.Generate.class, Zhibiao.Faults.class, Export.class,
            io.zhibiao.jobs.report.ReportCommand.class, io.zhibiao.jobs.serve.ServeCommand.class, Status.class, Maintain.class})
public final class Zhibiao implements Callable<Integer> {

    static final Path DEFAULT_LAKE = Path.of("lake");

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return ExitCode.USAGE;
    }

    /** One of the lake commands, given the job wired for the options. */
    @FunctionalInterface
    interface JobCommand {
        int apply(LakeJob job) throws IOException;
    }

    /** Options every lake command shares. */
    static class LakeOptions {
        @Option(names = "--lake", paramLabel = "DIR",
                description = "Lake root: a directory or Hadoop URI. Default: ./lake.")
        String lake;

        /** Set by {@code run --sample}: the bundled sample is generated into a lake without a landing folder. */
        boolean sample;

        @CommandLine.Mixin
        SparkOptions sparkOptions = new SparkOptions();

        @Option(names = "--cutoff", paramLabel = "yyyy-MM-dd",
                description = "Data cut-off: dates after it are quarantined as lying in the future. Default: today.")
        LocalDate cutoff;

        @Option(names = "--sources", paramLabel = "FILE",
                description = "A sources.yaml to use instead of the built-in declarations.")
        Path sources;

        @Option(names = "--indicators", paramLabel = "FILE",
                description = "An indicators.yaml to use instead of the built-in catalog.")
        Path indicators;

        @Option(names = "--targets", paramLabel = "FILE",
                description = "A targets.yaml to use instead of the built-in plan targets.")
        Path targets;

        @Option(names = "--composite", paramLabel = "FILE",
                description = "A composite.yaml (county innovation index) to use instead of the built-in one.")
        Path composite;

        @Option(names = "--quality", paramLabel = "FILE",
                description = "A quality.yaml to use instead of the built-in quality gate.")
        Path quality;

        @Option(names = "--accept", split = ",", paramLabel = "RULE",
                description = "Quality rules (QC-…) whose blocking failures you have looked into and accept for this run.")
        java.util.Set<String> accept = new java.util.TreeSet<>();

        /** Both catalogs, checked (SQL included) before any data is read. */
        LakeJob.Catalogs catalogs(SparkSession spark) {
            java.util.function.Function<String, String> parse = sql -> IndicatorEngine.sqlProblem(spark, sql);
            IndicatorCatalog ic = indicators != null ? IndicatorCatalog.load(indicators, parse) : IndicatorCatalog.loadDefault(parse);
            TargetCatalog tc = targets != null ? TargetCatalog.load(targets, ic) : TargetCatalog.loadDefault(ic);
            QualityCatalog qc = quality != null ? QualityCatalog.load(quality) : QualityCatalog.loadDefault();
            CompositeSpec cs = composite != null ? CompositeSpec.load(composite, ic) : CompositeSpec.loadDefault(ic);
            return new LakeJob.Catalogs(ic, tc, qc, cs);
        }

        /** A digest of the declarations a run would use (the files given, else the bundled ones) and of the build. */
        String declarations() throws IOException {
            java.util.List<java.util.Map.Entry<String, Path>> named = java.util.List.of(
                    new java.util.AbstractMap.SimpleEntry<>("zhibiao/sources.yaml", sources),
                    new java.util.AbstractMap.SimpleEntry<>("zhibiao/rules.yaml", (Path) null),
                    new java.util.AbstractMap.SimpleEntry<>("zhibiao/indicators.yaml", indicators),
                    new java.util.AbstractMap.SimpleEntry<>("zhibiao/targets.yaml", targets),
                    new java.util.AbstractMap.SimpleEntry<>("zhibiao/composite.yaml", composite),
                    new java.util.AbstractMap.SimpleEntry<>("zhibiao/quality.yaml", quality));
            return UpToDate.digest(UpToDate.declarationTexts(named));
        }

        LocalDate cutoffOrToday() {
            return cutoff != null ? cutoff : LocalDate.now(ZoneId.of("Asia/Shanghai"));
        }

        SourceRegistry registry() {
            return sources != null ? SourceRegistry.load(sources) : SourceRegistry.loadDefault();
        }

        /**
         * The lake named by --lake (default ./lake). Only with --sample is the bundled sample generated, into a local
         * lake without a landing folder: a scheduled run that forgot --lake must not publish invented figures.
         */
        Lake lake(PrintStream out) throws IOException {
            Lake target = target();
            if (sample) {
                Path dir = target.localDirectory().orElseThrow();
                if (!Files.isDirectory(dir.resolve("landing"))) {
                    out.println("zhibiao: no landing folder in " + dir + " yet; generating the bundled sample (synthetic"
                            + " 示例数据), Luoyang and Xinxiang (scale 1, seed " + SampleLake.DEFAULT_SEED + ") …");
                    SampleLake.Summary s = SampleLake.generate(dir, SampleLake.DEFAULT_SCALE, SampleLake.DEFAULT_SEED);
                    out.printf("zhibiao: generated %d landing files, %,d rows, %,d enterprises in %.1fs%n", s.files().size(),
                            s.rows(), s.firms(), s.millis() / 1000.0);
                }
            }
            return target;
        }

        /** The lake --lake names (checked as {@link #lake} does), without generating anything into it. */
        Lake target() {
            if (sample) {
                Path dir = Lake.at(lake == null ? DEFAULT_LAKE.toString() : lake).localDirectory()
                        .orElseThrow(() -> ZhibiaoErrors.sampleNeedsLocalLake(lake));
                return Lake.at(dir);
            }
            if (lake == null && !Files.isDirectory(DEFAULT_LAKE)) {
                throw ZhibiaoErrors.noLakeGiven();
            }
            return Lake.at(lake == null ? DEFAULT_LAKE.toString() : lake);
        }

        /** Set by the commands that write to the lake: how long to wait for another writer's lock. */
        LockOptions lockOptions;

        /**
         * Runs {@code body} holding the lake's writer lock for {@code command} (see {@link LakeLock}); a lake directory
         * that does not exist yet (and is not about to be generated) has nothing to protect and is not created.
         */
        int writing(String command, RunId run, Locked body) throws IOException {
            Lake target = target();
            Notify notify = Notify.from(lockOptions == null ? null : lockOptions.notify,
                    line -> System.err.println("zhibiao: warning: " + line));
            Instant started = Instant.now();
            int code = ExitCode.FAILED;
            String why = null;
            try {
                code = locked(target, command, run, body);
                why = reason;
                return code;
            } catch (io.zhibiao.lake.ZhibiaoException e) {
                code = e.exitCode();
                why = e.getMessage();
                throw e;
            } catch (IOException | RuntimeException | Error e) {
                why = "an unexpected " + e.getClass().getName() + ": " + e.getMessage();
                throw e;
            } finally {
                if (notify.any()) {
                    notify.send(new Notify.Outcome(target.root(), command, run.value(), code, release, why, started,
                            Instant.now(), LakeLock.hostName()));
                }
            }
        }

        /** The command's one-line reason when it did not exit 0, and the release current after it. */
        String reason;
        Integer release;

        private int locked(Lake target, String command, RunId run, Locked body) throws IOException {
            boolean absent = target.localDirectory().map(d -> !Files.isDirectory(d)).orElse(false);
            if (absent && !sample) {
                return body.run();
            }
            LakeLock lock = LakeLock.of(target, UpToDate.hadoopConf(), run.value(), command, LakeLock.Settings.defaults(),
                    line -> System.out.println("zhibiao: " + line));
            Duration wait = lockOptions == null ? Duration.ZERO : lockOptions.waitFor();
            Optional<LakeLock.Holder> other;
            try {
                other = lock.acquire(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the lake's writer lock");
            }
            if (other.isPresent()) {
                throw ZhibiaoErrors.lakeLocked(target.root(), other.get().describe(Instant.now()), wait);
            }
            try (lock) {
                return body.run();
            }
        }

        SparkSession spark() {
            return sparkOptions.session("zhibiao");
        }

        /**
         * Declarations first (a malformed one stops us before anything is touched), then the lake's writer lock, then
         * lake and Spark.
         */
        int execute(String command, JobCommand body) throws IOException {
            SourceRegistry registry = registry();
            RunId run = RunId.at(Instant.now());
            return writing(command, run, () -> execute(run, registry, body));
        }

        /** {@link #execute(String, JobCommand)} once the lock is held (or for a command that does not write). */
        int execute(RunId run, SourceRegistry registry, JobCommand command) throws IOException {
            SparkSession spark = spark();
            LakeJob.Catalogs catalogs = catalogs(spark);
            Lake l = lake(System.out);
            LakeJob job = new LakeJob(spark, l, registry, cutoffOrToday(), System.out, run).withCatalogs(catalogs)
                    .accepting(accept);
            int code = command.apply(job);
            reason = job.failureReason();
            release = job.releaseNumber().orElse(null);
            return report(job, code);
        }
    }

    /** A body run while holding the lake's writer lock. */
    @FunctionalInterface
    interface Locked {
        int run() throws IOException;
    }

    /** {@code --wait} and {@code --notify}: for the commands that write to the lake. */
    static class LockOptions {
        @Option(names = "--notify", paramLabel = "FILE", description = "Tell a webhook or a command how the command"
                + " ended, as FILE declares (ops/notify.example.yaml). Default: the file ZHIBIAO_NOTIFY names, if set.")
        Path notify;

        @Option(names = "--wait", arity = "0..1", fallbackValue = "forever", paramLabel = "DURATION",
                description = "When another zhibiao command is writing to the lake, wait for it to end (at most DURATION:"
                        + " 90s, 30m, 2h, 1h30m; bare --wait: as long as it takes) instead of exiting 6 at once.")
        String wait;

        /** Zero without --wait, null for a bare --wait (no limit). */
        Duration waitFor() {
            if (wait == null) {
                return Duration.ZERO;
            }
            if (wait.equals("forever")) {
                return null;
            }
            return parseDuration(wait);
        }
    }

    /** 90s, 30m, 2h, 1h30m, 1d, or ISO-8601 (PT30M). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw ZhibiaoErrors.badDuration(text);
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([dhms])").matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw ZhibiaoErrors.badDuration(text);
        }
        return d;
    }

    @Command(name = "run", description = "Everything up to silver: ingest new landing files, refine them, account for every row.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        LakeOptions options = new LakeOptions();

        @Option(names = "--period", description = "Only landing files of this period folder (e.g. 2024 or 2024-03).")
        String period;

        @Option(names = "--sample",
                description = "Run the bundled sample (Luoyang and Xinxiang, synthetic 示例数据), generated into the lake "
                        + "(default ./lake) when it has no landing folder yet. Without it nothing is ever generated.")
        boolean sample;

        @Option(names = "--full", description = "Run every stage even when nothing changed since the last successful run, and"
                + " recompute every measure query instead of keeping those whose tables are unchanged.")
        boolean full;

        @CommandLine.Mixin
        LockOptions lock = new LockOptions();

        @Override
        public Integer call() throws IOException {
            options.sample = sample;
            // Only a whole run (every period, no accepted rules) can stand for the next one.
            boolean whole = period == null && options.accept.isEmpty();
            SourceRegistry registry = options.registry();
            RunId run = RunId.at(Instant.now());
            options.lockOptions = lock;
            return options.writing("run", run, () -> whole ? whole(run, registry)
                    : options.execute(run, registry, job -> job.recompute(full).run(Optional.ofNullable(period))));
        }

        /** A whole run: nothing at all when nothing is new since the last one. */
        private int whole(RunId run, SourceRegistry registry) throws IOException {
            UpToDate upToDate = new UpToDate(options.lake(System.out), UpToDate.hadoopConf());
            String declarations = options.declarations();
            UpToDate.State before = upToDate.take(declarations);
            Optional<UpToDate.Recorded> same = upToDate.recorded().filter(r -> !full && r.state().sameInputs(before));
            if (same.isPresent() && same.get().exitCode() == ExitCode.BLOCKED) {
                // The gate's verdict is a function of these inputs: the same files, tables, declarations and build
                // block again. A scheduler retrying a held lake gets the verdict at once, not a run that ends the same.
                UpToDate.Recorded r = same.get();
                System.out.printf("zhibiao run: nothing new since run %s (finished %s), which the quality gate held back:"
                        + " the same %d landing files, %d lake tables at the versions it left, the same declarations and"
                        + " build, so the same verdict.%s Nothing was started. Look into the blocking checks (zhibiao"
                        + " status, the quality report) and run again with --accept RULES once they are understood, or"
                        + " with --full to run every stage anyway.%n", r.runId(), r.finishedAt(), before.landingFiles(),
                        before.tableCount(), r.release() == null ? " Nothing is published yet."
                                : " Release " + r.release() + " stays current.");
                options.release = r.release();
                options.reason = r.reason();
                if (r.reason() != null) {
                    System.err.println("zhibiao: error: " + r.reason());
                }
                return ExitCode.BLOCKED;
            }
            if (same.isPresent() && same.get().exitCode() == ExitCode.OK) {
                UpToDate.Recorded r = same.get();
                System.out.printf("zhibiao run: nothing new since run %s (finished %s): the same %d landing files, %d lake"
                        + " tables at the versions it left, the same declarations and build.%s Nothing was started; use"
                        + " --full to run every stage anyway.%n", r.runId(), r.finishedAt(), before.landingFiles(),
                        before.tableCount(), r.release() == null ? "" : " Release " + r.release() + " stays current.");
                options.release = r.release();
                return ExitCode.OK;
            }
            upToDate.forget();
            return options.execute(run, registry, job -> {
                int code = job.recompute(full).run(Optional.empty());
                if (code == ExitCode.OK || code == ExitCode.BLOCKED) {
                    upToDate.record(job.runId().value(), job.releaseNumber().orElse(null), java.time.Instant.now().toString(),
                            upToDate.afterRun(before), code, code == ExitCode.OK ? null : oneLine(job.failureReason()));
                }
                return code;
            });
        }
    }

    @Command(name = "ingest", description = "landing → bronze: take in new landing files, with lineage.")
    static final class Ingest implements Callable<Integer> {
        @CommandLine.Mixin
        LakeOptions options = new LakeOptions();

        @CommandLine.Mixin
        LockOptions lock = new LockOptions();

        @Option(names = "--period", description = "Only landing files of this period folder.")
        String period;

        @Option(names = "--source", description = "Only this source (an id from sources.yaml).")
        String source;

        @Override
        public Integer call() throws IOException {
            options.lockOptions = lock;
            return options.execute("ingest", job -> job.ingest(Optional.ofNullable(period), Optional.ofNullable(source)));
        }
    }

    @Command(name = "refine", description = "bronze → silver: type, check, de-duplicate and merge pending batches.")
    static final class Refine implements Callable<Integer> {
        @CommandLine.Mixin
        LakeOptions options = new LakeOptions();

        @CommandLine.Mixin
        LockOptions lock = new LockOptions();

        @Option(names = "--source", description = "Only this source (an id from sources.yaml).")
        String source;

        @Override
        public Integer call() throws IOException {
            options.lockOptions = lock;
            return options.execute("refine", job -> job.refine(Optional.ofNullable(source)));
        }
    }

    @Command(name = "indicators", description = "silver → gold → published: indicators, target-gap and county comparison.")
    static final class Indicators implements Callable<Integer> {
        @CommandLine.Mixin
        LakeOptions options = new LakeOptions();

        @CommandLine.Mixin
        LockOptions lock = new LockOptions();

        @Option(names = "--full", description = "Compute and publish a release even when silver and the catalogs are those"
                + " of the current release (otherwise it stays).")
        boolean full;

        @Override
        public Integer call() throws IOException {
            options.lockOptions = lock;
            return options.execute("indicators", job -> job.full(full).indicators());
        }
    }

    @Command(name = "check", description = "Run the quality checks on the lake as it is and write the quality report.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        LakeOptions options = new LakeOptions();

        @CommandLine.Mixin
        LockOptions lock = new LockOptions();

        @Override
        public Integer call() throws IOException {
            options.lockOptions = lock;
            return options.execute("check", LakeJob::check);
        }
    }

    @Command(name = "sql", description = "Run a Spark SQL query over the lake's tables (bronze, silver, gold, published, audit).")
    static final class Sql implements Callable<Integer> {
        @CommandLine.Mixin
        LakeOptions options = new LakeOptions();

        @CommandLine.Parameters(paramLabel = "QUERY", description = "e.g. \"SELECT * FROM published.target_gap\"")
        String query;

        @Option(names = "--limit", defaultValue = "50", description = "Rows to print (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--release", paramLabel = "N", description = "Also make release N readable as release_N.<table> "
                + "(its published tables as they were published, by Delta time travel).")
        Integer release;

        @Override
        public Integer call() throws IOException {
            SparkSession spark = options.spark();
            Lake l = options.lake(System.out);
            io.zhibiao.lake.LakeCatalog.register(spark, l);
            if (release != null) {
                LakeJob.Catalogs c = options.catalogs(spark);
                new io.zhibiao.indicators.publish.Publisher(spark, l, c.indicators(), c.targets()).registerRelease(release);
            }
            spark.sql(query).show(limit, false);
            return ExitCode.OK;
        }
    }

    @Command(name = "generate", description = "Write the deterministic Luoyang sample's landing files into a lake.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", defaultValue = "lake", description = "Lake root (default: ${DEFAULT-VALUE}).")
        Path lake;

        @Option(names = "--scale", defaultValue = "1.0",
                description = "Size factor: 1.0 ≈ 115,000 enterprises (Luoyang and Xinxiang); counts scale and round, ratios stay (default: ${DEFAULT-VALUE}).")
        double scale;

        @Option(names = "--seed", defaultValue = "" + SampleLake.DEFAULT_SEED, description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException {
            SampleLake.Summary s = SampleLake.generate(lake, scale, seed);
            System.out.printf("generated %d landing files, %,d rows, %,d enterprises in %.1fs under %s%n", s.files().size(),
                    s.rows(), s.firms(), s.millis() / 1000.0, lake.resolve("landing").toAbsolutePath());
            return ExitCode.OK;
        }
    }

    @Command(name = "faults", description = "Write three faulty deliveries into a generated sample lake, to try the quality "
            + "gate: next year's tax export with half the returns, a corrected R&D survey tripling 涧西区, contracts with "
            + "broken credit codes.")
    static final class Faults implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", defaultValue = "lake", description = "Lake root (default: ${DEFAULT-VALUE}).")
        Path lake;

        @Option(names = "--last-year", defaultValue = "2025", description = "The sample's last year (default: ${DEFAULT-VALUE}).")
        int lastYear;

        @Override
        public Integer call() throws IOException {
            for (Path p : io.zhibiao.sample.SampleFaults.injectThree(lake, lastYear)) {
                System.out.println("wrote " + lake.toAbsolutePath().relativize(p.toAbsolutePath()));
            }
            return ExitCode.OK;
        }
    }

    /** A non-zero exit ends with one line on standard error that says why. */
    static int report(LakeJob job, int code) {
        if (code != ExitCode.OK && job.failureReason() != null) {
            System.err.println("zhibiao: error: " + oneLine(job.failureReason()));
        }
        return code;
    }

    /**
     * Runs a command line and returns the exit code. A {@link ZhibiaoException} (a condition of zhibiao's error
     * vocabulary, {@link ZhibiaoErrors}) ends with its own exit code and one line on standard error; anything else
     * is a defect: exit 1, its stack trace, then the same one line. Picocli's own errors (an unknown option, a value
     * that does not convert) stay exit 2 with picocli's message and usage.
     */
    public static int execute(String... args) {
        return execute(new Zhibiao(), args);
    }

    /** Runs {@code args} on {@code command} (zhibiao's, or a test's) with zhibiao's error handling. */
    static int execute(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, System.err));
        cl.registerConverter(LocalDate.class, LocalDate::parse);
        return cl.execute(args);
    }

    /** Reports a command's exception on {@code err} and returns the exit code it ends with. */
    static int failure(Throwable e, PrintStream err) {
        ZhibiaoException named = named(e);
        if (named != null) {
            err.println("zhibiao: error: " + oneLine(named));
            return named.exitCode();
        }
        e.printStackTrace(err);
        err.println("zhibiao: error: " + oneLine(e) + " (an unexpected " + e.getClass().getName()
                + "; the stack trace above says where)");
        return ExitCode.FAILED;
    }

    /** The condition of the vocabulary behind {@code e}: itself, or one a library wrapped in its own exception. */
    private static ZhibiaoException named(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 32; t = t.getCause()) {
            if (t instanceof ZhibiaoException z) {
                return z;
            }
        }
        return null;
    }

    private static String oneLine(Throwable e) {
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    public static void main(String[] args) {
        io.zhibiao.lake.Progress.install(ConsoleProgress.forThisProcess());
        int code = execute(args);
        System.exit(code);
    }
}
