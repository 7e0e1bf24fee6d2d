package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: Debian's headless Chromium opens {@code index.html} from a file with host
 * names resolving to nothing, runs the page, and the rendered DOM is checked — every chart drew its series into
 * SVG, and every number of the target-gap table is the published one — and a screenshot is taken
 * ({@code jobs/target/dashboard.png}; {@code -Dzhibiao.dashboard.png=FILE} copies it elsewhere).
 * Needs Chromium: {@code scripts/install-chromium.sh}; runs with {@code mvn -Pclients} ({@code .ci/run-clients}).
 */
@Tag("clients")
class ReportBrowserTest {

    @TempDir
    static Path tmp;
    static Document zh;
    static Document en;
    static Path png;
    static SparkSession spark;
    static String published;

    @BeforeAll
    static void renderInChromium() throws IOException {
        spark = SparkTestSession.get();
        Path lake = PublishedSample.lake();
        published = Lake.at(lake).root() + "/published/";
        Path dir = tmp.resolve("dashboard");
        Cli.Result r = Cli.zhibiao("report", "--lake", lake.toString(), "--out", dir.toString(), "--master", "local[2]",
                "--shuffle-partitions", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        HeadlessChromium chromium = HeadlessChromium.find(tmp);
        String page = dir.resolve("index.html").toUri().toString();
        zh = Jsoup.parse(chromium.dumpDom(page, 1400));
        en = Jsoup.parse(chromium.dumpDom(page + "?lang=en", 1400));
        int height = Math.min(Integer.parseInt(zh.body().attr("data-page-height")), 20_000);
        png = chromium.screenshot(page, tmp.resolve("dashboard.png"), 1400, height);
        Path target = Path.of("target", "dashboard.png");
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        String copy = System.getProperty("zhibiao.dashboard.png");
        if (copy != null && !copy.isBlank()) {
            Files.copy(png, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<Row> table(String name) {
        return spark.read().format("delta").load(published + name).collectAsList();
    }

    @Test
    void everyChartDrewItsSeriesIntoSvg() {
        for (Document d : List.of(zh, en)) {
            List<Element> charts = d.select("div.chart");
            assertThat(charts).hasSizeGreaterThan(40);
            assertThat(d.body().attr("data-charts-total")).isEqualTo(String.valueOf(charts.size()));
            assertThat(d.body().attr("data-charts-rendered")).isEqualTo(String.valueOf(charts.size()));
            for (Element c : charts) {
                String what = c.attributes().toString();
                assertThat(c.attr("data-rendered")).as(what).isEqualTo("true");
                assertThat(c.select("svg")).as(what).hasSize(1);
                // axes, grid lines, lines or bars, markers: far more than an empty frame
                assertThat(c.select("svg path").size()).as(what).isGreaterThan(5);
                assertThat(c.select("svg text").size()).as(what).isGreaterThan(3);
                assertThat(Integer.parseInt(c.attr("data-series-drawn"))).as(what).isGreaterThanOrEqualTo(1);
            }
        }
        int withPath = 0;
        List<Element> targets = zh.select("div.chart-target");
        for (Element c : targets) {
            // the actual series and the target marker always, the plan's path where it has one
            List<String> names = List.of(c.attr("data-series-names").split("\\|"));
            assertThat(names).as(c.attr("data-target")).contains("实际", "目标");
            withPath += names.contains("规划路径") ? 1 : 0;
        }
        assertThat(withPath).isGreaterThan(targets.size() / 2);
        // one chart per target with data per city, one per compared indicator, one composite index per city
        assertThat(zh.select("section[data-city=410300] div.chart-target")).hasSizeGreaterThan(15);
        assertThat(zh.select("section[data-city=410700] div.chart-target")).hasSizeGreaterThan(10);
        assertThat(zh.select("div.chart-composite")).hasSize(2);
    }

    @Test
    void theTargetGapTableShowsThePublishedNumbers() {
        Map<String, Row> gap = new HashMap<>();
        table("target_gap").forEach(r -> gap.put(r.getAs("target_id") + "|" + r.getAs("year"), r));
        Map<String, Integer> decimals = new HashMap<>();
        table("indicators").forEach(r -> decimals.put(r.getAs("indicator_id"), r.<Integer>getAs("decimals")));
        Set<String> withheld = new HashSet<>();
        table("indicator_values").stream().filter(r -> "x".equals(r.getAs("suppressed")))
                .forEach(r -> withheld.add(r.getAs("indicator_id") + "|" + r.getAs("region_code") + "|" + r.getAs("year")));
        int cells = 0;
        for (String city : List.of("410300", "410700")) {
            List<Element> rows = zh.select("table.gap[data-city=" + city + "] tbody tr");
            assertThat(rows).as(city).hasSizeGreaterThan(15);
            for (Element tr : rows) {
                Row p = gap.get(tr.attr("data-target") + "|" + tr.attr("data-year"));
                assertThat(p).as(tr.outerHtml()).isNotNull();
                int d = "share".equals(p.getAs("kind")) ? 1 : decimals.get(p.<String>getAs("indicator_id"));
                boolean x = withheld.contains(p.getAs("indicator_id") + "|" + p.getAs("region_code") + "|" + p.getAs("year"));
                assertThat(cell(tr, "actual").text()).isEqualTo(x ? "x" : text(p.getAs("actual"), d));
                for (String col : List.of("actual", "gap", "path_value", "achieved_share", "growth_ratio")) {
                    assertSameNumber(cell(tr, col), p.getAs(col), col + " of " + tr.attr("data-target"));
                    cells++;
                }
                assertSameNumber(cell(tr, "base"), p.getAs("base_value"), "base of " + tr.attr("data-target"));
                assertSameNumber(cell(tr, "target"), p.getAs("target_value"), "target of " + tr.attr("data-target"));
                assertThat(cell(tr, "gap").text()).isEqualTo(text(p.getAs("gap"), d));
                assertThat(cell(tr, "path_value").text()).isEqualTo(text(p.getAs("path_value"), d));
                assertThat(cell(tr, "growth_ratio").text()).isEqualTo(text(p.getAs("growth_ratio"), 2));
                BigDecimal share = p.getAs("achieved_share");
                assertThat(cell(tr, "achieved_share").text()).isEqualTo(share == null ? "—"
                        : share.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%");
                assertThat(cell(tr, "target").text()).startsWith(p.getAs("target_year") + ": ")
                        .contains(text(p.getAs("target_value"), d));
                // statuses: the published code, its Chinese label, coloured by the code
                Element status = cell(tr, "status").selectFirst(".badge");
                assertThat(status.text()).isEqualTo(p.<String>getAs("status_zh"));
                assertThat(status.hasClass("st-" + p.<String>getAs("status"))).isTrue();
                if (p.getAs("eurostat_status") != null) {
                    assertThat(cell(tr, "eurostat_status").text()).isEqualTo(p.<String>getAs("eurostat_status_zh"));
                    assertThat(cell(tr, "escap_status").text()).isEqualTo(p.<String>getAs("escap_status_zh"));
                }
            }
        }
        assertThat(cells).isGreaterThan(200);
    }

    @Test
    void englishSwapsTheLabels() {
        assertThat(zh.selectFirst("h1").text()).isEqualTo("十四五科技创新指标监测");
        assertThat(zh.select("table.gap th").first().text()).isEqualTo("目标");
        assertThat(en.selectFirst("h1").text()).isEqualTo("14th Five-Year Plan science & technology indicators");
        assertThat(en.select("table.gap th").first().text()).isEqualTo("Target");
        assertThat(en.selectFirst("html").attr("lang")).isEqualTo("en");
        Map<String, Row> gap = new HashMap<>();
        table("target_gap").forEach(r -> gap.put(r.getAs("target_id") + "|" + r.getAs("year"), r));
        for (Element tr : en.select("table.gap tbody tr")) {
            Row p = gap.get(tr.attr("data-target") + "|" + tr.attr("data-year"));
            assertThat(cell(tr, "status").text()).isEqualTo(p.<String>getAs("status_en"));
            assertThat(tr.select("td.name").text()).contains(p.<String>getAs("indicator_en"));
        }
        // the numbers do not change with the language
        assertThat(en.select("table.gap td[data-col=actual]").eachText()).isEqualTo(zh.select("table.gap td[data-col=actual]").eachText());
    }

    @Test
    void theScreenshotShowsAPageNotABlank() throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        int nonWhite = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        assertThat(colours.size()).isGreaterThan(100);
        assertThat(nonWhite).isGreaterThan(image.getWidth() * image.getHeight() / 9 / 4);
    }

    static Element cell(Element tr, String col) {
        Element td = tr.selectFirst("td[data-col=" + col + "]");
        assertThat(td).as(col + " in " + tr.outerHtml()).isNotNull();
        return td;
    }

    static void assertSameNumber(Element td, BigDecimal published, String what) {
        if (published == null) {
            assertThat(td.hasAttr("data-v")).as(what).isFalse();
        } else {
            assertThat(new BigDecimal(td.attr("data-v"))).as(what).isEqualByComparingTo(published);
        }
    }

    static String text(BigDecimal v, int decimals) {
        return v == null ? "—" : v.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }
}
