package io.zhibiao.jobs;

import io.zhibiao.lake.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zhibiao report} on the published sample, without a browser: the files it writes, the data the page draws
 * equal to the published tables, and nothing in it that would reach for a network.
 */
class ReportCommandTest {

    @TempDir
    static Path tmp;
    static Path dir;
    static JsonNode data;
    static Cli.Result result;
    static SparkSession spark;
    static String published;

    @BeforeAll
    static void report() throws IOException {
        spark = SparkTestSession.get();
        Path lake = PublishedSample.lake();
        published = Lake.at(lake).root() + "/published/";
        dir = tmp.resolve("dashboard");
        result = Cli.zhibiao("report", "--lake", lake.toString(), "--out", dir.toString(), "--master", "local[2]",
                "--shuffle-partitions", "2");
        assertThat(result.exit()).as(result.err()).isZero();
        data = mapper().readTree(dir.resolve("data.json").toFile());
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    static List<Row> table(String name) {
        return spark.read().format("delta").load(published + name).collectAsList();
    }

    @Test
    void writesThePageItsDataAndTheBundledChartLibrary() throws IOException {
        assertThat(result.out()).contains("dashboard of release 1").contains("洛阳市 2025").contains("新乡市 2021")
                .contains(dir.resolve("index.html").toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("index.html",
                    "data.json", "dashboard.js", "dashboard.css", "echarts.min.js", "echarts-LICENSE.txt");
        }
        String echarts = Files.readString(dir.resolve("echarts.min.js"), StandardCharsets.UTF_8);
        assertThat(echarts.length()).isGreaterThan(500_000);
        assertThat(echarts).contains("echarts").contains("svg");
        assertThat(Files.readString(dir.resolve("echarts-LICENSE.txt"))).contains("Apache License");

        String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<script src=\"echarts.min.js\"></script>").contains("<script src=\"dashboard.js\"></script>")
                .doesNotContain("{{DATA}}");
        // the page carries its data inline (a file:// page cannot fetch data.json), the same as data.json
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"zhibiao-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(mapper().readTree(m.group(1).replace("<\\/", "</"))).isEqualTo(data);
    }

    @Test
    void aReleaseBuiltFromGeneratedDataShowsTheSampleBannerAboveEverything() throws IOException {
        Row release = table("releases").get(0);
        assertThat(release.<Boolean>getAs("synthetic")).isTrue();
        assertThat(data.at("/release/synthetic").asBoolean()).isTrue();
        assertThat(data.at("/release/data_note").asText()).isEqualTo(release.<String>getAs("data_note"))
                .isEqualTo("示例数据 — synthetic sample, not official statistics");
        String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        String banner = "<div class=\"synthetic-banner\" id=\"synthetic-banner\" role=\"note\">示例数据 — synthetic sample, "
                + "not official statistics：本页数字由示例数据生成器合成，仅供演示，不是官方统计。</div>";
        assertThat(html).contains(banner).doesNotContain("{{BANNER}}");
        assertThat(html.indexOf(banner)).isLessThan(html.indexOf("<header class=\"top\">"));
        assertThat(Files.readString(dir.resolve("dashboard.css"), StandardCharsets.UTF_8)).contains(".synthetic-banner {");
    }

    @Test
    void theReleaseAndItsCitiesAreThePublishedOnes() {
        Row release = table("releases").get(0);
        assertThat(data.at("/release/release_no").asInt()).isEqualTo(release.<Integer>getAs("release_no"));
        assertThat(data.at("/release/data_cutoff").asText()).isEqualTo("2026-11-23");
        assertThat(data.at("/release/run_id").asText()).isEqualTo(release.<String>getAs("run_id"));
        List<String> cities = new ArrayList<>();
        data.get("cities").forEach(c -> cities.add(c.get("code").asText() + " " + c.get("name").asText() + " "
                + c.get("latest_year").asInt()));
        assertThat(cities).containsExactly("410300 洛阳市 2025", "410700 新乡市 2021");
    }

    @Test
    void everyTargetRowIsThePublishedTargetGapRowOfTheCitysLatestYear() {
        Map<String, Row> gap = new HashMap<>();
        Map<String, TreeSet<Integer>> years = new HashMap<>();
        for (Row r : table("target_gap")) {
            gap.put(r.getAs("target_id") + "|" + r.getAs("year"), r);
            years.computeIfAbsent(r.getAs("target_id"), k -> new TreeSet<>()).add(r.getAs("year"));
        }
        Set<String> withheld = new HashSet<>();
        Map<String, Integer> decimals = new HashMap<>();
        table("indicator_values").stream().filter(r -> "x".equals(r.getAs("suppressed")))
                .forEach(r -> withheld.add(r.getAs("indicator_id") + "|" + r.getAs("region_code") + "|" + r.getAs("year")));
        table("indicators").forEach(r -> decimals.put(r.getAs("indicator_id"), r.<Integer>getAs("decimals")));
        int rows = 0;
        for (JsonNode city : data.get("cities")) {
            int latest = city.get("latest_year").asInt();
            Set<String> shown = new TreeSet<>();
            for (JsonNode t : city.get("targets")) {
                JsonNode row = t.get("latest");
                Row p = gap.get(t.get("target_id").asText() + "|" + row.get("year").asInt());
                assertThat(p).as(t.get("target_id").asText()).isNotNull();
                assertSameAsPublished(t, p);
                assertSameAsPublished(row, p);
                // the target's latest published row up to the city's latest year
                assertThat(row.get("year").asInt()).isEqualTo(years.get(t.get("target_id").asText()).floor(latest));
                int d = "share".equals(p.getAs("kind")) ? 1 : decimals.get(p.<String>getAs("indicator_id"));
                boolean x = withheld.contains(p.getAs("indicator_id") + "|" + p.getAs("region_code") + "|" + p.getAs("year"));
                assertThat(row.get("withheld").asBoolean()).isEqualTo(x);
                assertThat(t.at("/text/actual").asText()).isEqualTo(x ? "x" : text(p.getAs("actual"), d));
                assertThat(t.at("/text/gap").asText()).isEqualTo(text(p.getAs("gap"), d));
                assertThat(t.at("/text/path_value").asText()).isEqualTo(text(p.getAs("path_value"), d));
                shown.add(t.get("target_id").asText());
                rows++;
            }
            // every target of the city that had begun by its latest year, none left out
            Set<String> expected = new TreeSet<>();
            gap.values().stream().filter(r -> r.<String>getAs("region_code").startsWith(city.get("code").asText().substring(0, 4))
                    && years.get(r.<String>getAs("target_id")).first() <= latest).forEach(r -> expected.add(r.getAs("target_id")));
            assertThat(shown).as(city.get("name").asText()).isEqualTo(expected);
        }
        assertThat(rows).isGreaterThan(40);
    }

    @Test
    void theCountiesComparedAndTheCompositeIndexAreThePublishedValues() {
        Map<String, Row> comparison = new HashMap<>();
        table("county_comparison").forEach(r -> comparison.put(r.getAs("indicator_id") + "|" + r.getAs("region_code") + "|"
                + r.getAs("year"), r));
        Map<String, Row> composite = new HashMap<>();
        table("composite_index").forEach(r -> composite.put(r.getAs("region_code") + "|" + r.getAs("year"), r));
        int units = 0;
        for (JsonNode city : data.get("cities")) {
            assertThat(city.get("comparison").size()).isGreaterThan(3);
            for (JsonNode c : city.get("comparison")) {
                Integer previousRank = null;
                for (JsonNode u : c.get("units")) {
                    Row p = comparison.get(c.get("indicator_id").asText() + "|" + u.get("region_code").asText() + "|"
                            + c.get("year").asInt());
                    assertSameAsPublished(u, p);
                    if (!u.get("rank").isNull()) {
                        assertThat(u.get("rank").asInt()).isGreaterThanOrEqualTo(previousRank == null ? 1 : previousRank);
                        previousRank = u.get("rank").asInt();
                    }
                    units++;
                }
            }
            JsonNode index = city.get("composite");
            for (JsonNode u : index.get("units")) {
                assertSameAsPublished(u, composite.get(u.get("region_code").asText() + "|" + index.get("year").asInt()));
            }
        }
        assertThat(units).isGreaterThan(50);
    }

    @Test
    void noGeneratedFileNamesANetworkAddress() throws IOException {
        Pattern url = Pattern.compile("https?://[^\\s\"'`)<>]*");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                List<String> found = new ArrayList<>();
                Matcher m = url.matcher(text);
                while (m.find()) {
                    found.add(m.group());
                }
                if (f.getFileName().toString().startsWith("echarts")) {
                    // ECharts names the XML namespaces it writes SVG in (identifiers, never fetched), and its licence
                    // comments and file cite licences and the projects it took code from; nothing it loads.
                    assertThat(found).as(f.toString()).allMatch(u -> u.startsWith("http://www.w3.org/")
                            || u.startsWith("http://www.apache.org/licenses/") || u.endsWith("/LICENSE.txt")
                            || u.equals("https://github.com/d3/d3"));
                } else {
                    assertThat(found).as(f.toString()).isEmpty();
                }
            }
        }
    }

    @Test
    void aReleaseThatDoesNotExistIsAUsageError() {
        Cli.Result r = Cli.zhibiao("report", "--lake", PublishedSample.lake().toString(), "--out",
                tmp.resolve("none").toString(), "--release", "99", "--master", "local[2]");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("zhibiao: error: release 99 does not exist; published releases: 1");
    }

    @Test
    void aLakeWithNothingPublishedIsAUsageError() {
        Cli.Result r = Cli.zhibiao("report", "--lake", tmp.resolve("empty-lake").toString(), "--master", "local[2]");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("no release is published under").contains("run `zhibiao run");
    }

    /** Every field of the page's row that is a published column holds the published value. */
    static void assertSameAsPublished(JsonNode shown, Row published) {
        List<String> columns = List.of(published.schema().fieldNames());
        int compared = 0;
        for (var it = shown.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!columns.contains(f.getKey())) {
                continue;
            }
            Object p = published.getAs(f.getKey());
            JsonNode v = f.getValue();
            String what = f.getKey() + " of " + published;
            if (p == null) {
                assertThat(v.isNull()).as(what).isTrue();
            } else if (p instanceof BigDecimal b) {
                assertThat(v.decimalValue()).as(what).isEqualByComparingTo(b);
            } else if (p instanceof Integer i) {
                assertThat(v.asInt()).as(what).isEqualTo(i);
            } else {
                assertThat(v.asText()).as(what).isEqualTo(p.toString());
            }
            compared++;
        }
        assertThat(compared).isGreaterThan(2);
    }

    static String text(BigDecimal v, int decimals) {
        return v == null ? "—" : v.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }
}
