package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeLock;
import io.zhibiao.lake.Releases;
import io.zhibiao.transforms.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per lake (issue 15), through the command line: a writing command on a lake another run holds exits 6
 * naming the holder, or waits for it with --wait; readers do not wait; and a lake whose accounting does not balance
 * publishes nothing (exit 4), whatever damaged it.
 */
class WriterLockTest {

    static SparkSession spark;

    @TempDir
    static Path dir;

    static Path copy;

    @BeforeAll
    static void lake() {
        spark = SparkTestSession.get();
        copy = PublishedSample.copy(dir.resolve("lake"));
    }

    private static LakeLock other() throws Exception {
        LakeLock l = LakeLock.of(Lake.at(copy), new Configuration(), "20261201T000000000Z", "run",
                LakeLock.Settings.defaults(), line -> { });
        assertThat(l.acquire(Duration.ZERO)).isEmpty();
        return l;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void aSecondWriterExitsSixNamingTheHolderAndTouchesNothing() throws Exception {
        long runs = spark.read().format("delta").load(Lake.at(copy).runs()).count();
        try (LakeLock held = other()) {
            for (String[] command : List.of(new String[] {"run", "--full"}, new String[] {"ingest"},
                    new String[] {"refine"}, new String[] {"indicators"}, new String[] {"check"})) {
                List<String> args = new ArrayList<>(List.of(command));
                args.addAll(List.of("--lake", copy.toString()));
                Cli.Result r = Cli.zhibiao(args.toArray(String[]::new));
                assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(ExitCode.LOCKED);
                // e.g. zhibiao: error: the lake file:/…/lake is being written by run 20261201T000000000Z (zhibiao run,
                // etl@host, pid 123, since …, last heartbeat 0 s ago): nothing was done; run again when it ends, or …
                assertThat(lastLine(r.err())).startsWith("zhibiao: error: the lake " + Lake.at(copy).root()
                        + " is being written by run 20261201T000000000Z (zhibiao run, ")
                        .contains("pid " + ProcessHandle.current().pid(), "nothing was done", "--wait");
            }
        }
        assertThat(spark.read().format("delta").load(Lake.at(copy).runs()).count()).as("no run was logged").isEqualTo(runs);
        assertThat(copy.resolve("_lock/writer.json")).doesNotExist();
    }

    @Test
    void waitGivesUpAfterItsDurationOrRunsOnceTheHolderEnds() throws Exception {
        LakeLock held = other();
        long t0 = System.nanoTime();
        Cli.Result gaveUp = Cli.zhibiao("run", "--lake", copy.toString(), "--wait=2s");
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(gaveUp.exit()).as(gaveUp.err()).isEqualTo(ExitCode.LOCKED);
        assertThat(waited).isGreaterThanOrEqualTo(2_000);
        assertThat(lastLine(gaveUp.err())).contains("; waited 2 s: nothing was done");
        assertThat(gaveUp.out()).contains("zhibiao: waiting for the lake's writer lock, held by run 20261201T000000000Z");

        Thread release = new Thread(() -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        release.start();
        t0 = System.nanoTime();
        Cli.Result after = Cli.zhibiao("run", "--lake", copy.toString(), "--wait");
        waited = (System.nanoTime() - t0) / 1_000_000;
        release.join();
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(waited).isGreaterThanOrEqualTo(1_400);
        assertThat(after.out()).contains("zhibiao: waiting for the lake's writer lock, held by run 20261201T000000000Z",
                "zhibiao run: nothing new since run ");
        assertThat(copy.resolve("_lock/writer.json")).doesNotExist();

        Cli.Result bad = Cli.zhibiao("run", "--lake", copy.toString(), "--wait=soon");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(lastLine(bad.err())).isEqualTo("zhibiao: error: 'soon' is not a duration: write it as 90s, 30m, 2h,"
                + " 1h30m, 1d or PT30M");
    }

    @Test
    void readersDoNotWaitForTheWriter() throws Exception {
        try (LakeLock held = other()) {
            Cli.Result r = Cli.zhibiao("sql", "--lake", copy.toString(), "SELECT count(*) AS n FROM published.releases");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("|1  |");
        }
    }

    /**
     * The issue's third run: the accounting of one batch recorded twice (as two overlapping runs once did), then a run
     * alone. It must not publish: exit 4, naming the source, and release 1 stays current.
     */
    @Test
    void aLakeWhoseAccountingDoesNotBalancePublishesNothing() throws Exception {
        Path damaged = PublishedSample.copy(dir.resolve("damaged"));
        Lake lake = Lake.at(damaged);
        spark.read().format("delta").load(lake.accounting()).where("source = 'platforms'").limit(1)
                .withColumn("run_id", functions.lit("20261201T000000001Z"))
                .write().format("delta").mode("append").save(lake.accounting());
        Cli.Result r = Cli.run(damaged, "--full");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.UNBALANCED);
        assertThat(lastLine(r.err())).startsWith("zhibiao: error: the lake's accounting does not balance for platforms"
                + " (bronze ").contains("nothing was computed or published");
        // The summary says the same: platforms OFF, every other source ok.
        assertThat(r.out().lines().filter(l -> l.matches("^\\S+\\s+\\d+ .*(ok|OFF)\\s+silver/.*")))
                .hasSize(14).filteredOn(l -> l.contains(" OFF ")).singleElement().asString().startsWith("platforms ");
        Optional<Releases.Release> current = new Releases(spark, lake).current();
        assertThat(current.orElseThrow().number()).isEqualTo(1);
        assertThat(Files.list(damaged.resolve("_lock")).toList()).isEmpty();
    }
}
