package io.zhibiao.sample;

import static io.zhibiao.sample.LandingTotals.round;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Xinxiang at the default scale: the landing files reproduce every figure xinxiang.yaml declares for the
 * milestones of seed 004 (新科〔2017〕21号), so the plan's targets come out as the yaml comments say — some met,
 * some missed. Xinxiang's world is independent of Luoyang's (its own random streams), so generating it alone
 * gives the same files as the bundled two-city sample (ScaledSampleTest checks that at scale 0.05).
 */
class XinxiangSampleTest {

    static final String CITY = "410700";
    static final String ZONE = "410771";

    @TempDir
    static Path lake;
    static LandingTotals t;

    @BeforeAll
    static void generate() throws Exception {
        SampleLake.generate(CityProfile.xinxiang(), lake, SampleLake.DEFAULT_SCALE, SampleLake.DEFAULT_SEED);
        t = LandingTotals.of(lake, CityProfile.xinxiang());
    }

    private static BigDecimal percent(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 6, RoundingMode.HALF_UP);
    }

    @Test
    void highTechEnterprises() {
        // Base 2016: 70. 2017: 95 ≥ 90 (确保, met) but < 100 (力争, missed). 2019: 130 > 125 (met).
        // 2021: 148, not > 150 (突破150 missed); 新增 148 − 70 = 78 < 80 (missed).
        assertThat(t.hteStock(2016, null)).isEqualTo(70);
        assertThat(t.hteStock(2017, null)).isEqualTo(95);
        assertThat(t.hteStock(2019, null)).isEqualTo(130);
        assertThat(t.hteStock(2021, null)).isEqualTo(148);
        // 其中高新区高企占比35%: 34 of 95 = 35.79 % ≥ 35 % (met).
        assertThat(t.hteStock(2017, ZONE)).isEqualTo(34);
        assertThat(round(percent(34, 95), 1)).isEqualByComparingTo("35.8");
    }

    @Test
    void technologyBasedSmes() {
        // 2016: 740. 2017: 815 > 800 (met); 2019: 890, not > 900 (missed); 2021: 1050 > 1000 (met),
        // 新增 1050 − 740 = 310 ≥ 300 (met).
        assertThat(t.techSme(2016, null)).isEqualTo(740);
        assertThat(t.techSme(2017, null)).isEqualTo(815);
        assertThat(t.techSme(2019, null)).isEqualTo(890);
        assertThat(t.techSme(2021, null)).isEqualTo(1050);
    }

    @Test
    void municipalDesignationLists() {
        // 科技创新龙头企业: 2016 0; 2017 2 (1-2家, met); 2019 6 (5-8家, met); 2021 9 < 10 (missed).
        assertThat(t.designated(2016, "科技创新龙头企业")).isZero();
        assertThat(t.designated(2017, "科技创新龙头企业")).isEqualTo(2);
        assertThat(t.designated(2019, "科技创新龙头企业")).isEqualTo(6);
        assertThat(t.designated(2021, "科技创新龙头企业")).isEqualTo(9);
        // 科技小巨人（培育）企业: 2016 20; 2017 32 (新增 12 ≥ 10 met, ≥ 30 met); 2019 58 < 60 (missed);
        // 2021 104 ≥ 100 (met), 新增 104 − 20 = 84 ≥ 80 (met).
        assertThat(t.designated(2016, "科技小巨人（培育）企业")).isEqualTo(20);
        assertThat(t.designated(2017, "科技小巨人（培育）企业")).isEqualTo(32);
        assertThat(t.designated(2019, "科技小巨人（培育）企业")).isEqualTo(58);
        assertThat(t.designated(2021, "科技小巨人（培育）企业")).isEqualTo(104);
    }

    @Test
    void incubators() {
        // 孵化载体 (national + provincial + municipal): 2016 4 + 5 + 5 = 14; 2017 5 + 7 + 9 = 21 ≥ 20 (met);
        // 2019 7 + 13 + 23 = 43 < 45 (missed); 2021 9 + 18 + 35 = 62 ≥ 60 (met).
        assertThat(t.platforms(2016, "孵化载体", null, null)).isEqualTo(14);
        assertThat(t.platforms(2017, "孵化载体", null, null)).isEqualTo(21);
        assertThat(t.platforms(2019, "孵化载体", null, null)).isEqualTo(43);
        assertThat(t.platforms(2021, "孵化载体", null, null)).isEqualTo(62);
        // 在孵场地面积 (万平方米): 2017 82 ≥ 80 (met); 2019 115 < 120 (missed); 2021 186 < 200 (missed).
        assertThat(t.incubationFloorArea(2017)).isEqualByComparingTo("82");
        assertThat(t.incubationFloorArea(2019)).isEqualByComparingTo("115");
        assertThat(t.incubationFloorArea(2021)).isEqualByComparingTo("186");
        // 在孵企业: 2017 520 ≥ 500 (met); 2019 730 ≥ 700 (met); 2021 880 < 900 (missed).
        assertThat(t.incubatedFirms(2017)).isEqualTo(520);
        assertThat(t.incubatedFirms(2019)).isEqualTo(730);
        assertThat(t.incubatedFirms(2021)).isEqualTo(880);
        // Every incubator active at year end reports, and only those: one report per incubator of 2021.
        assertThat(t.rows("incubator_stats").stream().filter(r -> r.get("stat_year").equals("2021")).count()).isEqualTo(62);
    }

    @Test
    void highTechIndustryGrowthAndShare() {
        // 高新技术产业增加值 (万元): 2016 3,100,000; 2017 3,460,000 → +11.61 % ≥ 11 % (XX-HTVA-2017 met).
        BigDecimal v2016 = t.statWan("hightech_value_added", 2016);
        BigDecimal v2017 = t.statWan("hightech_value_added", 2017);
        BigDecimal v2021 = t.statWan("hightech_value_added", 2021);
        assertThat(v2016).isEqualByComparingTo("3100000");
        assertThat(v2017).isEqualByComparingTo("3460000");
        assertThat(v2021).isEqualByComparingTo("5080000");
        assertThat(round(v2017.divide(v2016, 6, RoundingMode.HALF_UP).subtract(BigDecimal.ONE).movePointRight(2), 2))
                .isEqualByComparingTo("11.61");
        // 年均增速 2016→2021: (508 / 310)^(1/5) − 1 = 1.638710^0.2 − 1 = 10.38 % < 11 % (XX-HTVA missed).
        double cagr = StrictMath.pow(v2021.doubleValue() / v2016.doubleValue(), 1.0 / 5) - 1;
        assertThat(new BigDecimal(cagr * 100, MathContext.DECIMAL64).setScale(2, RoundingMode.HALF_UP))
                .isEqualByComparingTo("10.38");
        // Share of 规上工业增加值: 2016 310 / 905 = 34.25 %; 2021 508 / 1155 = 43.98 % < 45 % (XX-HTSHARE missed).
        assertThat(round(t.hightechShare(2016), 2)).isEqualByComparingTo("34.25");
        assertThat(round(t.hightechShare(2021), 2)).isEqualByComparingTo("43.98");
    }

    @Test
    void regionListAndTheChangyuanChange() {
        // Delivered twice: the 2016 list, and the 2019 one after 长垣县 410728 became 长垣市 410783.
        List<Map<String, String>> regions = t.rows("regions");
        assertThat(regions).filteredOn(r -> r.get("region_code").equals(CITY))
                .allSatisfy(r -> assertThat(r.get("region_kind")).isEqualTo("地级市"));
        assertThat(regions).filteredOn(r -> r.get("_period").equals("2019"))
                .extracting(r -> r.get("region_code"))
                .contains("410702", "410703", "410704", "410711", "410721", "410724", "410725", "410726", "410727",
                        "410728", "410781", "410782", "410783", "410771");
        Map<String, String> changyuan = regions.stream()
                .filter(r -> r.get("_period").equals("2019") && r.get("region_code").equals("410728")).findFirst().orElseThrow();
        assertThat(changyuan.get("valid_to")).isEqualTo("2019-08-15");
        assertThat(changyuan.get("successor_code")).isEqualTo("410783");
        assertThat(regions).filteredOn(r -> r.get("_period").equals("2016"))
                .extracting(r -> r.get("region_code")).doesNotContain("410783");
        // County statistics are on each year's boundaries: 长垣县 until 2018, 长垣市 from 2019.
        assertThat(t.rows("county_stats")).filteredOn(r -> r.get("region_code").equals("410728"))
                .extracting(r -> r.get("stat_year")).containsExactly("2016", "2017", "2018");
        assertThat(t.rows("county_stats")).filteredOn(r -> r.get("region_code").equals("410783"))
                .extracting(r -> r.get("stat_year")).containsExactly("2019", "2020", "2021");
    }

    @Test
    void filesCarryTheCityTagAndStaySmall() throws Exception {
        try (Stream<Path> files = Files.walk(lake.resolve("landing"))) {
            // every delivery carries the city tag; beside them only the generator's marker (landing/_synthetic.json)
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(io.zhibiao.transforms.ingest.SyntheticMarker.NAME)).toList())
                    .isNotEmpty().allMatch(n -> n.matches("[a-z_]+_410700_20(1[6-9]|2[01])\\.csv"));
        }
        assertThat(lake.resolve("landing").resolve(io.zhibiao.transforms.ingest.SyntheticMarker.NAME)).isRegularFile();
        assertThat(t.latest("enterprise_register", "credit_code")).hasSizeBetween(5_000, 10_000);
        assertThat(t.rows("tax_returns")).hasSizeLessThan(50_000);
    }
}
