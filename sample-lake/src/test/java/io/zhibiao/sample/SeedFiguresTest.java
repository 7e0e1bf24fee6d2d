package io.zhibiao.sample;

import static io.zhibiao.sample.LandingTotals.round;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At the default scale the city totals of the micro-records reproduce every Luoyang base figure of seed 002
 * (洛阳市"十四五"科技创新和一流创新生态建设规划) to the precision the seed prints.
 */
class SeedFiguresTest {

    @TempDir
    static Path lake;
    static LandingTotals t;

    @BeforeAll
    static void generate() throws Exception {
        SampleLake.generate(lake, SampleLake.DEFAULT_SCALE, SampleLake.DEFAULT_SEED);
        t = LandingTotals.of(lake, CityProfile.luoyang());
    }

    private static BigDecimal perTenThousand(long count, int year) {
        return BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(10_000))
                .divide(BigDecimal.valueOf(t.population(year)), 6, RoundingMode.HALF_UP);
    }

    @Test
    void table2020Column() {
        // 财政科技投入 25.98 亿元; 全社会研发经费投入强度 2.82 %; 高新技术产业增加值占比 43.3 %; 技术合同成交额 53.8 亿元
        assertThat(round(t.fiscalYi(2020), 2)).isEqualByComparingTo("25.98");
        assertThat(round(t.rdIntensity(2020), 2)).isEqualByComparingTo("2.82");
        assertThat(round(t.hightechShare(2020), 1)).isEqualByComparingTo("43.3");
        assertThat(round(t.contractsYi(2020), 1)).isEqualByComparingTo("53.8");
        // 每万人口高价值发明专利拥有量 3.4 件: 2133 / 627.4 万人 = 3.3997
        assertThat(t.highValueInventions(2020)).isEqualTo(2133);
        assertThat(round(perTenThousand(t.highValueInventions(2020), 2020), 1)).isEqualByComparingTo("3.4");
        // 高新技术企业 755; 科技型中小企业 1880
        assertThat(t.hteStock(2020, null)).isEqualTo(755);
        assertThat(t.techSme(2020, null)).isEqualTo(1880);
        // 创新平台载体 1977; 新型研发机构 14; 产业研究院 —; 中试基地 5; 科技产业社区 —
        assertThat(t.platforms(2020, "创新平台载体", null, null)).isEqualTo(1977);
        assertThat(t.platforms(2020, "新型研发机构", null, null)).isEqualTo(14);
        assertThat(t.platforms(2020, "产业研究院", null, null)).isZero();
        assertThat(t.platforms(2020, "中试基地", null, null)).isEqualTo(5);
        assertThat(t.platforms(2020, "科技产业社区", null, null)).isZero();
    }

    @Test
    void textFigures2015And2020() {
        // 研发投入总量从60.97亿元增长到143.47亿元，研发投入强度由1.79%增长到2.82%
        assertThat(round(t.rdYi(2015), 2)).isEqualByComparingTo("60.97");
        assertThat(round(t.rdYi(2020), 2)).isEqualByComparingTo("143.47");
        assertThat(round(t.rdIntensity(2015), 2)).isEqualByComparingTo("1.79");
        // 高新技术产业增加值占规上工业比重由"十二五"末的31.7%提高至43.3%
        assertThat(round(t.hightechShare(2015), 1)).isEqualByComparingTo("31.7");
        // 技术合同成交额从28.72亿元增长到53.8亿元
        assertThat(round(t.contractsYi(2015), 2)).isEqualByComparingTo("28.72");
        // 有效发明专利总量从3080件增长到7322件; 2020年万人发明专利拥有量11.67件
        assertThat(t.validInventions(2015)).hasSize(3080);
        assertThat(t.validInventions(2020)).hasSize(7322);
        assertThat(round(perTenThousand(7322, 2020), 2)).isEqualByComparingTo("11.67");
        // 高新技术企业从201家增至755家，较"十二五"末增长276%: 755 / 201 − 1 = 2.756
        assertThat(t.hteStock(2015, null)).isEqualTo(201);
        assertThat(round(BigDecimal.valueOf(755 - 201).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(201), 6, RoundingMode.HALF_UP), 0)).isEqualByComparingTo("276");
        // 14家新型研发机构，其中省级11家、省重大5家
        assertThat(t.platforms(2020, "新型研发机构", "省级", null)).isEqualTo(11);
        assertThat(t.majorNewRdInstitutions(2020)).isEqualTo(5);
        // 创新平台（载体）从1130个增至1977个，其中国家级93个、省级643个
        assertThat(t.platforms(2015, "创新平台载体", null, null)).isEqualTo(1130);
        assertThat(t.platforms(2020, "创新平台载体", "国家级", null)).isEqualTo(93);
        assertThat(t.platforms(2020, "创新平台载体", "省级", null)).isEqualTo(643);
    }

    @Test
    void highTechZoneShares2020() {
        // 区内高新技术企业达488家，占全市64.6%; 国家科技型中小企业1125家，占全市59.8%
        assertThat(t.hteStock(2020, "410371")).isEqualTo(488);
        assertThat(round(BigDecimal.valueOf(48_800).divide(BigDecimal.valueOf(755), 6, RoundingMode.HALF_UP), 1))
                .isEqualByComparingTo("64.6");
        assertThat(t.techSme(2020, "410371")).isEqualTo(1125);
        // 省级以上创新平台达559家，占全市76%: 559 / (93 + 643) = 75.95 %
        long zone = t.platforms(2020, "创新平台载体", "国家级", "410371") + t.platforms(2020, "创新平台载体", "省级", "410371");
        assertThat(zone).isEqualTo(559);
    }

    @Test
    void defaultScaleIsRealisticInSize() {
        assertThat(t.latest("enterprise_register", "credit_code")).hasSizeBetween(100_000, 120_000);
        assertThat(t.rows("tax_returns")).hasSizeGreaterThan(700_000);
    }
}
