package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.CrashPoint;
import io.zhibiao.lake.ExitCode;
import io.zhibiao.sample.SampleLake;
import io.zhibiao.transforms.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's crash harness: the real {@code zhibiao run} process killed at named points (the JVM halts there as after
 * {@code kill -9}: {@link CrashPoint}) and by SIGKILL at seeded random moments, then run again, and every table of the
 * lake compared with a lake no one interrupted. Two scenarios: a first load of the scale-0.01 sample, and a run after
 * new deliveries on the published lake (a corrected R&amp;D survey that MERGEs into silver, with one row quarantined,
 * and late contracts with two duplicates).
 *
 * <p>Compared, per table, after dropping what names a run or a moment (batch and run ids, times, table versions and
 * the input fingerprint that digests them): bronze, silver, quarantine, audit/duplicates, audit/files, gold and
 * published — as the sorted JSON of their rows. Bronze also must hold no (file checksum, period, row) twice.
 *
 * <p>Not in the default suite (tag {@code crash}; 20–30 runs of a real process, about an hour on 2 cores):
 * {@code .ci/run-crash}. It writes its table to {@code target/kill-harness.md}.
 */
@Tag("slow")
@Tag("crash")
class KillNineHarnessTest {

    static final String CUTOFF = "2026-11-23";
    static final long SEED = 20261201L;

    @TempDir
    static Path work;

    record Outcome(String scenario, String point, int killExit, int rerunExit, boolean equal, String differs,
                   double seconds) {
    }

    @Test
    void aRunKilledAnywhereConvergesOnTheNextRun() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path landing = work.resolve("landing-only");
        SampleLake.generate(landing, 0.01, SampleLake.DEFAULT_SEED);
        List<Outcome> table = new ArrayList<>();

        // ---- first load
        Path reference = copy(landing, work.resolve("reference"));
        long t0 = System.nanoTime();
        assertThat(run(reference, null, 0)).isZero();
        long fullMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, String> expected = LakeContents.of(spark, reference);
        // Stage boundaries of a first load: between a source's bronze append and the files' audit row, between
        // silver commits and the accounting, between the quality checks and promotion, inside promotion, after it.
        List<String> points = List.of("ingest:bronze:tax_returns", "ingest:files", "refine:silver:enterprise_register",
                "refine:accounted", "indicators:computed", "quality:candidate-audited",
                "promote:wrote:published.indicator_values", "run:logged");
        Random random = new Random(SEED);
        List<String> all = new ArrayList<>(points);
        for (int i = 0; i < 3; i++) {
            all.add("random:" + (2_000 + (long) (random.nextDouble() * (fullMs * 0.8 - 2_000))) + "ms");
        }
        int n = 0;
        String only = System.getProperty("zhibiao.harness.points");
        if (only != null) {
            // a developer's rerun of some points (comma-separated); the full run takes every one
            all.retainAll(List.of(only.split(",")));
        }
        for (String point : all) {
            table.add(killAndRerun(spark, "first load", point, landing, work.resolve("first-" + n++), expected, 0));
            report(table, fullMs);
        }

        // ---- new deliveries on the published lake
        Path base = copy(reference, work.resolve("published-base"));
        deliver(base);
        Path reference2 = copy(base, work.resolve("reference-2"));
        t0 = System.nanoTime();
        assertThat(run(reference2, null, 0)).isZero();
        long incMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, String> expected2 = LakeContents.of(spark, reference2);
        // After new deliveries: the same boundaries, and the MERGE of a correction into silver.
        List<String> points2 = new ArrayList<>(List.of("ingest:bronze:rd_survey", "ingest:files",
                "refine:quarantine:rd_survey", "refine:duplicates:tech_contracts", "refine:silver:rd_survey",
                "refine:accounted", "quality:candidate-audited", "promote:committed", "run:reported"));
        for (int i = 0; i < 3; i++) {
            points2.add("random:" + (2_000 + (long) (random.nextDouble() * (incMs * 0.8 - 2_000))) + "ms");
        }
        if (only != null) {
            points2.retainAll(List.of(only.split(",")));
        }
        for (String point : points2) {
            table.add(killAndRerun(spark, "new deliveries", point, base, work.resolve("inc-" + n++), expected2, 0));
            report(table, fullMs);
        }

        assertThat(table).hasSizeGreaterThanOrEqualTo(only == null ? 20 : 1);
        assertThat(table).allSatisfy(o -> {
            assertThat(o.killExit()).as(o.point()).isEqualTo(CrashPoint.STATUS);
            assertThat(o.rerunExit()).as(o.point()).isEqualTo(ExitCode.OK);
            assertThat(o.equal()).as(o.point() + ": " + o.differs()).isTrue();
        });
    }

    private Outcome killAndRerun(SparkSession spark, String scenario, String point, Path from, Path lake,
                                 Map<String, String> expected, int expectedExit) throws Exception {
        long t0 = System.nanoTime();
        copy(from, lake);
        int killed = point.startsWith("random:")
                ? run(lake, null, Long.parseLong(point.substring("random:".length(), point.length() - 2)))
                : run(lake, point, 0);
        int rerun = run(lake, null, 0);
        Map<String, String> got = LakeContents.of(spark, lake);
        List<String> differs = LakeContents.differing(expected, got);
        return new Outcome(scenario, point, killed, rerun, differs.isEmpty() && rerun == expectedExit,
                String.join(", ", differs), (System.nanoTime() - t0) / 1e9);
    }

    /** The process's exit code; {@code killAfterMs} &gt; 0 sends SIGKILL after that long (137 when it did). */
    private static int run(Path lake, String crashAt, long killAfterMs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx2g");
        if (crashAt != null) {
            cmd.add("-D" + CrashPoint.PROPERTY + "=" + crashAt);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Zhibiao.class.getName(), "run", "--lake",
                lake.toString(), "--master", "local[2]", "--shuffle-partitions", "2", "--cutoff", CUTOFF));
        File log = lake.resolveSibling(lake.getFileName() + (crashAt != null ? "-crash" : killAfterMs > 0 ? "-killed" : "")
                + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        if (killAfterMs > 0 && !p.waitFor(killAfterMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly(); // SIGKILL
        }
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("zhibiao run on " + lake + " ended").isTrue();
        return p.exitValue();
    }

    /**
     * The second scenario's deliveries: every 2025 R&amp;D survey row again with R&amp;D expenditure ×1.1 (a
     * correction that MERGEs into silver), its first row with a region code that does not exist (quarantined: 1 of 40,
     * under the gate's 5 %); and late 2025 contracts: two already delivered (duplicates) and two new.
     */
    static void deliver(Path lake) throws IOException {
        Path rd = lake.resolve("landing/rd_survey/2025/rd_survey_2025.csv");
        List<String> lines = Files.readAllLines(rd, StandardCharsets.UTF_8);
        List<String> corrected = new ArrayList<>(List.of(lines.get(0)));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            f[5] = new BigDecimal(f[5]).multiply(new BigDecimal("1.1")).setScale(new BigDecimal(f[5]).scale(),
                    RoundingMode.HALF_UP).toPlainString();
            if (corrected.size() == 1) {
                f[3] = "419999";
            }
            corrected.add(String.join(",", f));
        }
        Files.write(rd.resolveSibling("rd_survey_2025_corrected.csv"), (String.join("\n", corrected) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Path tc = lake.resolve("landing/tech_contracts/2025/tech_contracts_2025.csv");
        List<String> contracts = Files.readAllLines(tc, StandardCharsets.UTF_8);
        List<String> late = new ArrayList<>(List.of(contracts.get(0), contracts.get(1), contracts.get(2)));
        for (int i = 0; i < 2; i++) {
            String[] fresh = contracts.get(3 + i).split(",", -1);
            fresh[0] = fresh[0].substring(0, fresh[0].length() - 3) + "91" + i;
            late.add(String.join(",", fresh));
        }
        Files.write(tc.resolveSibling("tech_contracts_2025_late.csv"), (String.join("\n", late) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void report(List<Outcome> table, long fullMs) {
        StringBuilder md = new StringBuilder("# Kill harness (issue 15)\n\nAn uninterrupted first load took "
                + String.format("%.1f", fullMs / 1000.0) + " s. Seed " + SEED + ".\n\n"
                + "| # | scenario | kill point | killed run's exit | rerun's exit | tables equal to the uninterrupted lake | "
                + "differing | s |\n|---:|---|---|---:|---:|---|---|---:|\n");
        for (int i = 0; i < table.size(); i++) {
            Outcome o = table.get(i);
            md.append(String.format("| %d | %s | `%s` | %d | %d | %s | %s | %.0f |%n", i + 1, o.scenario(), o.point(),
                    o.killExit(), o.rerunExit(), o.equal() ? "yes" : "**no**", o.differs(), o.seconds()));
        }
        try {
            Files.writeString(Path.of("target", "kill-harness.md"), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(md);
    }

    static Path copy(Path from, Path to) {
        return PublishedSample.copyTree(from, to);
    }
}
