package io.zhibiao.sample;

import static io.zhibiao.sample.LandingTotals.round;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.ingest.SyntheticMarker;
import io.zhibiao.transforms.standard.CreditCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small sample tests use (scale 0.05): counts are round(value × 0.05), amounts value × 0.05, so ratios
 * stay where the seed puts them. Expected figures worked out from luoyang.yaml by hand.
 */
class ScaledSampleTest {

    static final double SCALE = 0.05;

    @TempDir
    static Path lake;
    @TempDir
    static Path again;
    static LandingTotals t;

    @BeforeAll
    static void generate() throws Exception {
        SampleLake.generate(lake, SCALE, SampleLake.DEFAULT_SEED);
        t = LandingTotals.of(lake, CityProfile.luoyang());
    }

    @Test
    void scaledFigures() {
        // 高新技术企业 2020: 755 × 0.05 = 37.75 → 38; 2015: 201 × 0.05 = 10.05 → 10; 高新区 488 × 0.05 = 24.4 → 24
        assertThat(t.hteStock(2020, null)).isEqualTo(38);
        assertThat(t.hteStock(2015, null)).isEqualTo(10);
        assertThat(t.hteStock(2020, "410371")).isEqualTo(24);
        // 科技型中小企业 2020: 1880 × 0.05 = 94; 高新区 1125 × 0.05 = 56.25 → 56
        assertThat(t.techSme(2020, null)).isEqualTo(94);
        assertThat(t.techSme(2020, "410371")).isEqualTo(56);
        // 有效发明专利 2020: 7322 × 0.05 = 366.1 → 366; 高价值 2133 × 0.05 = 106.65 → 107
        assertThat(t.validInventions(2020)).hasSize(366);
        assertThat(t.highValueInventions(2020)).isEqualTo(107);
        // 创新平台载体 2020: 93 × 0.05 = 4.65 → 5, 643 × 0.05 = 32.15 → 32, 1241 × 0.05 = 62.05 → 62; total 99
        assertThat(t.platforms(2020, "创新平台载体", null, null)).isEqualTo(99);
        // R&D 143.47 亿元 × 0.05 = 7.1735 亿元 (717,350 千元); GDP 5087 × 0.05 = 254.35 亿元 → 2.8203 %
        assertThat(t.rdYi(2020)).isEqualByComparingTo("7.1735");
        assertThat(round(t.rdIntensity(2020), 2)).isEqualByComparingTo("2.82");
        // 技术合同 53.8 × 0.05 = 2.69 亿元
        assertThat(t.contractsYi(2020)).isEqualByComparingTo("2.69");
        // 常住人口 6,274,000 × 0.05 = 313,700
        assertThat(t.population(2020)).isEqualTo(313_700);
    }

    @Test
    void sameSeedGivesByteIdenticalFiles() throws Exception {
        SampleLake.Summary second = SampleLake.generate(again, SCALE, SampleLake.DEFAULT_SEED);
        assertThat(Files.readString(again.resolve(SampleLake.MANIFEST)))
                .isEqualTo(Files.readString(lake.resolve(SampleLake.MANIFEST)));
        for (SampleLake.GeneratedFile f : second.files()) {
            assertThat(Files.mismatch(lake.resolve(f.path()), again.resolve(f.path()))).as(f.path()).isEqualTo(-1L);
        }
    }

    @Test
    void eachCityIsTheSameAloneAsInTheSharedLake(@TempDir Path alone) throws Exception {
        // Cities draw from their own random streams and write files named apart, so Xinxiang generated on its
        // own equals Xinxiang's files in the two-city lake, byte for byte.
        SampleLake.Summary xinxiang = SampleLake.generate(CityProfile.xinxiang(), alone, SCALE, SampleLake.DEFAULT_SEED);
        assertThat(xinxiang.files()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.path()).contains("_410700_");
            assertThat(Files.mismatch(alone.resolve(f.path()), lake.resolve(f.path()))).as(f.path()).isEqualTo(-1L);
        });
    }

    @Test
    void manifestMatchesTheCommittedChecksums() throws Exception {
        // Generated once and committed: a change here means the generator's output changed on this machine
        // or in the code; regenerate the golden file only for a deliberate change. Luoyang's entries (the
        // untagged files, listed first) have not changed since the generator learnt a second city.
        String golden = new String(ScaledSampleTest.class.getResourceAsStream("/golden-manifest-0.05.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Files.readString(lake.resolve(SampleLake.MANIFEST))).isEqualTo(golden);
    }

    @Test
    void theLandingFolderCarriesTheSyntheticMarker() throws Exception {
        // The marker sits inside landing/ (copied with it), names the generator, seed and scale, and lists every
        // generated file by its path under landing/ with the SHA-256 the manifest beside landing/ gives it.
        var fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        SyntheticMarker marker = SyntheticMarker.read(fs, new org.apache.hadoop.fs.Path(lake.resolve("landing").toUri()))
                .orElseThrow();
        assertThat(marker.generator()).isEqualTo("io.zhibiao.sample.SampleLake");
        assertThat(marker.seed()).isEqualTo(20210301L);
        assertThat(marker.scale()).isEqualTo(0.05);
        assertThat(marker.cities()).containsExactly("洛阳市", "新乡市");
        String manifest = Files.readString(lake.resolve(SampleLake.MANIFEST));
        java.util.List<String> landingFiles;
        try (Stream<Path> files = Files.walk(lake.resolve("landing"))) {
            landingFiles = files.filter(Files::isRegularFile).map(p -> lake.resolve("landing").relativize(p).toString())
                    .filter(p -> !p.equals(SyntheticMarker.NAME)).sorted().toList();
        }
        assertThat(marker.files().keySet()).containsExactlyInAnyOrderElementsOf(landingFiles);
        String tax = "tax_returns/2020/cit_annual_2020.csv";
        String sha = marker.files().get(tax);
        assertThat(sha).matches("[0-9a-f]{64}");
        assertThat(manifest).contains("\"path\" : \"landing/" + tax + "\"");
        assertThat(manifest).contains("\"sha256\" : \"" + sha + "\"");
        assertThat(marker.covers(tax, sha)).isTrue();
        assertThat(marker.covers(tax, "0".repeat(64))).isFalse();
        assertThat(marker.covers("tax_returns/2021/cit_annual_2020.csv", sha)).isFalse();
    }

    @Test
    void everyCreditCodeCarriesAValidCheckCharacter() {
        assertThat(t.rows("enterprise_register")).isNotEmpty()
                .allSatisfy(r -> assertThat(CreditCode.problem(r.get("credit_code"))).isEmpty());
        assertThat(t.rows("rd_survey")).allSatisfy(r -> assertThat(CreditCode.isValid(r.get("credit_code"))).isTrue());
        assertThat(t.rows("tech_contracts"))
                .allSatisfy(r -> assertThat(CreditCode.isValid(r.get("seller_credit_code"))).isTrue());
    }

    @Test
    void taxBureauExportIsGbkWithCrlf() throws Exception {
        Path tax = lake.resolve("landing/tax_returns/2020/cit_annual_2020.csv");
        byte[] bytes = Files.readAllBytes(tax);
        String text = new String(bytes, java.nio.charset.Charset.forName("GBK"));
        assertThat(text).startsWith("纳税人识别号,纳税人名称,所属年度").contains("\r\n").contains("有限公司");
        try (Stream<String> lines = Files.lines(tax, java.nio.charset.Charset.forName("GBK"))) {
            assertThat(lines.count() - 1).isEqualTo(t.rows("tax_returns").stream()
                    .filter(r -> r.get("tax_year").equals("2020")).count());
        }
    }
}
