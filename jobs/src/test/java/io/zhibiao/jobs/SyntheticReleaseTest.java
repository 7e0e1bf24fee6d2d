package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.publish.Publisher;
import io.zhibiao.jobs.export.PublishedRelease;
import io.zhibiao.jobs.export.WorkbookExport;
import io.zhibiao.jobs.report.ReleaseTables;
import io.zhibiao.jobs.serve.ServingRelease;
import io.zhibiao.lake.Lake;
import io.zhibiao.transforms.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases built from generated data say so (issue 13), and others do not. The shared sample lake is generated, so
 * its release is synthetic; a copy whose releases row says what a lake of real deliveries writes (synthetic false,
 * no note), and one from before the columns existed, show no sample note anywhere.
 */
class SyntheticReleaseTest {

    static final String NOTE = "示例数据 — synthetic sample, not official statistics";

    @TempDir
    static Path work;
    static SparkSession spark;
    static Path sample;
    static Path real;

    @BeforeAll
    static void lakes() {
        spark = SparkTestSession.get();
        sample = PublishedSample.lake();
        real = PublishedSample.copy(work.resolve("real"));
        // What the same run writes for a lake of real deliveries (no landing/_synthetic.json listing its files).
        spark.sql("UPDATE delta.`" + real.resolve("published/releases") + "` SET synthetic = false, data_note = NULL");
    }

    @Test
    void theSampleReleaseIsMarkedAndSoIsEveryFileItWasBuiltFrom() {
        Row release = spark.read().format("delta").load(sample.resolve("published/releases").toString()).first();
        assertThat(release.<Boolean>getAs("synthetic")).isTrue();
        assertThat(release.<String>getAs("data_note")).isEqualTo(NOTE);
        assertThat(release.schema().apply("synthetic").getComment().get()).isEqualTo("示例数据（由生成器合成，非官方数据）/ synthetic sample");
        List<Row> files = spark.read().format("delta").load(Lake.at(sample).files()).select("source_file", "synthetic")
                .collectAsList();
        assertThat(files).hasSize(PublishedSample.summary().files().size()).allSatisfy(f -> assertThat(f.getBoolean(1))
                .as(f.getString(0)).isTrue());
        assertThat(sample.resolve("landing/_synthetic.json")).exists();
    }

    @Test
    void theRunSaysItPublishedSampleData() throws Exception {
        assertThat(PublishedSample.firstRun().out()).contains("已发布批次 1。本批次为" + NOTE + "。")
                .contains("release 1 is " + NOTE + " (built from files zhibiao generate invented; "
                        + "published.releases.synthetic = true)");
        List<String> reports;
        try (Stream<Path> files = Files.list(sample.resolve("reports"))) {
            reports = files.filter(p -> p.getFileName().toString().startsWith("quality-"))
                    .map(p -> read(p)).filter(s -> s.contains("- 发布：已发布批次 1。")).toList();
        }
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).contains("- 发布：已发布批次 1。本批次为" + NOTE + "。");
    }

    @Test
    void aRealReleaseHasNoBannerNoCoverNoteAndNoTableComments() throws Exception {
        Cli.Result report = Cli.zhibiao("report", "--lake", real.toString(), "--out", work.resolve("dashboard").toString(),
                "--master", "local[2]", "--shuffle-partitions", "2");
        assertThat(report.exit()).as(report.err()).isZero();
        String html = Files.readString(work.resolve("dashboard/index.html"), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("synthetic-banner").doesNotContain("{{BANNER}}").doesNotContain("示例数据");
        var data = new ObjectMapper().readTree(work.resolve("dashboard/data.json").toFile());
        assertThat(data.at("/release/synthetic").asBoolean(true)).isFalse();
        assertThat(data.at("/release/data_note").isNull()).isTrue();

        Cli.Result export = Cli.zhibiao("export", "--lake", real.toString(), "--master", "local[2]",
                "--shuffle-partitions", "2", "--format", "xlsx", "--out", work.resolve("export").toString());
        assertThat(export.exit()).as(export.out() + export.err()).isZero();
        try (XSSFWorkbook wb = new XSSFWorkbook(work.resolve("export").resolve(WorkbookExport.fileName(1)).toFile())) {
            XSSFSheet cover = wb.getSheet(WorkbookExport.COVER);
            assertThat(cover.getRow(1).getCell(0).getStringCellValue()).startsWith("十四五科技创新规划目标监测");
            String nature = null;
            for (var row : cover) {
                for (Cell c : row) {
                    if (c.getCellType() == CellType.STRING) {
                        assertThat(c.getStringCellValue()).doesNotContain("示例数据");
                    }
                }
                if (row.getCell(0) != null && "数据性质".equals(row.getCell(0).getStringCellValue())) {
                    nature = row.getCell(1).getStringCellValue();
                }
            }
            assertThat(nature).isEqualTo("交付数据");
        }

        ServingRelease.Copy copy = ServingRelease.materialise(spark, Lake.at(real), work.resolve("serving"));
        assertThat(copy.tables()).contains("published.target_gap", "published.releases");
        for (String t : copy.tables()) {
            Row detail = DeltaTable.forPath(spark, copy.dir().resolve(t.replace('.', '/')).toString()).detail()
                    .select("description").first();
            assertThat(detail.isNullAt(0)).as(t).isTrue();
        }
    }

    @Test
    void aReleasePublishedBeforeTheColumnsExistedReadsAsNotSynthetic() {
        Path old = PublishedSample.copy(work.resolve("old"));
        String releases = old.resolve("published/releases").toString();
        spark.read().format("delta").load(releases).drop("synthetic", "data_note").localCheckpoint().write().format("delta")
                .mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(releases);
        Row row = spark.read().format("delta").load(releases).first();
        assertThat(row.schema().fieldNames()).doesNotContain("synthetic", "data_note");
        assertThat(SyntheticRelease.of(row)).isFalse();
        assertThat(SyntheticRelease.noteOf(row)).isNull();

        ReleaseTables tables = ReleaseTables.read(spark, Lake.at(old), Optional.empty());
        assertThat(tables.release()).containsEntry("synthetic", false).containsEntry("data_note", null);
        IndicatorCatalog ic = IndicatorCatalog.loadDefault(sql -> null);
        PublishedRelease release = PublishedRelease.open(spark, Lake.at(old), new Publisher(spark, Lake.at(old), ic,
                TargetCatalog.loadDefault(ic)), null);
        assertThat(release.info().synthetic()).isFalse();
        assertThat(release.info().dataNote()).isNull();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
