package io.zhibiao.transforms.refine;

import static io.zhibiao.transforms.LandingFixture.GBK;
import static io.zhibiao.transforms.LandingFixture.REGISTER_HEADER;
import static io.zhibiao.transforms.LandingFixture.STATS_HEADER;
import static io.zhibiao.transforms.LandingFixture.TAX_HEADER;
import static io.zhibiao.transforms.LandingFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.LandingFixture;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.transforms.ingest.BronzeIngest;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.source.SourceRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrected re-delivery that moves a value by more than its source's declared factor is merged as delivered
 * and warned about, with file, row, field, old and new value — the values left out for confidential sources.
 */
class RevisionWarningTest {

    static final String A = code("410305", "MA5R0001");

    @TempDir
    static Path dir;
    static Lake lake;
    static SparkSession spark;
    static RefineReport second;

    @BeforeAll
    static void deliverThenCorrect() throws Exception {
        spark = SparkTestSession.get();
        lake = Lake.at(dir);
        SourceRegistry registry = SourceRegistry.loadDefault();
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        f.write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER,
                "410371,2024,6800000,122800,2200000,1840000,1420",
                "410305,2024,5000000,480000,2000000,800000,103");
        f.write("enterprise_register", "2024", "register_2024.csv", StandardCharsets.UTF_8, REGISTER_HEADER,
                A + ",洛阳甲轴承有限公司,410305,C3451,2020-05-01,,小型,存续");
        f.write("tax_returns", "2024", "cit_annual_2024.csv", GBK, TAX_HEADER,
                A + ",洛阳甲轴承有限公司,2024,1000000.00,50000.00,50000.00,是");
        RunId first = RunId.at(Instant.parse("2026-11-23T01:00:00Z"));
        new BronzeIngest(spark, lake, registry).ingest(first, Optional.empty(), Optional.empty());
        new SilverRefine(spark, lake, registry, LocalDate.of(2026, 11, 23)).refine(first, Optional.empty());

        // The corrections: 涧西区's 财政科学技术支出 103 → 1 万元 (÷103); 高新区's 1420 → 1500 (×1.06, within the factor);
        // the firm's revenue 1,000,000.00 → 100.00 元 (÷10,000).
        f.write("county_stats", "2024", "county_stats_2024_corrected.csv", StandardCharsets.UTF_8, STATS_HEADER,
                "410371,2024,6800000,122800,2200000,1840000,1500",
                "410305,2024,5000000,480000,2000000,800000,1");
        f.write("tax_returns", "2024", "cit_annual_2024_corrected.csv", GBK, TAX_HEADER,
                A + ",洛阳甲轴承有限公司,2024,100.00,50000.00,50000.00,是");
        RunId run = RunId.at(Instant.parse("2026-11-23T02:00:00Z"));
        new BronzeIngest(spark, lake, registry).ingest(run, Optional.empty(), Optional.empty());
        second = new SilverRefine(spark, lake, registry, LocalDate.of(2026, 11, 23)).refine(run, Optional.empty());
    }

    static BigDecimal silverFiscal(String region) {
        return spark.read().format("delta").load(lake.silver("county_stat"))
                .filter("region_code = '" + region + "' AND stat_year = 2024").head().getAs("fiscal_st_expenditure");
    }

    @Test
    void theCorrectionIsMergedAsDeliveredAndWarnedAbout() {
        // Warning only: silver holds what the department delivered last, 1 万元 = 10,000.00 元, and 1500 万元.
        assertThat(silverFiscal("410305")).isEqualByComparingTo("10000.00");
        assertThat(silverFiscal("410371")).isEqualByComparingTo("15000000.00");
        assertThat(DeltaTables.exists(spark, lake.revisionWarnings())).as("audit/revision_warnings written").isTrue();
        List<Row> rows = spark.read().format("delta").load(lake.revisionWarnings()).filter("source = 'county_stats'").collectAsList();
        assertThat(rows).hasSize(1);
        Row w = rows.get(0);
        assertThat(w.<String>getAs("source_file")).isEqualTo("landing/county_stats/2024/county_stats_2024_corrected.csv");
        assertThat(w.<Long>getAs("row_number")).isEqualTo(2L);
        assertThat(w.<Long>getAs("line_number")).isEqualTo(3L);
        assertThat(w.<String>getAs("natural_key")).isEqualTo("410305|2024");
        assertThat(w.<String>getAs("field")).isEqualTo("fiscal_st_expenditure");
        // In the delivered unit (万元), not silver's 元: 1,030,000.00 元 → 10,000.00 元 is 103 → 1 万元.
        assertThat(w.<String>getAs("old_value")).isEqualTo("103");
        assertThat(w.<String>getAs("new_value")).isEqualTo("1");
        assertThat(w.<String>getAs("change")).isEqualTo("÷103");
        assertThat(w.<Double>getAs("ratio")).isCloseTo(1.0 / 103, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(w.<String>getAs("replaced_source_file")).isEqualTo("landing/county_stats/2024/county_stats_2024.csv");
        assertThat(w.<Long>getAs("replaced_row_number")).isEqualTo(2L);
    }

    @Test
    void theRunReportsOneLinePerRevisedValue() {
        // county_stats: 103 → 1 only (1420 → 1500 is ×1.06); tax_returns: revenue ÷10,000 (1,000,000.00 → 100.00 元).
        assertThat(second.revisionWarningCount()).isEqualTo(2);
        assertThat(second.revisionWarnings()).extracting(RevisionWarning::describe).containsExactlyInAnyOrder(
                "landing/county_stats/2024/county_stats_2024_corrected.csv row 2 (line 3), fiscal_st_expenditure"
                        + " (财政科学技术支出（万元）) of 410305|2024: 103 → 1 (÷103) replaces"
                        + " landing/county_stats/2024/county_stats_2024.csv row 2, beyond the factor 5 declared for source"
                        + " 'county_stats'; merged as delivered: confirm it with the department",
                "landing/tax_returns/2024/cit_annual_2024_corrected.csv row 1 (line 2), revenue (营业收入): ÷10000"
                        + " (values withheld: confidential source) replaces landing/tax_returns/2024/cit_annual_2024.csv"
                        + " row 1, beyond the factor 5 declared for source 'tax_returns'; merged as delivered: confirm it"
                        + " with the department");
        // The balance still holds: each corrected file is 1 or 2 updates, nothing lost.
        assertThat(second.balanced()).isTrue();
    }

    @Test
    void confidentialValuesAndCodesStayOutOfTheLine() {
        RevisionWarning tax = second.revisionWarnings().stream().filter(w -> w.source().equals("tax_returns")).findFirst()
                .orElseThrow();
        assertThat(tax.describe()).doesNotContain("1000000").doesNotContain("100.00").doesNotContain(A);
        // The audit table, beside silver in the lake, keeps the values for whoever may read silver.
        Row r = spark.read().format("delta").load(lake.revisionWarnings()).filter("source = 'tax_returns'").head();
        assertThat(r.<String>getAs("old_value")).isEqualTo("1000000");
        assertThat(r.<String>getAs("new_value")).isEqualTo("100");
        assertThat(r.<Boolean>getAs("confidential")).isTrue();
    }
}
