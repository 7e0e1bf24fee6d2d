package io.zhibiao.jobs;

import io.zhibiao.lake.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.sample.SampleLake;
import io.zhibiao.transforms.LakeSnapshot;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zhibiao run} on the small published sample, through the command line as a scheduler calls it. */
class RunCommandTest {

    static SparkSession spark;
    static Lake lake;
    static SourceRegistry registry = SourceRegistry.loadDefault();
    static SampleLake.Summary sample;
    static String firstOut;

    @BeforeAll
    static void published() {
        spark = SparkTestSession.get();
        lake = Lake.at(PublishedSample.lake());
        sample = PublishedSample.summary();
        firstOut = PublishedSample.firstRun().out();
    }

    private static Dataset<Row> table(String path) {
        return spark.read().format("delta").load(path);
    }

    @Test
    void everyDeliveredRowReachedBronze() {
        long delivered = sample.rows();
        // A source the small sample has no file for (Xinxiang's incubator statistics round to none) has no table.
        long bronze = registry.sources().stream().filter(s -> DeltaTables.exists(spark, lake.bronze(s.id())))
                .mapToLong(s -> table(lake.bronze(s.id())).count()).sum();
        assertThat(bronze).isEqualTo(delivered);
    }

    @Test
    void bronzeEqualsSilverPlusQuarantinePlusDuplicatesForEverySourceAndBatch() {
        Dataset<Row> acc = table(lake.accounting());
        assertThat(acc.count()).isEqualTo(registry.sources().stream()
                .filter(s -> DeltaTables.exists(spark, lake.bronze(s.id()))).count());
        for (Row r : acc.collectAsList()) {
            String source = r.getAs("source");
            String batch = r.getAs("batch_id");
            long bronze = table(lake.bronze(source)).filter("_batch_id = '" + batch + "'").count();
            long quarantined = table(lake.quarantine()).filter("batch_id = '" + batch + "'").count();
            long duplicates = table(lake.duplicates()).filter("batch_id = '" + batch + "'").count();
            SourceSpec spec = registry.require(source);
            // One batch per source in a first run, so every silver row came from it.
            long silver = table(lake.silver(spec.silver())).count();
            assertThat(bronze).as(source).isEqualTo(silver + quarantined + duplicates);
            assertThat(r.<Long>getAs("bronze_rows")).as(source).isEqualTo(bronze);
            assertThat(r.<Boolean>getAs("balanced")).as(source).isTrue();
        }
    }

    @Test
    void theCleanSampleRefinesWithoutQuarantine() {
        assertThat(table(lake.quarantine()).count()).isZero();
        // The only duplicates are by design: the register's closures repeat firms delivered earlier, the 2021
        // region list repeats the 2015 one, and registries re-deliver changed records.
        assertThat(table(lake.duplicates()).select("source").distinct().collectAsList().stream()
                .map(r -> r.getString(0)).toList())
                .allMatch(s -> List.of("enterprise_register", "regions", "platforms", "hte_certificates").contains(s));
    }

    @Test
    void summaryNamesEveryTableAndItsBalance() {
        assertThat(firstOut).contains("source", "bronze", "silver", "quarantine", "duplicates", "balance");
        for (SourceSpec s : registry.sources()) {
            assertThat(firstOut).containsPattern("(?m)^" + s.id() + " .* ok +silver/" + s.silver() + "$");
        }
    }

    @Test
    void secondRunFindsNothingNewWithoutSparkAndAFullOneChangesNoTableAndIsLogged() {
        Map<String, Object> before = LakeSnapshot.of(spark, lake, registry);
        long runsBefore = table(lake.runs()).count();
        // Nothing changed since the first run: one line, exit 0, no stage started (so no audit/runs row either).
        Cli.Result again = Cli.run(PublishedSample.lake());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("zhibiao run: nothing new since run ")
                // The generated files and the generator's _synthetic.json marker beside them.
                .contains("the same " + (sample.files().size() + 1) + " landing files", "Nothing was started");
        assertThat(table(lake.runs()).count()).isEqualTo(runsBefore);
        assertThat(LakeSnapshot.of(spark, lake, registry)).isEqualTo(before);
        // --full runs every stage: it finds every file ingested already, changes no table, and is logged.
        Cli.Result full = Cli.run(PublishedSample.lake(), "--full");
        assertThat(full.exit()).as(full.err()).isZero();
        assertThat(full.out()).doesNotContain("nothing new since run ");
        assertThat(LakeSnapshot.of(spark, lake, registry)).isEqualTo(before);
        List<Row> runs = table(lake.runs()).orderBy("started_at").collectAsList();
        assertThat(runs).hasSize((int) runsBefore + 1);
        Row last = runs.get(runs.size() - 1);
        assertThat(last.<Long>getAs("files_ingested")).isZero();
        assertThat(last.<Long>getAs("files_already_ingested")).isEqualTo(sample.files().size());
        assertThat(last.<Integer>getAs("exit_code")).isZero();
    }

    @Test
    void periodLimitsIngestToOneFolder() throws Exception {
        Path other = Files.createTempDirectory("period");
        SampleLake.Summary s = SampleLake.generate(other, 0.01, SampleLake.DEFAULT_SEED);
        Cli.Result r = Cli.zhibiao("ingest", "--lake", other.toString(), "--period", "2016", "--master", "local[2]");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> expected = s.files().stream().map(SampleLake.GeneratedFile::path)
                .filter(p -> p.contains("/2016/")).sorted().toList();
        List<String> ingested = table(Lake.at(other).files()).select("source_file").collectAsList().stream()
                .map(x -> x.getString(0)).sorted().toList();
        assertThat(ingested).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void missingLakeFailsWithOneLine() {
        Cli.Result r = Cli.run(PublishedSample.lake().resolveSibling("nowhere"));
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        String[] lines = r.err().strip().split("\\R");
        assertThat(lines[lines.length - 1]).startsWith("zhibiao: error: there is no landing folder at ")
                .contains("`zhibiao run --sample`");
    }

    @Test
    void aLakeWithAnEmptyLandingFolderIsNamedNotFilledWithTheSample() throws Exception {
        // issue 13: a run that names a lake without deliveries must not publish invented figures
        Path empty = Files.createTempDirectory("empty-lake");
        Files.createDirectories(empty.resolve("landing/county_stats/2024"));
        Cli.Result r = Cli.run(empty);
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        String[] lines = r.err().strip().split("\\R");
        assertThat(lines[lines.length - 1]).startsWith("zhibiao: error: there are no delivered files under ")
                .contains("`zhibiao run --sample`");
        try (var files = Files.walk(empty.resolve("landing"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("nothing generated").isEmpty();
        }
        assertThat(empty.resolve("published")).doesNotExist();
    }

    @Test
    void unknownSourceIsAUsageError() {
        Cli.Result r = Cli.zhibiao("ingest", "--lake", PublishedSample.lake().toString(), "--source", "weather");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("zhibiao: error: no source 'weather'");
    }
}
