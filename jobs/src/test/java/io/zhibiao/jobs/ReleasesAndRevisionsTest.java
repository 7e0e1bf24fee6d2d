package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.publish.Publisher;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeCatalog;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrected re-delivery of a past year's R&D survey: the next release shows the revised value, the revisions
 * table records old value, new value, cause and release numbers, and the earlier release can still be read. The
 * same delivery recomputed with {@code --full} leaves every table as the incremental run did.
 */
class ReleasesAndRevisionsTest {

    @TempDir
    static Path work;
    static SparkSession spark;
    static Path lake;
    static long jianxi2024;
    static Cli.Result second;
    static Path full;
    static Cli.Result recomputed;
    static List<String> incrementalMeasures;
    static List<String> fullMeasures;
    /** IndicatorEngine's line: "measure queries: K kept from the last run (tables read unchanged), R run". */
    static final java.util.regex.Pattern MEASURES_LINE =
            java.util.regex.Pattern.compile("measure queries: (\\d+) kept .*, (\\d+) run");

    @BeforeAll
    static void redeliverTheSurvey() throws Exception {
        spark = SparkTestSession.get();
        lake = PublishedSample.copy(work.resolve("revised"));
        // The 2024 survey as delivered; the statistics office re-delivers 涧西区's returns with doubled expenditure.
        List<String> rows = Files.readAllLines(lake.resolve("landing/rd_survey/2024/rd_survey_2024.csv"), StandardCharsets.UTF_8);
        List<String> corrected = new ArrayList<>(List.of(rows.get(0)));
        for (String line : rows.subList(1, rows.size())) {
            String[] f = line.split(",", -1);
            if (f[3].equals("410305")) {
                jianxi2024 += Long.parseLong(f[5]);
                f[5] = String.valueOf(Long.parseLong(f[5]) * 2);
                corrected.add(String.join(",", f));
            }
        }
        assertThat(jianxi2024).as("涧西区 has 2024 survey returns in the sample").isPositive();
        Files.writeString(lake.resolve("landing/rd_survey/2024/rd_survey_2024_corrected.csv"),
                String.join("\n", corrected) + "\n", StandardCharsets.UTF_8);
        // The same lake with the same delivery (file times kept), to be recomputed in full.
        full = PublishedSample.copyTree(lake, work.resolve("full"));
        try (LogLines log = new LogLines()) {
            second = Cli.run(lake);
            incrementalMeasures = log.containing("measure queries: ");
        }
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        try (LogLines log = new LogLines()) {
            recomputed = Cli.run(full, "--full");
            fullMeasures = log.containing("measure queries: ");
        }
        assertThat(recomputed.exit()).as(recomputed.out() + recomputed.err()).isZero();
        LakeCatalog.register(spark, Lake.at(lake));
    }

    /**
     * Incremental = full (issue 14): the run after the corrected survey took the rows of every measure query whose
     * tables it did not change from the last run; the same delivery recomputed with {@code --full} ran every query. Every
     * table of the two lakes — bronze, silver, quarantine, audit/duplicates, audit/files, gold and published — holds
     * the same rows (run ids and times aside).
     */
    @Test
    void anIncrementalRunLeavesExactlyWhatAFullRecomputationDoes() throws Exception {
        // One measure-queries line per run (MEASURES_LINE).
        assertThat(incrementalMeasures).hasSize(1);
        assertThat(fullMeasures).hasSize(1);
        java.util.regex.Matcher inc = MEASURES_LINE.matcher(incrementalMeasures.get(0));
        java.util.regex.Matcher all = MEASURES_LINE.matcher(fullMeasures.get(0));
        assertThat(inc.find()).as(incrementalMeasures.get(0)).isTrue();
        assertThat(all.find()).as(fullMeasures.get(0)).isTrue();
        int kept = Integer.parseInt(inc.group(1));
        int ran = Integer.parseInt(inc.group(2));
        // the queries over silver.rd_expenditure ran again, the others (contracts, enterprises, tax, …) were kept
        assertThat(kept).as(incrementalMeasures.get(0)).isPositive();
        assertThat(ran).as(incrementalMeasures.get(0)).isPositive();
        assertThat(all.group(1)).isEqualTo("0");
        assertThat(Integer.parseInt(all.group(2))).isEqualTo(kept + ran);

        Map<String, String> incremental = LakeContents.of(spark, lake);
        Map<String, String> recomputedFully = LakeContents.of(spark, full);
        assertThat(incremental).containsKeys("silver/rd_expenditure", "gold/indicator_values",
                "published/indicator_values", "published/target_gap", "published/revisions");
        assertThat(LakeContents.differing(incremental, recomputedFully)).isEmpty();
        assertThat(recomputedFully).isEqualTo(incremental);
    }

    static BigDecimal published(String table, String indicator, String region, int year) {
        return spark.sql("SELECT value FROM " + table + " WHERE indicator_id = '" + indicator + "' AND region_code = '"
                + region + "' AND year = " + year).head().getDecimal(0);
    }

    @Test
    void theRevisedCityValueIsPublishedAndItsRevisionRecorded() {
        // The city's 2024 R&D rises by exactly 涧西区's original 2024 expenditure: S 千元 = S × 1000 元 = S / 100,000 亿元.
        Row rev = spark.sql("SELECT old_value, new_value, revision, release_no, previous_release_no, cause_tables, cause_files "
                + "FROM published.revisions WHERE indicator_id = 'rd_expenditure' AND region_code = '410300' AND year = 2024")
                .head();
        BigDecimal old = rev.getDecimal(0);
        BigDecimal now = rev.getDecimal(1);
        BigDecimal added = BigDecimal.valueOf(jianxi2024).movePointLeft(5);
        assertThat(now).isEqualByComparingTo(published("published.indicator_values", "rd_expenditure", "410300", 2024));
        assertThat(now.subtract(old).subtract(added).abs()).isLessThanOrEqualTo(new BigDecimal("0.01"));
        assertThat(rev.getDecimal(2)).isEqualByComparingTo(now.subtract(old));
        assertThat(rev.getInt(3)).isEqualTo(2);
        assertThat(rev.getInt(4)).isEqualTo(1);
        assertThat(rev.getString(5)).isEqualTo("silver.rd_expenditure");
        assertThat(rev.getString(6)).contains("rd_survey/2024/rd_survey_2024_corrected.csv");
        // 2023 was not touched: no revision row.
        assertThat(spark.sql("SELECT count(*) FROM published.revisions WHERE year = 2023").head().getLong(0)).isZero();
    }

    @Test
    void aRealFileDroppedIntoTheSampleLakeIsNotSyntheticYetTheReleaseStillIs() {
        // The corrected survey is not in landing/_synthetic.json: ingest records it as a real delivery. Release 2 is
        // still computed from the generated files too, so it stays a sample release.
        Map<String, Boolean> synthetic = new HashMap<>();
        for (Row f : spark.read().format("delta").load(Lake.at(lake).files()).select("source_file", "synthetic").collectAsList()) {
            synthetic.put(f.getString(0), f.getBoolean(1));
        }
        assertThat(synthetic).containsEntry("landing/rd_survey/2024/rd_survey_2024_corrected.csv", false)
                .containsEntry("landing/rd_survey/2024/rd_survey_2024.csv", true);
        assertThat(synthetic.values().stream().filter(b -> !b).count()).isEqualTo(1);
        List<Row> releases = spark.sql("SELECT release_no, synthetic, data_note FROM published.releases ORDER BY release_no")
                .collectAsList();
        assertThat(releases).extracting(r -> r.getInt(0) + " " + r.getBoolean(1) + " " + r.getString(2)).containsExactly(
                "1 true 示例数据 — synthetic sample, not official statistics",
                "2 true 示例数据 — synthetic sample, not official statistics");
    }

    @Test
    void theEarlierReleaseIsReadBackAsItWasPublished() {
        IndicatorCatalog ic = IndicatorCatalog.loadDefault(sql -> null);
        new Publisher(spark, Lake.at(lake), ic, TargetCatalog.loadDefault(ic)).registerRelease(1);
        BigDecimal then = published("release_1.indicator_values", "rd_expenditure", "410300", 2024);
        BigDecimal now = published("published.indicator_values", "rd_expenditure", "410300", 2024);
        Row rev = spark.sql("SELECT old_value FROM published.revisions WHERE indicator_id = 'rd_expenditure' "
                + "AND region_code = '410300' AND year = 2024").head();
        assertThat(then).isEqualByComparingTo(rev.getDecimal(0));
        assertThat(now).isGreaterThan(then);
        assertThat(spark.sql("SELECT DISTINCT release_no FROM release_1.indicator_values").head().getInt(0)).isEqualTo(1);
        assertThat(spark.sql("SELECT count(*) FROM published.releases").head().getLong(0)).isEqualTo(2);
    }
}
