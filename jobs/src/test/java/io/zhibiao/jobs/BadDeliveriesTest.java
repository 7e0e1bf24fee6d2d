package io.zhibiao.jobs;

import io.zhibiao.lake.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.sample.SampleFaults;
import io.zhibiao.transforms.LakeSnapshot;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.standard.CreditCode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of bad deliveries, each with its exact outcome, on copies of one published sample lake
 * (scale 0.01, release 1): files that cannot be read; rows that break rules; and faults the quality gate
 * blocks — in every case the accounting holds and, where the gate blocks, the published release does not move.
 */
class BadDeliveriesTest {

    static final Charset GBK = Charset.forName("GBK");
    static final String REGISTER_HEADER = "统一社会信用代码,企业名称,住所所在行政区划代码,行业代码,成立日期,注销日期,企业规模,登记状态";
    static final String TAX_HEADER = "纳税人识别号,纳税人名称,所属年度,营业收入,研发费用,研发费用加计扣除额,适用高新技术企业15%税率";

    @TempDir
    static Path work;
    static SparkSession spark;
    static SourceRegistry registry = SourceRegistry.loadDefault();

    @BeforeAll
    static void publishedBaseline() {
        spark = SparkTestSession.get();
        PublishedSample.lake();
    }

    static Path copyOfBaseline(String name) {
        return PublishedSample.copy(work.resolve(name));
    }

    static Path write(Path lake, String rel, Charset cs, String text) throws IOException {
        Path p = lake.resolve("landing").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, text.getBytes(cs));
        return p;
    }

    static Map<String, Object> published(Path lake) {
        Map<String, Object> all = LakeSnapshot.of(spark, Lake.at(lake), registry);
        Map<String, Object> pub = new HashMap<>();
        all.forEach((k, v) -> {
            if (k.contains("/published/")) {
                pub.put(k, v);
            }
        });
        return pub;
    }

    /** 财政科技投入 (亿元) of a county or the city in 2025 as published, read from the lake's current release. */
    static BigDecimal fiscal(Path lake, String region) {
        List<Row> rows = spark.read().format("delta").load(lake.resolve("published/indicator_values").toString())
                .filter("indicator_id = 'fiscal_st' AND year = 2025 AND region_code = '" + region + "'")
                .select("value").collectAsList();
        assertThat(rows).as("published fiscal_st of %s in 2025", region).hasSize(1);
        return rows.get(0).getDecimal(0);
    }

    /** A data row of the baseline's 2024 register: a firm registered on today's boundaries. */
    static String[] existingFirm(Path lake) throws IOException {
        List<String> lines = Files.readAllLines(lake.resolve("landing/enterprise_register/2024/register_2024.csv"));
        return lines.get(1).split(",", -1);
    }

    @Test
    void filesThatCannotBeReadAreRejectedWholeAndChangeNothing() throws Exception {
        Path lake = copyOfBaseline("files");
        Map<String, Object> before = LakeSnapshot.of(spark, Lake.at(lake), registry);
        write(lake, "tax_returns/2025/cit_empty.csv", GBK, "");
        write(lake, "enterprise_register/2025/register_missing_column.csv", StandardCharsets.UTF_8,
                "统一社会信用代码,企业名称,住所所在行政区划代码,行业代码,成立日期,注销日期,登记状态\n");
        write(lake, "enterprise_register/2025/register_saved_as_gbk.csv", GBK, REGISTER_HEADER + "\n"
                + "91410305MA3X7K2P0U,洛阳重发有限公司,410305,C3451,2025-01-02,,小型,存续\n");
        write(lake, "tax_returns/2025/cit_saved_as_utf8.csv", StandardCharsets.UTF_8, TAX_HEADER + "\r\n"
                + "91410305MA3X7K2P0U,洛阳重发有限公司,2025,1.00,0.00,0.00,否\r\n");
        write(lake, "weather/2025/rain.csv", StandardCharsets.UTF_8, "date,mm\n2025-07-01,12\n");
        // Issue 12: 统计局 re-delivers the 2025 county statistics and the transfer stops inside the last field of the
        // last row — 伊滨区's 财政科学技术支出 "286" arrives as "2", with no line break after it.
        List<String> stats = Files.readAllLines(lake.resolve("landing/county_stats/2025/county_stats_2025.csv"));
        String last = stats.get(stats.size() - 1);
        assertThat(last).isEqualTo("410372,2025,34618,2150,11191,7595,286");
        write(lake, "county_stats/2025/county_stats_2025_r2.csv", StandardCharsets.UTF_8,
                String.join("\n", stats.subList(0, stats.size() - 1)) + "\n" + last.substring(0, last.length() - 2));
        // A register export with a row cut short (3 of 8 fields) in the middle.
        String n7 = CreditCode.complete("9", "1", "410305", "MA9Y0007");
        write(lake, "enterprise_register/2025/register_cut_short.csv", StandardCharsets.UTF_8, String.join("\n", REGISTER_HEADER,
                "洛阳截断有限公司," + n7 + ",C3451",
                CreditCode.complete("9", "1", "410305", "MA9Y0008") + ",洛阳完整有限公司,410305,C3451,2025-01-02,,小型,存续") + "\n");
        // A contracts file whose manifest states 3 rows; 2 arrived.
        List<String> contracts = Files.readAllLines(lake.resolve("landing/tech_contracts/2025/tech_contracts_2025.csv"));
        write(lake, "tech_contracts/2025/contracts_2025_partial.csv", StandardCharsets.UTF_8,
                String.join("\n", contracts.subList(0, 3)) + "\n");
        write(lake, "tech_contracts/2025/contracts_2025_partial.csv.manifest", StandardCharsets.UTF_8, "rows=3\n");
        BigDecimal yibin = fiscal(lake, "410372");
        BigDecimal city = fiscal(lake, "410300");

        Cli.Result r = Cli.run(lake);

        // The published figures did not move: 伊滨区 stays 286 万元 = 0.0286 亿元, published at 2 decimals as 0.03
        // (the cut file would have made it 2 万元 → 0.00, and the city 0.0284 亿元 less).
        assertThat(fiscal(lake, "410372")).isEqualByComparingTo(yibin).isEqualByComparingTo("0.03");
        assertThat(fiscal(lake, "410300")).isEqualByComparingTo(city);
        assertThat(r.exit()).isEqualTo(ExitCode.REJECTED_INPUT);
        assertThat(r.out()).contains(
                "zhibiao: rejected landing/tax_returns/2025/cit_empty.csv: is empty: not even a header line.",
                "zhibiao: rejected landing/enterprise_register/2025/register_missing_column.csv: lacks required column 企业规模"
                        + " (source 'enterprise_register').",
                "zhibiao: rejected landing/enterprise_register/2025/register_saved_as_gbk.csv: is not valid UTF-8 after line",
                "it decodes as GBK/GB18030",
                "zhibiao: rejected landing/tax_returns/2025/cit_saved_as_utf8.csv: is not valid GBK after line",
                "it decodes as UTF-8",
                "zhibiao: rejected landing/weather/2025/rain.csv: no source delivers to landing/weather/",
                "zhibiao: rejected landing/county_stats/2025/county_stats_2025_r2.csv: ends without a line break after its"
                        + " last record (line " + stats.size() + ", row " + (stats.size() - 1) + "), so the record may have"
                        + " been cut off in transfer",
                "zhibiao: rejected landing/enterprise_register/2025/register_cut_short.csv: line 2 (row 1) has 3 fields,"
                        + " the header 8: a row with fields missing",
                "zhibiao: rejected landing/tech_contracts/2025/contracts_2025_partial.csv: has 2 data rows, but its manifest"
                        + " contracts_2025_partial.csv.manifest states 3: the file is incomplete.");
        String[] err = r.err().strip().split("\\R");
        assertThat(err[err.length - 1]).startsWith("zhibiao: error: 8 delivered files rejected, nothing of them entered the lake");
        assertThat(LakeSnapshot.of(spark, Lake.at(lake), registry)).isEqualTo(before);

        // zhibiao status lists the eight rejected files with their reasons (the manifest read with its file is not a
        // delivery of its own, so 8 of the 9 files written above count), none as new, and says what to do.
        Cli.Result status = Cli.zhibiao("status", "--lake", lake.toString());
        assertThat(status.exit()).as(status.err()).isZero();
        int delivered = PublishedSample.summary().files().size();
        assertThat(status.out()).contains("Landing   " + (delivered + 8) + " delivered files: " + delivered
                        + " in the lake, 0 not yet ingested, 8 rejected",
                "  rejected  landing/tax_returns/2025/cit_empty.csv: is empty: not even a header line.",
                "  rejected  landing/weather/2025/rain.csv: no source delivers to landing/weather/",
                "  rejected  landing/tech_contracts/2025/contracts_2025_partial.csv: has 2 data rows, but its manifest",
                "  1. Ask the departments for corrected files: 8 delivered file(s) were rejected whole (listed under"
                        + " Landing); everything else was published.")
                .doesNotContain("  rejected  landing/tech_contracts/2025/contracts_2025_partial.csv.manifest", "  new       ");
        assertThat(status.out().lines().filter(l -> l.startsWith("  rejected  "))).hasSize(8);
        assertThat(status.out()).containsPattern("\\n  \\d{8}T\\d{9}Z +run +[-0-9: ]+ +[0-9.]+ s  exit 3 rejected input\\n"
                + "      rejected landing/");
    }

    @Test
    void rowsThatBreakRulesAreQuarantinedAccountedForAndHoldTheReleaseBack() throws Exception {
        Path lake = copyOfBaseline("rows");
        Map<String, Object> before = published(lake);
        String[] e = existingFirm(lake);
        String n1 = CreditCode.complete("9", "1", "410305", "MA9Y0001");
        String broken = n1.substring(0, 17) + (n1.charAt(17) == '0' ? '1' : '0');
        String n2 = CreditCode.complete("9", "1", "410306", "MA9Y0002");
        String n3 = CreditCode.complete("9", "1", "419999", "MA9Y0003");
        String n4 = CreditCode.complete("9", "1", "410305", "MA9Y0004");
        // Columns in another order and one the register does not declare. (A row cut short used to end this file and
        // was quarantined alone; it now rejects its file whole: filesThatCannotBeReadAreRejectedWholeAndChangeNothing.)
        write(lake, "enterprise_register/2025/register_2025_b.csv", StandardCharsets.UTF_8, String.join("\n",
                "企业名称,统一社会信用代码,行业代码,住所所在行政区划代码,成立日期,注销日期,企业规模,登记状态,备注",
                "洛阳新一科技有限公司," + n1 + ",I6513,410305,2025-05-01,,小型,存续,补报",   // 2 silver
                "洛阳错码有限公司," + broken + ",I6513,410305,2025-05-01,,小型,存续,",        // 3 ZB-CREDIT-CODE
                "洛阳吉利新企有限公司," + n2 + ",C3451,410306,2025-02-01,,小型,存续,",       // 4 ZB-REGION expired
                "洛阳未知区有限公司," + n3 + ",C3451,419999,2024-05-01,,小型,存续,",         // 5 ZB-REGION unknown
                "洛阳斜杠日期有限公司," + n4 + ",C3451,410305,2024/3/1,,小型,存续,",         // 6 ZB-DATE
                "洛阳中文日期有限公司," + n4 + ",C3451,410305,2024年3月1日,,小型,存续,",     // 7 ZB-DATE
                "洛阳未来有限公司," + n4 + ",C3451,410305,2027-01-01,,小型,存续,",          // 8 ZB-DATE future
                "洛阳新一科技有限公司," + n1 + ",I6513,410305,2025-05-01,,小型,存续,补报") + "\n"); // 9 duplicate of line 2
        write(lake, "tax_returns/2025/cit_2025_b.csv", GBK, String.join("\r\n", TAX_HEADER,
                n1 + ",洛阳新一科技有限公司,2025,1000.00,10.00,10.00,否",                  // 2 silver
                e[0] + "," + e[1] + ",2024,1000.00,0.00,0.00,否",                          // 3 ZB-PERIOD
                e[0] + "," + e[1] + ",2025,-100.00,0.00,0.00,否",                          // 4 ZB-AMOUNT negative
                e[0] + "," + e[1] + ",2025,9000000000000000.00,0.00,0.00,否") + "\r\n");   // 5 ZB-AMOUNT bound
        write(lake, "tax_returns/2025/cit_header_only.csv", GBK, TAX_HEADER + "\r\n");
        String contract = "2025410301999001,技术服务," + e[1] + "," + e[0] + "," + e[2] + ",洛阳买方有限公司,410305,"
                + "100000.00,90000.00,2025-06-01";
        String contractsHeader = "合同登记号,合同类型,卖方名称,卖方统一社会信用代码,卖方所在区划代码,买方名称,买方所在区划代码,"
                + "合同成交金额（元）,技术交易额（元）,登记日期";
        write(lake, "tech_contracts/2025/contracts_2025_x.csv", StandardCharsets.UTF_8, contractsHeader + "\n" + contract + "\n");
        // The same contract again in a second file (which also brings a new one; an identical file would be
        // skipped whole, by its checksum).
        String another = contract.replace("2025410301999001", "2025410301999002").replace("100000.00,90000.00", "5000.00,5000.00");
        write(lake, "tech_contracts/2025/contracts_2025_y.csv", StandardCharsets.UTF_8,
                contractsHeader + "\n" + contract + "\n" + another + "\n");
        // A corrected re-delivery of last year's platform registry: one name changed, the rest as before.
        List<String> platforms = Files.readAllLines(lake.resolve("landing/platforms/2025/platforms_2025.csv"));
        String[] first = platforms.get(1).split(",", -1);
        first[1] = first[1] + "（更名）";
        platforms.set(1, String.join(",", first));
        write(lake, "platforms/2025/platforms_2025_corrected.csv", StandardCharsets.UTF_8, String.join("\n", platforms) + "\n");
        // A corrected county statistics file: 老城区's 财政科学技术支出 112 → 1 万元 (÷112, beyond the declared factor 5).
        List<String> stats = Files.readAllLines(lake.resolve("landing/county_stats/2025/county_stats_2025.csv"));
        assertThat(stats.get(1)).isEqualTo("410302,2025,19197,1843,6205,1944,112");
        stats.set(1, "410302,2025,19197,1843,6205,1944,1");
        write(lake, "county_stats/2025/county_stats_2025_corrected.csv", StandardCharsets.UTF_8, String.join("\n", stats) + "\n");

        Cli.Result r = Cli.run(lake);

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.BLOCKED);
        Map<String, Row> q = new HashMap<>();
        spark.read().format("delta").load(Lake.at(lake).quarantine()).collectAsList()
                .forEach(x -> q.put(x.<String>getAs("source_file") + ":" + x.<Long>getAs("line_number"), x));
        String reg = "landing/enterprise_register/2025/register_2025_b.csv:";
        String tax = "landing/tax_returns/2025/cit_2025_b.csv:";
        assertRule(q, reg + 3, "ZB-CREDIT-CODE", "credit_code", broken);
        assertRule(q, reg + 4, "ZB-REGION", "county_code", "410306");
        assertRule(q, reg + 5, "ZB-REGION", "county_code", "419999");
        assertRule(q, reg + 6, "ZB-DATE", "registered_on", "2024/3/1");
        assertRule(q, reg + 7, "ZB-DATE", "registered_on", "2024年3月1日");
        assertRule(q, reg + 8, "ZB-DATE", "registered_on", "2027-01-01");
        assertRule(q, tax + 3, "ZB-PERIOD", "tax_year", "2024");
        assertRule(q, tax + 4, "ZB-AMOUNT", "revenue", "-100.00");
        assertRule(q, tax + 5, "ZB-AMOUNT", "revenue", "9000000000000000.00");
        assertThat(q).hasSize(9);
        assertThat(q.get(reg + 4).<String>getAs("message")).contains("已于 2021-02-28 停用").contains("应使用 410308");

        // Every batch balances: bronze = silver + quarantine + duplicates.
        Map<String, Row> acc = new HashMap<>();
        for (Row a : spark.read().format("delta").load(Lake.at(lake).accounting()).orderBy("refined_at").collectAsList()) {
            acc.put(a.<String>getAs("source"), a);
            assertThat(a.<Boolean>getAs("balanced")).as(a.<String>getAs("batch_id")).isTrue();
        }
        // register: 8 rows = 1 new + 6 quarantined + 1 duplicate (line 9 repeats line 2)
        assertCounts(acc.get("enterprise_register"), 8, 1, 0, 6, 1);
        // tax: 4 rows (the header-only file adds none) = 1 new + 3 quarantined
        assertCounts(acc.get("tax_returns"), 4, 1, 0, 3, 0);
        // contracts: the same row in two files, plus one more = 2 new + 1 duplicate
        assertCounts(acc.get("tech_contracts"), 3, 2, 0, 0, 1);
        // county statistics: 16 rows = 1 updated (老城区) + 15 unchanged duplicates; a warning, not a quarantine
        assertCounts(acc.get("county_stats"), 16, 0, 1, 0, 15);
        assertThat(r.out()).contains("zhibiao: warning: revised landing/county_stats/2025/county_stats_2025_corrected.csv"
                + " row 1 (line 2), fiscal_st_expenditure (财政科学技术支出（万元）) of 410302|2025: 112 → 1 (÷112) replaces"
                + " landing/county_stats/2025/county_stats_2025.csv row 1, beyond the factor 5 declared for source"
                + " 'county_stats'; merged as delivered: confirm it with the department");
        // platforms: the re-delivery updates one record; the others are unchanged duplicates
        Row p = acc.get("platforms");
        assertThat(p.<Long>getAs("silver_updated")).isEqualTo(1);
        assertThat(p.<Long>getAs("silver_inserted")).isZero();
        assertThat(p.<Long>getAs("duplicates")).isEqualTo(p.<Long>getAs("bronze_rows") - 1);
        assertThat(Files.readAllLines(lake.resolve("landing/tax_returns/2025/cit_header_only.csv"), GBK)).hasSize(1);

        // The gate held the release back: what BI tools read did not move, and the report says why and where.
        assertThat(published(lake)).isEqualTo(before);
        assertThat(r.out()).contains("QC-QUARANTINE-SHARE").contains("发布批次 1 保持不变");
        String report = Files.readString(lake.resolve("reports/latest.md"));
        assertThat(report).contains("| enterprise_register | landing/enterprise_register/2025/register_2025_b.csv | ZB-REGION | county_code | 2 |")
                .contains("第4行：410306").doesNotContain(broken).contains("区划调整后应使用新代码");
    }

    @Test
    void threeInjectedFaultsBlockUntilAccepted() throws Exception {
        Path lake = copyOfBaseline("faults");
        Map<String, Object> before = published(lake);
        SampleFaults.injectThree(lake, 2025);

        Cli.Result r = Cli.run(lake);

        assertThat(r.exit()).isEqualTo(ExitCode.BLOCKED);
        assertThat(r.out()).contains("阻断 QC-ANOM-TAX-ROWS：企业所得税年度申报户数 2026年为上年的 0.5")
                .contains("警告 QC-ANOM-RD-COUNTY：县区R&D经费内部支出（410305） 2025年为上年的")
                .contains("阻断 QC-QUARANTINE-SHARE：tech_contracts 批次");
        assertThat(published(lake)).isEqualTo(before);
        List<Row> checks = spark.read().format("delta").load(lake.resolve("audit/checks").toString())
                .filter("outcome = 'block'").collectAsList();
        assertThat(checks).extracting(c -> c.<String>getAs("rule")).contains("QC-ANOM-TAX-ROWS", "QC-QUARANTINE-SHARE");
        assertThat(checks).allSatisfy(c -> assertThat(c.<Boolean>getAs("release_blocked")).isTrue());

        // zhibiao status after the blocked run: release 1 current, the run's exit 5, the checks that blocked, the
        // quarantined contracts by rule, and the way forward; the same as JSON for monitoring.
        Cli.Result status = Cli.zhibiao("status", "--lake", lake.toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("Release   1 of 1, data cut-off 2026-11-23, ", "示例数据",
                "Writer    none: no command is writing to the lake", " exit 5 blocked\n",
                "  BLOCK  QC-ANOM-TAX-ROWS on ", "  BLOCK  QC-QUARANTINE-SHARE on ", "  WARN  QC-ANOM-RD-COUNTY on ",
                "— the release was held back",
                "  1. The quality gate held the last release back; release 1 stays current: read ",
                " --accept QC-ANOM-TAX-ROWS,QC-QUARANTINE-SHARE.");
        assertThat(status.out()).containsPattern("\\n  tech_contracts +ZB-CREDIT-CODE +seller_credit_code +\\d+\\n");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Cli.zhibiao("status", "--lake", lake.toString(), "--json").out());
        assertThat(json.at("/release/number").asInt()).isEqualTo(1);
        assertThat(json.at("/last_runs/0/exit_code").asInt()).isEqualTo(ExitCode.BLOCKED);
        assertThat(json.at("/checks/blocking").asInt()).isEqualTo(2);
        assertThat(json.at("/writer/state").asText()).isEqualTo("none");
        // No delivered value: the broken credit codes stay in the lake.
        assertThat(status.out() + json).doesNotContainPattern("9[1-3]41\\d{4}[0-9A-HJ-NPQRTUWXY]{10}");

        // Nothing new, same verdict: the failure of an unreleased batch keeps holding the release back. The same inputs
        // give it at once (no Spark), with the blocked run's reason; status still shows that run as the last.
        Cli.Result again = Cli.run(lake);
        assertThat(again.exit()).isEqualTo(ExitCode.BLOCKED);
        assertThat(again.out()).startsWith("zhibiao run: nothing new since run ")
                .contains("which the quality gate held back", "Release 1 stays current.", "--accept RULES");
        String blockedLine = r.err().lines().filter(l -> l.startsWith("zhibiao: error: quality gate blocked the release: "))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(again.err().lines()).contains(blockedLine);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Cli.zhibiao("status", "--lake", lake.toString(), "--json").out()).at("/last_runs/0/run_id").asText())
                .isEqualTo(json.at("/last_runs/0/run_id").asText()).isNotEmpty();

        // Looked into and accepted: the release goes ahead, the acceptance is on record.
        Cli.Result accepted = Cli.run(lake, "--accept", "QC-ANOM-TAX-ROWS,QC-QUARANTINE-SHARE");
        assertThat(accepted.exit()).as(accepted.err()).isZero();
        assertThat(spark.sql("SELECT max(release_no) FROM published.releases").head().getInt(0)).isEqualTo(2);
        assertThat(accepted.out()).contains("已由操作人员以 --accept QC-ANOM-TAX-ROWS 接受");
    }

    private static void assertRule(Map<String, Row> q, String where, String rule, String field, String value) {
        Row r = q.get(where);
        assertThat(r).as(where).isNotNull();
        assertThat(r.<String>getAs("rule_id")).as(where).isEqualTo(rule);
        assertThat(r.<String>getAs("field")).as(where).isEqualTo(field);
        assertThat(r.<String>getAs("value")).as(where).isEqualTo(value);
    }

    private static void assertCounts(Row a, long bronze, long inserted, long updated, long quarantined, long duplicates) {
        assertThat(List.of(a.<Long>getAs("bronze_rows"), a.<Long>getAs("silver_inserted"), a.<Long>getAs("silver_updated"),
                a.<Long>getAs("quarantined"), a.<Long>getAs("duplicates")))
                .as(a.<String>getAs("source")).containsExactly(bronze, inserted, updated, quarantined, duplicates);
    }
}
