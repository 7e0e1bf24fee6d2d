package io.zhibiao.transforms.refine;

import static io.zhibiao.transforms.LandingFixture.GBK;
import static io.zhibiao.transforms.LandingFixture.REGISTER_HEADER;
import static io.zhibiao.transforms.LandingFixture.TAX_HEADER;
import static io.zhibiao.transforms.LandingFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.LandingFixture;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.transforms.ingest.BronzeIngest;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.source.SourceRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refinement rule with a row that breaks it, in one delivery per source, and the accounting of it. */
class RefineRulesTest {

    static final String A = code("410305", "MA3X7K2P");
    static final String B = code("410371", "MA3X7K2Q");
    static final String C = code("410305", "MA3X7K2R");
    static final String UNREGISTERED = code("410305", "MA3X7K2T");
    static final String BAD_CHECK = A.substring(0, 17) + (A.charAt(17) == '0' ? '1' : '0');

    @TempDir
    static Path dir;
    static Lake lake;
    static SparkSession spark;
    static RefineReport report;
    static Map<String, Row> quarantineByLine = new HashMap<>();

    @BeforeAll
    static void buildLake() throws Exception {
        spark = SparkTestSession.get();
        lake = Lake.at(dir);
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        f.write("enterprise_register", "2022", "register_2022.csv", StandardCharsets.UTF_8,
                REGISTER_HEADER,
                A + ",洛阳甲轴承有限公司,410305,C3451,2020-05-01,,小型,存续",            // 2: silver
                BAD_CHECK + ",洛阳乙有限公司,410305,C3451,2020-05-01,,小型,存续",       // 3: ZB-CREDIT-CODE
                code("410306", "MA3X7K2U") + ",洛阳丙有限公司,410306,C3451,2022-05-01,,小型,存续", // 4: ZB-REGION retired
                code("419999", "MA3X7K2W") + ",洛阳丁有限公司,419999,C3451,2020-05-01,,小型,存续", // 5: ZB-REGION unknown
                code("410305", "MA3X7K2X") + ",洛阳戊有限公司,410305,C3451,2022/5/1,,小型,存续",  // 6: ZB-DATE format
                code("410305", "MA3X7K2Y") + ",洛阳己有限公司,410305,C6513,2020-05-01,,小型,存续", // 7: ZB-INDUSTRY
                code("410305", "MA3X7K30") + ",洛阳庚有限公司,410305,C3451,2020-05-01,,小型,注销", // 8: ZB-ENT-STATUS
                A + ",洛阳甲轴承有限公司,410305,C3451,2020-05-01,,小型,存续",            // 9: exact duplicate of 2
                code("410305", "MA3X7K31") + ",,410305,C3451,2020-05-01,,小型,存续",     // 10: ZB-REQUIRED
                code("410305", "MA3X7K32") + ",洛阳辛有限公司,410305,C3451,2030-01-01,,小型,存续", // 11: ZB-DATE future
                B + ",洛阳高新壬科技有限公司,410371,I6513,2019-03-15,,微型,存续",      // 12: silver
                C + ",洛阳癸有限公司,410305,C3451,2020-05-01,,小型,存续",              // 13: ZB-KEY-CONFLICT
                C + ",洛阳癸二有限公司,410305,C3451,2020-05-01,,小型,存续",            // 14: ZB-KEY-CONFLICT
                code("410305", "MA3X7K33") + ",洛阳子,有限公司,410305,C3451,2020-05-01,,小型,存续", // 15: ZB-SHAPE, 9 fields
                code("410305", "MA3X7K34") + ",洛阳丑有限公司,410305,C3451,2020-05-01,,特大型,存续"); // 16: ZB-ENUM
        f.write("tax_returns", "2022", "cit_annual_2022.csv", GBK,
                TAX_HEADER,
                A + ",洛阳甲轴承有限公司,2022,1000000.00,50000.00,50000.00,是",          // 2: silver
                UNREGISTERED + ",洛阳未登记有限公司,2022,100.00,0.00,0.00,否",          // 3: ZB-REF
                B + ",洛阳高新壬科技有限公司,2022,-5.00,0.00,0.00,否",                 // 4: ZB-AMOUNT negative
                B + ",洛阳高新壬科技有限公司,2021,100.00,0.00,0.00,否",                // 5: ZB-PERIOD
                B + ",洛阳高新壬科技有限公司,2022,100.00,10.00,25.00,否",              // 6: ZB-TAX-DEDUCTION
                B + ",洛阳高新壬科技有限公司,2022,\"1,000.00\",0.00,0.00,否",          // 7: ZB-NUMBER
                B + ",洛阳高新壬科技有限公司,2022,20000000000000.00,0.00,0.00,否");    // 8: ZB-AMOUNT bound
        SourceRegistry registry = SourceRegistry.loadDefault();
        RunId run = RunId.at(Instant.parse("2026-11-23T02:00:00Z"));
        new BronzeIngest(spark, lake, registry).ingest(run, Optional.empty(), Optional.empty());
        report = new SilverRefine(spark, lake, registry, LocalDate.of(2026, 11, 23)).refine(run, Optional.empty());
        for (Row r : spark.read().format("delta").load(lake.quarantine()).collectAsList()) {
            quarantineByLine.put(r.<String>getAs("source") + ":" + r.<Long>getAs("line_number"), r);
        }
    }

    private static void assertQuarantined(String source, long line, String rule, String field, String value) {
        Row r = quarantineByLine.get(source + ":" + line);
        assertThat(r).as("%s line %d quarantined", source, line).isNotNull();
        assertThat(r.<String>getAs("rule_id")).isEqualTo(rule);
        assertThat(r.<String>getAs("field")).isEqualTo(field);
        assertThat(r.<String>getAs("value")).isEqualTo(value);
        assertThat(r.<String>getAs("source_file")).startsWith("landing/" + (source.equals("tax_returns") ? "tax_returns" : "enterprise_register") + "/2022/");
    }

    @Test
    void everyBrokenRuleIsQuarantinedWithFieldValueAndLine() {
        assertQuarantined("enterprise_register", 3, "ZB-CREDIT-CODE", "credit_code", BAD_CHECK);
        assertQuarantined("enterprise_register", 4, "ZB-REGION", "county_code", "410306");
        assertQuarantined("enterprise_register", 5, "ZB-REGION", "county_code", "419999");
        assertQuarantined("enterprise_register", 6, "ZB-DATE", "registered_on", "2022/5/1");
        assertQuarantined("enterprise_register", 7, "ZB-INDUSTRY", "industry_code", "C6513");
        assertQuarantined("enterprise_register", 8, "ZB-ENT-STATUS", "status", "注销");
        assertQuarantined("enterprise_register", 10, "ZB-REQUIRED", "enterprise_name", "");
        assertQuarantined("enterprise_register", 11, "ZB-DATE", "registered_on", "2030-01-01");
        assertQuarantined("enterprise_register", 13, "ZB-KEY-CONFLICT", "credit_code", C);
        assertQuarantined("enterprise_register", 14, "ZB-KEY-CONFLICT", "credit_code", C);
        // A row with fewer fields than the header now rejects its whole file (IncompleteDeliveryTest); one with more is
        // quarantined alone.
        assertQuarantined("enterprise_register", 15, "ZB-SHAPE", "*", "9");
        assertQuarantined("enterprise_register", 16, "ZB-ENUM", "size_class", "特大型");
        assertQuarantined("tax_returns", 3, "ZB-REF", "credit_code", UNREGISTERED);
        assertQuarantined("tax_returns", 4, "ZB-AMOUNT", "revenue", "-5.00");
        assertQuarantined("tax_returns", 5, "ZB-PERIOD", "tax_year", "2021");
        assertQuarantined("tax_returns", 6, "ZB-TAX-DEDUCTION", "rd_super_deduction", "25.00");
        assertQuarantined("tax_returns", 7, "ZB-NUMBER", "revenue", "1,000.00");
        assertQuarantined("tax_returns", 8, "ZB-AMOUNT", "revenue", "20000000000000.00");
        assertThat(quarantineByLine).hasSize(18);
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThat(quarantineByLine.get("enterprise_register:4").<String>getAs("message"))
                .isEqualTo("区划代码 410306（吉利区） 已于 2021-02-28 停用，记录日期为 2022-05-01；应使用 410308（孟津区）");
        assertThat(quarantineByLine.get("tax_returns:5").<String>getAs("message"))
                .isEqualTo("记录年度 2021 与报送期 2022 不一致");
        assertThat(quarantineByLine.get("enterprise_register:15").<String>getAs("message"))
                .isEqualTo("第 15 行：该行有 9 个字段，表头有 8 个");
        assertThat(quarantineByLine.get("tax_returns:3").<String>getAs("message"))
                .isEqualTo("在 silver.enterprise 中找不到该市场主体登记信息");
    }

    @Test
    void everyBatchBalances() {
        Map<String, BatchAccounting.Entry> bySource = new HashMap<>();
        report.batches().forEach(e -> bySource.put(e.source(), e));
        // register: 15 rows = silver A, B (2) + quarantined lines 3-8, 10, 11, 13-16 (12) + duplicate line 9 (1)
        BatchAccounting.Entry reg = bySource.get("enterprise_register");
        assertThat(List.of(reg.bronzeRows(), reg.silverInserted(), reg.silverUpdated(), reg.quarantined(), reg.duplicates()))
                .containsExactly(15L, 2L, 0L, 12L, 1L);
        // tax: 7 rows = silver A (1) + quarantined lines 3-8 (6)
        BatchAccounting.Entry tax = bySource.get("tax_returns");
        assertThat(List.of(tax.bronzeRows(), tax.silverInserted(), tax.quarantined(), tax.duplicates()))
                .containsExactly(7L, 1L, 6L, 0L);
        assertThat(report.balanced()).isTrue();
    }

    @Test
    void silverIsTypedAndKeepsChineseFromTheGbkFile() {
        Row tax = spark.read().format("delta").load(lake.silver("tax_return")).head();
        assertThat(tax.<String>getAs("taxpayer_name")).isEqualTo("洛阳甲轴承有限公司");
        assertThat(tax.<java.math.BigDecimal>getAs("revenue")).isEqualByComparingTo("1000000.00");
        assertThat(tax.<Boolean>getAs("hightech_rate")).isTrue();
        assertThat(tax.<Integer>getAs("tax_year")).isEqualTo(2022);
        Row b = spark.read().format("delta").load(lake.silver("enterprise"))
                .filter("credit_code = '" + B + "'").head();
        assertThat(b.<java.sql.Date>getAs("registered_on").toLocalDate()).isEqualTo(LocalDate.of(2019, 3, 15));
        assertThat(b.<String>getAs("county_code_current")).isEqualTo("410371");
        assertThat(b.<Long>getAs("_line_number")).isEqualTo(12L);
    }

    @Test
    void duplicateRowPointsAtTheRowKept() {
        Row d = spark.read().format("delta").load(lake.duplicates()).head();
        // Line 9 repeats line 2 (data row 1) of the same file: the first is kept.
        assertThat(d.<String>getAs("reason")).isEqualTo("exact_duplicate");
        assertThat(d.<Long>getAs("line_number")).isEqualTo(9L);
        assertThat(d.<Long>getAs("kept_row_number")).isEqualTo(1L);
        assertThat(d.<String>getAs("natural_key")).isEqualTo(A);
    }
}
