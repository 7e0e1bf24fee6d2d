package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's atomic releases: readers always see one whole release, and a promotion killed between any two of
 * its writes leaves the previous release current and whole.
 */
class AtomicReleaseTest {

    private final SparkSession spark = ReleaseFixture.spark();

    /** What a reader sees of a release: the numbers stamped on its rows, and whether each table is whole. */
    private static void assertWhole(SparkSession spark, Lake lake, Releases.Release r) {
        Releases releases = new Releases(spark, lake);
        for (String t : ReleaseFixture.TABLES) {
            List<Row> rows = releases.read(r, t).collectAsList();
            // release N holds N + 1 rows in each table, all stamped N
            assertThat(rows).as(t + " of release " + r.number()).hasSize(r.number() + 1)
                    .allSatisfy(x -> assertThat(x.getInt(0)).isEqualTo(r.number()));
        }
    }

    @Test
    void aReaderDuringTenPromotionsNeverSeesTwoReleasesAtOnce(@TempDir Path dir) throws Exception {
        Lake lake = Lake.at(dir);
        ReleaseFixture.publishNext(spark, lake);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    // as `zhibiao sql` and the notebooks read: names registered through the pointer, one query
                    LakeCatalog.register(spark, lake);
                    List<Row> numbers = spark.sql("SELECT DISTINCT release_no, 'g' FROM gold.values UNION ALL "
                            + "SELECT DISTINCT release_no, 'v' FROM published.values UNION ALL "
                            + "SELECT DISTINCT release_no, 'p' FROM published.gaps UNION ALL "
                            + "SELECT max(release_no), 'r' FROM published.releases").collectAsList();
                    Set<Integer> distinct = new TreeSet<>();
                    numbers.forEach(x -> distinct.add(x.getInt(0)));
                    seen.add(distinct.toString());
                    // as export, report and serve read: one release object, every table at its version
                    Releases.Release now = new Releases(spark, lake).current().orElseThrow();
                    assertWhole(spark, lake, now);
                    reads.incrementAndGet();
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        reader.start();
        for (int i = 0; i < 10; i++) {
            ReleaseFixture.publishNext(spark, lake);
        }
        Thread.sleep(500);
        done.set(true);
        reader.join(TimeUnit.MINUTES.toMillis(5));

        assertThat(failures).isEmpty();
        // every query saw exactly one release number across the three tables and the pointer
        assertThat(seen).allSatisfy(s -> assertThat(s).doesNotContain(","));
        // and the reader was reading while releases changed: it saw more than one of the 11
        assertThat(new TreeSet<>(seen)).hasSizeGreaterThan(1);
        assertThat(reads.get()).isGreaterThanOrEqualTo(3);
        Releases.Release last = new Releases(spark, lake).current().orElseThrow();
        assertThat(last.number()).isEqualTo(11);
        assertWhole(spark, lake, last);
    }

    @Test
    void killedBetweenAnyTwoWritesOfAPromotionThePreviousReleaseStaysCurrentAndWhole(@TempDir Path dir)
            throws Exception {
        Lake lake = Lake.at(dir);
        assertThat(ReleaseFixture.publishNext(spark, lake)).isEqualTo(1);
        // the published tables were created keeping ten years of history, so release 1 stays readable at its versions
        for (String t : ReleaseFixture.TABLES) {
            Row detail = spark.sql("DESCRIBE DETAIL delta.`" + lake.table(t) + "`").select("properties").first();
            assertThat(detail.<String, String>getJavaMap(0)).containsEntry("delta.logRetentionDuration", "interval 3650 days")
                    .containsEntry("delta.deletedFileRetentionDuration", "interval 3650 days");
        }
        // cut after the 1st, 2nd and 3rd table write, before the pointer commit: release 1 stays current
        for (String t : ReleaseFixture.TABLES) {
            assertThat(CrashPoint.simulate("promote:wrote:" + t, () -> ReleaseFixture.publishNext(spark, lake))).isTrue();
            Releases.Release current = new Releases(spark, lake).current().orElseThrow();
            assertThat(current.number()).as("cut after writing " + t).isEqualTo(1);
            assertWhole(spark, lake, current);
            // the table's folder does hold the dead run's rows (3 rows stamped 2) — the pointer hides them
            assertThat(spark.read().format("delta").load(lake.table(t)).collectAsList()).hasSize(3);
        }
        // the same in a real process halted as kill -9 would, after the second write
        assertThat(runKilledAt(dir, "promote:wrote:" + ReleaseFixture.TABLES.get(1))).isEqualTo(CrashPoint.STATUS);
        assertThat(new Releases(spark, lake).current().orElseThrow().number()).isEqualTo(1);
        assertWhole(spark, lake, new Releases(spark, lake).current().orElseThrow());
        // cut right after the pointer commit: release 2 is current and whole
        assertThat(CrashPoint.simulate("promote:committed", () -> ReleaseFixture.publishNext(spark, lake))).isTrue();
        Releases.Release two = new Releases(spark, lake).current().orElseThrow();
        assertThat(two.number()).isEqualTo(2);
        assertWhole(spark, lake, two);

        // a real SIGKILL at a seeded random moment of a promotion: release 2 or 3 is current, and whole
        long delay = 2_000 + new Random(13).nextInt(8_000);
        Process p = process(dir, null);
        boolean exited = p.waitFor(delay, TimeUnit.MILLISECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        Releases.Release afterKill = new Releases(spark, lake).current().orElseThrow();
        assertThat(afterKill.number()).isBetween(2, 3);
        assertWhole(spark, lake, afterKill);

        // the next run converges: it publishes the next release exactly as an uninterrupted run would
        int next = ReleaseFixture.publishNext(spark, lake);
        assertThat(next).isEqualTo(afterKill.number() + 1);
        Releases.Release last = new Releases(spark, lake).current().orElseThrow();
        assertWhole(spark, lake, last);
        for (String t : ReleaseFixture.TABLES) {
            assertThat(spark.read().format("delta").load(lake.table(t)).count()).isEqualTo(next + 1);
        }
        // every release number appears once in the pointer table: 1, 2, …, next
        List<Integer> numbers = new ArrayList<>();
        new Releases(spark, lake).all().forEach(r -> numbers.add(r.number()));
        assertThat(numbers).hasSize(next).doesNotHaveDuplicates();
    }

    private static int runKilledAt(Path lakeDir, String point) throws Exception {
        Process p = process(lakeDir, point);
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("promotion process finished").isTrue();
        return p.exitValue();
    }

    private static Process process(Path lakeDir, String crashAt) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx1g");
        if (crashAt != null) {
            cmd.add("-D" + CrashPoint.PROPERTY + "=" + crashAt);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ReleaseFixture.class.getName());
        cmd.add(lakeDir.toString());
        File log = Files.createTempFile("zhibiao-promote", ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }
}
