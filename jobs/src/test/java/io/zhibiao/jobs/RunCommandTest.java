package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.sample.SampleLake;
import io.zhibiao.transforms.LakeSnapshot;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.transforms.lake.Lake;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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

/** {@code zhibiao run} on a generated sample lake (scale 0.02), through the command line as a scheduler calls it. */
class RunCommandTest {

    static final String SCALE = "0.02";

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Lake lake;
    static SourceRegistry registry = SourceRegistry.loadDefault();
    static SampleLake.Summary sample;
    static int firstExit;
    static String firstOut;

    record Result(int exit, String out, String err) {
    }

    static Result zhibiao(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Zhibiao.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static Result run(Path lakeDir, String... extra) {
        String[] base = {"run", "--lake", lakeDir.toString(), "--master", "local[2]", "--shuffle-partitions", "2",
            "--cutoff", "2026-11-23"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return zhibiao(all);
    }

    @BeforeAll
    static void generateAndRun() throws Exception {
        spark = SparkTestSession.get();
        Result g = zhibiao("generate", "--lake", dir.toString(), "--scale", SCALE);
        assertThat(g.exit()).as(g.err()).isZero();
        sample = SampleLake.generate(Files.createTempDirectory("same-sample"), Double.parseDouble(SCALE),
                SampleLake.DEFAULT_SEED);
        lake = Lake.at(dir);
        Result r = run(dir);
        firstExit = r.exit();
        firstOut = r.out();
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static Dataset<Row> table(String path) {
        return spark.read().format("delta").load(path);
    }

    @Test
    void everyDeliveredRowReachedBronze() {
        long delivered = sample.rows();
        long bronze = registry.sources().stream().mapToLong(s -> table(lake.bronze(s.id())).count()).sum();
        assertThat(bronze).isEqualTo(delivered);
    }

    @Test
    void bronzeEqualsSilverPlusQuarantinePlusDuplicatesForEverySourceAndBatch() {
        Dataset<Row> acc = table(lake.accounting());
        assertThat(acc.count()).isEqualTo(registry.sources().size());
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
    void secondRunChangesNoTableAndIsLogged() {
        Map<String, Object> before = LakeSnapshot.of(spark, lake, registry);
        Result again = run(dir);
        assertThat(again.exit()).isZero();
        assertThat(LakeSnapshot.of(spark, lake, registry)).isEqualTo(before);
        List<Row> runs = table(lake.runs()).orderBy("started_at").collectAsList();
        assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
        Row last = runs.get(runs.size() - 1);
        assertThat(last.<Long>getAs("files_ingested")).isZero();
        assertThat(last.<Long>getAs("files_already_ingested")).isEqualTo(sample.files().size());
        assertThat(last.<Integer>getAs("exit_code")).isZero();
    }

    @Test
    void malformedFileExitsThreeNamesTheFileAndChangesNothing() throws Exception {
        Path copy = Files.createTempDirectory("malformed");
        SampleLake.generate(copy, 0.01, SampleLake.DEFAULT_SEED);
        assertThat(run(copy).exit()).isZero();
        Lake other = Lake.at(copy);
        Map<String, Object> before = LakeSnapshot.of(spark, other, registry);
        // A register extract saved in GBK, while the market regulator delivers UTF-8.
        Path bad = copy.resolve("landing/enterprise_register/2025/register_2025_resent.csv");
        Files.writeString(bad, "统一社会信用代码,企业名称,住所所在行政区划代码,行业代码,成立日期,注销日期,企业规模,登记状态\n"
                + "91410305MA3X7K2P0U,洛阳重发有限公司,410305,C3451,2025-01-02,,小型,存续\n", Charset.forName("GBK"));
        Result r = run(copy);
        assertThat(r.exit()).isEqualTo(ExitCode.REJECTED_INPUT);
        assertThat(r.out()).contains("zhibiao: rejected landing/enterprise_register/2025/register_2025_resent.csv: is not valid UTF-8");
        String[] errLines = r.err().strip().split("\\R");
        assertThat(errLines[errLines.length - 1]).startsWith("zhibiao: error: 1 delivered file rejected, nothing of it "
                + "entered the lake; first: landing/enterprise_register/2025/register_2025_resent.csv: is not valid UTF-8");
        assertThat(LakeSnapshot.of(spark, other, registry)).isEqualTo(before);
    }

    @Test
    void periodLimitsIngestToOneFolder() throws Exception {
        Path other = Files.createTempDirectory("period");
        SampleLake.Summary s = SampleLake.generate(other, 0.01, SampleLake.DEFAULT_SEED);
        Result r = zhibiao("ingest", "--lake", other.toString(), "--period", "2016", "--master", "local[2]");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> expected = s.files().stream().map(SampleLake.GeneratedFile::path)
                .filter(p -> p.contains("/2016/")).sorted().toList();
        List<String> ingested = table(Lake.at(other).files()).select("source_file").collectAsList().stream()
                .map(x -> x.getString(0)).sorted().toList();
        assertThat(ingested).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void missingLakeFailsWithOneLine() {
        Result r = run(dir.resolve("nowhere"));
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        String[] lines = r.err().strip().split("\\R");
        assertThat(lines[lines.length - 1]).startsWith("zhibiao: error: there is no landing folder at ")
                .contains("run `zhibiao generate`");
    }

    @Test
    void unknownSourceIsAUsageError() {
        Result r = zhibiao("ingest", "--lake", dir.toString(), "--source", "weather");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("zhibiao: error: no source 'weather'");
    }
}
