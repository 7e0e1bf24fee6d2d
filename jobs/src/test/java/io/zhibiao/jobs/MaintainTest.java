package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.Releases;
import io.zhibiao.transforms.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zhibiao maintain} on a lake with two releases: OPTIMIZE compacts the audit tables, VACUUM removes only what
 * no kept release reads — a kept release reads the same rows after it, a release no longer kept is refused by name.
 * Delta's 7-day floor and the hour of margin are lowered for the test (the files here are minutes old).
 */
class MaintainTest {

    @TempDir
    Path dir;

    @Test
    void keptReleasesStillReadAfterVacuumAndOlderOnesAreRefusedByName() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path lake = PublishedSample.copy(dir.resolve("lake"));
        Cli.Result second = Cli.zhibiao("indicators", "--lake", lake.toString(), "--full", "--master", "local[2]",
                "--shuffle-partitions", "2", "--cutoff", "2026-11-23");
        assertThat(second.exit()).as(second.err()).isZero();
        String count = "SELECT count(*) AS n FROM ";
        String r1 = digest(spark, lake, 1);
        String r2 = digest(spark, lake, 2);
        // the same silver, computed again: the same rows (6,231 values at scale 0.01 would be the sample's; count > 1000)
        assertThat(r1).isEqualTo(r2).matches("\\d{4,} rows, hash -?\\d+");
        int auditFiles = numFiles(spark, Lake.at(lake).runs());
        assertThat(auditFiles).as("one file per run appended to audit/runs").isGreaterThan(1);
        long parquetBefore = parquet(lake.resolve("published/indicator_values"));

        System.setProperty(Maintain.MIN_HOURS, "0");
        System.setProperty(Maintain.MARGIN_MINUTES, "0");
        try {
            // Two releases kept: nothing either of them reads goes.
            Cli.Result both = Cli.zhibiao("maintain", "--lake", lake.toString(), "--keep-releases", "2");
            assertThat(both.exit()).as(both.err()).isZero();
            assertThat(both.out()).contains("keeping releases 1–2 readable", "  optimize audit/runs ");
            assertThat(numFiles(spark, Lake.at(lake).runs())).isEqualTo(1);
            assertThat(digest(spark, lake, 1)).isEqualTo(r1);
            assertThat(parquet(lake.resolve("published/indicator_values"))).isEqualTo(parquetBefore);

            // One kept: release 1's files go, release 2 reads the same rows, release 1 is refused by name.
            Cli.Result one = Cli.zhibiao("maintain", "--lake", lake.toString(), "--keep-releases", "1");
            assertThat(one.exit()).as(one.err()).isZero();
            assertThat(one.out()).contains("keeping releases 2–2 readable")
                    .containsPattern("  vacuum   published/indicator_values +\\d+ data files removed");
            assertThat(parquet(lake.resolve("published/indicator_values"))).isLessThan(parquetBefore);
            assertThat(digest(spark, lake, 2)).isEqualTo(r2);
            Cli.Result gone = Cli.zhibiao("sql", "--lake", lake.toString(), "--release", "1", count + "release_1.indicator_values");
            assertThat(gone.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(gone.err()).contains("zhibiao: error: release 1 is listed in published.releases, but its tables are no"
                    + " longer kept (zhibiao maintain keeps releases 2 and later readable)");
            // The current release as BI tools read it is untouched.
            assertThat(spark.read().format("delta").load(lake.resolve("published/indicator_values").toString())
                    .selectExpr("concat(count(*), ' rows, hash ', sum(hash(indicator_id, region_code, year, value)))")
                    .head().getString(0)).isEqualTo(r2);

            Cli.Result bad = Cli.zhibiao("maintain", "--lake", lake.toString(), "--keep-releases", "0");
            assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
        } finally {
            System.clearProperty(Maintain.MIN_HOURS);
            System.clearProperty(Maintain.MARGIN_MINUTES);
        }
    }

    /** Release n's indicator values as its tables are read now: row count and a hash over key and value. */
    private static String digest(SparkSession spark, Path lake, int n) {
        Releases r = new Releases(spark, Lake.at(lake));
        return r.read(r.find(n).orElseThrow(), "published.indicator_values")
                .selectExpr("concat(count(*), ' rows, hash ', sum(hash(indicator_id, region_code, year, value)))")
                .head().getString(0);
    }

    private static int numFiles(SparkSession spark, String path) {
        return (int) DeltaTable.forPath(spark, path).detail().select("numFiles").head().getLong(0);
    }

    private static long parquet(Path table) throws Exception {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
        }
    }
}
