package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.IndicatorEngine;
import io.zhibiao.quality.CheckResult;
import io.zhibiao.quality.QualityCatalog;
import io.zhibiao.quality.Reconciliation;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeCatalog;
import io.zhibiao.transforms.source.SourceRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.1: a year a city did not deliver is no data, never 0. Luoyang (洛阳) delivers 科技型中小企业 from 2017;
 * Xinxiang (新乡) from 2016, so landing/tech_sme/2016/ holds only tech_sme_410700_2016.csv.
 */
class DeliveryCoverageTest {

    static SparkSession spark;
    static Lake lake;
    static SourceRegistry sources = SourceRegistry.loadDefault();
    static IndicatorCatalog indicators;

    @BeforeAll
    static void published() {
        spark = SparkTestSession.get();
        lake = Lake.at(PublishedSample.lake());
        LakeCatalog.register(spark, lake);
        indicators = IndicatorCatalog.loadDefault(sql -> IndicatorEngine.sqlProblem(spark, sql));
    }

    @Test
    void luoyangHasNoTechSmeValueFor2016AndXinxiangHasOne() {
        // 2016: no Luoyang file → no row for 洛阳市 or any of its 16 units (was 0 in all 17 before the fix).
        assertThat(count("tech_sme_count", "4103", 2016)).isZero();
        // 2017: Luoyang's first file → the city and its 16 units (17 rows).
        assertThat(count("tech_sme_count", "4103", 2017)).isEqualTo(17);
        // Xinxiang's own 2016 file stays published for the city and its units.
        assertThat(count("tech_sme_count", "4107", 2016)).isPositive();
    }

    @Test
    void anEmptyDeliveryIsStillADelivery() throws IOException {
        // At scale 0.01 Xinxiang issued no 高新技术企业 certificate in 2019 or 2020: those files are a header alone.
        assertThat(Files.readAllLines(PublishedSample.lake().resolve(
                "landing/hte_certificates/2019/hte_certificates_410700_2019.csv"))).hasSize(1);
        // Its 2018 certificate (GR201841500001, issued 2018-10-22, valid three years) is still valid at the end of
        // 2019 and 2020, the 2017 one was revoked 2018-05-10: 1 in both years, not "no data".
        assertThat(value("hte_count", "410700", 2019)).isEqualByComparingTo("1");
        assertThat(value("hte_count", "410700", 2020)).isEqualByComparingTo("1");
        // The two header-only files are byte for byte the same: 2020's is its own period's delivery, not a copy
        // already taken in. Platforms alike: no new or changed platform in 2019 or 2020, so 2018's 6 stand (before
        // the fix both years were no data for all 10 platform indicators).
        assertThat(value("innovation_platforms", "410700", 2018)).isEqualByComparingTo("6");
        assertThat(value("innovation_platforms", "410700", 2019)).isEqualByComparingTo("6");
        assertThat(value("innovation_platforms", "410700", 2020)).isEqualByComparingTo("6");
    }

    /**
     * Every published cell of every indicator lies in a (city, year) whose department delivered the indicator's
     * coverage source: told here from the landing file names alone (the sample tags Xinxiang's files _410700_,
     * Luoyang's are untagged; sample-lake/README.md), not from the rows the engine reads.
     */
    @Test
    void everyPublishedCellHasADeliveryOfItsCityAndYearBehindIt() throws IOException {
        List<String> undelivered = new ArrayList<>();
        for (Indicator ind : indicators.all()) {
            if (ind.coverageTable().isEmpty()) {
                continue;
            }
            String landing = sources.bySilver(ind.coverageTable().get().substring("silver.".length())).orElseThrow().landing();
            Set<String> delivered = deliveredCityYears(landing);
            for (Row r : spark.sql("SELECT DISTINCT substring(region_code, 1, 4), year FROM published.indicator_values "
                    + "WHERE indicator_id = '" + ind.id() + "'").collectAsList()) {
                if (!delivered.contains(r.getString(0) + "|" + r.getInt(1))) {
                    undelivered.add(ind.id() + " " + r.getString(0) + "00 " + r.getInt(1));
                }
            }
        }
        assertThat(undelivered).isEmpty();
    }

    @Test
    void theGateBlocksAPublishedZeroNobodyDelivered() {
        Dataset<Row> gold = spark.table("gold.indicator_values");
        Dataset<Row> published = spark.table("published.indicator_values");
        Reconciliation recon = new Reconciliation(spark, lake, QualityCatalog.loadDefault(), indicators, sources);
        var cities = new IndicatorEngine(spark, lake, indicators, sources).cities();

        CheckResult asPublished = delivered(recon.run(gold, published, cities));
        assertThat(asPublished.outcome()).isEqualTo(CheckResult.Outcome.PASS);
        assertThat(asPublished.value()).endsWith("全部一致");

        // The flaw of issue 12 put back by hand: 洛阳市 2016 科技型中小企业 = 0 beside what was published.
        Dataset<Row> withZero = published.unionByName(published.filter("indicator_id = 'tech_sme_count' "
                + "AND region_code = '410300' AND year = 2017").selectExpr("*").withColumn("year",
                org.apache.spark.sql.functions.lit(2016)).withColumn("value",
                org.apache.spark.sql.functions.lit(java.math.BigDecimal.ZERO).cast(published.schema().apply("value").dataType())));
        CheckResult flawed = delivered(recon.run(gold, withZero, cities));
        assertThat(flawed.outcome()).isEqualTo(CheckResult.Outcome.BLOCK);
        assertThat(flawed.failingRows()).isEqualTo(1);
        assertThat(flawed.sample()).singleElement().asString()
                .startsWith("tech_sme_count|410300|2016: 发布值 0，但该市该年未报送 tech_sme");
    }

    private static CheckResult delivered(List<CheckResult> results) {
        return results.stream().filter(r -> r.rule().equals("QC-RECON-DELIVERED")).findFirst().orElseThrow();
    }

    private static java.math.BigDecimal value(String indicator, String region, int year) {
        List<Row> rows = spark.sql("SELECT value FROM published.indicator_values WHERE indicator_id = '" + indicator
                + "' AND region_code = '" + region + "' AND year = " + year).collectAsList();
        assertThat(rows).as(indicator + " " + region + " " + year).hasSize(1);
        return rows.get(0).getDecimal(0);
    }

    private static long count(String indicator, String cityPrefix, int year) {
        return spark.sql("SELECT count(*) FROM published.indicator_values WHERE indicator_id = '" + indicator
                + "' AND region_code LIKE '" + cityPrefix + "%' AND year = " + year).head().getLong(0);
    }

    /** "4103|2016" for each landing/<source>/<year>/ file: tagged _410700_ is Xinxiang's, untagged Luoyang's. */
    private static Set<String> deliveredCityYears(String landing) throws IOException {
        Set<String> out = new TreeSet<>();
        Path dir = PublishedSample.lake().resolve("landing").resolve(landing);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                String year = f.getParent().getFileName().toString().substring(0, 4);
                out.add((f.getFileName().toString().contains("_410700_") ? "4107" : "4103") + "|" + year);
            }
        }
        return out;
    }
}
