package io.zhibiao.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's data from hand-made published rows: which rows, which year, how a cell reads. */
class DashboardDataTest {

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] instanceof Double d ? BigDecimal.valueOf(d) : kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> value(String indicator, String region, String level, int year, Double v, String suppressed) {
        return row("indicator_id", indicator, "region_code", region, "region_name", "410300".equals(region) ? "洛阳市"
                : "410700".equals(region) ? "新乡市" : "某县", "region_level", level, "year", year, "value", v,
                "suppressed", suppressed, "suppression_reason", suppressed == null ? null : "DOM");
    }

    static Map<String, Object> gap(String target, String indicator, String region, String kind, int year, Double actual,
                                   Double path, String status) {
        return row("target_id", target, "indicator_id", indicator, "indicator_zh", "指标", "indicator_en", "indicator",
                "unit", "亿元", "region_code", region, "kind", kind, "comparator", ">=", "base_year", 2020, "base_value", 25.98,
                "target_year", 2025, "target_value", 50.0, "target_max", null, "year", year, "actual", actual, "gap",
                actual == null ? null : 50.0 - actual, "achieved_share", 0.954, "path_value", path, "status", status,
                "status_zh", "滞后", "status_en", "off track", "growth_ratio", 0.955);
    }

    static ReleaseTables tables(List<Map<String, Object>> gaps, List<Map<String, Object>> values,
                                List<Map<String, Object>> comparison, List<Map<String, Object>> composite) {
        List<Map<String, Object>> indicators = List.of(row("indicator_id", "fiscal_st", "decimals", 2, "unit_en", "100 million yuan"),
                row("indicator_id", "rd_intensity", "decimals", 2, "unit_en", "%"),
                row("indicator_id", "hte_count", "decimals", 0, "unit_en", "firms"));
        Map<String, Object> release = row("release_no", 3, "data_cutoff", "2026-11-23");
        // the catalog declares T02 before T01
        List<Map<String, Object>> targets = List.of(row("target_id", "LY14-T02"), row("target_id", "LY14-T01"));
        return new ReleaseTables(release, List.of(release), gaps, values, comparison, composite, indicators, targets);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void eachTargetShowsTheRowOfItsCitysLatestYearAndItsWholeSeries() {
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (int y = 2020; y <= 2025; y++) {
            Double actual = y == 2024 ? Double.valueOf(48.005) : y < 2024 ? Double.valueOf(26.0 + 5 * (y - 2020)) : null;
            gaps.add(gap("LY14-T01", "fiscal_st", "410300", "level", y, actual, 25.98 + 4.804 * (y - 2020),
                    y <= 2024 ? "off_track" : "no_data"));
        }
        gaps.add(gap("LY-TSME-2028-T01", "hte_count", "410300", "level", 2026, null, 10.0, "no_data"));
        gaps.add(gap("LY14-T02", "rd_intensity", "410300", "share", 2024, 3.1, 3.5, "off_track"));
        gaps.add(gap("XX-ZONE", "hte_count", "410771", "level", 2021, 12.0, 10.0, "achieved"));
        List<Map<String, Object>> values = List.of(value("fiscal_st", "410300", "市", 2024, 48.0, null),
                value("fiscal_st", "410300", "市", 2025, null, null), value("hte_count", "410700", "市", 2021, 148.0, null));
        Map<String, Object> data = DashboardData.build(tables(gaps, values, List.of(), List.of()), "now");

        List<Map<String, Object>> cities = list(data.get("cities"));
        assertThat(cities).extracting(c -> c.get("code") + " " + c.get("latest_year")).containsExactly("410300 2024", "410700 2021");
        List<Map<String, Object>> luoyang = list(cities.get(0).get("targets"));
        // the 2026–2028 target has not begun by 2024; the others in the catalog's order
        assertThat(luoyang).extracting(t -> t.get("target_id")).containsExactly("LY14-T02", "LY14-T01");
        Map<String, Object> t = luoyang.get(1);
        assertThat(map(t.get("latest")).get("year")).isEqualTo(2024);
        assertThat(list(t.get("series"))).hasSize(6);
        assertThat(t.get("has_data")).isEqualTo(true);
        Map<String, Object> text = map(t.get("text"));
        // 48.005 → 48.01 (half up); 95.4 % → 95%; ≥ with the indicator's two decimals
        assertThat(text.get("actual")).isEqualTo("48.01");
        assertThat(text.get("target")).isEqualTo("≥50.00");
        assertThat(text.get("achieved_share")).isEqualTo("95%");
        assertThat(text.get("growth_ratio")).isEqualTo("0.96");
        assertThat(text.get("base")).isEqualTo("2020: 25.98");
        // a functional zone's target belongs to the city of its code
        assertThat(list(cities.get(1).get("targets"))).extracting(x -> x.get("target_id")).containsExactly("XX-ZONE");
    }

    @Test
    void aWithheldCellReadsXAndSharesUseOneDecimal() {
        List<Map<String, Object>> gaps = List.of(gap("LY14-T02", "rd_intensity", "410300", "share", 2024, null, 3.5, "no_data"));
        List<Map<String, Object>> values = List.of(value("fiscal_st", "410300", "市", 2024, 48.0, null),
                value("rd_intensity", "410300", "市", 2024, null, "x"));
        Map<String, Object> t = list(list(DashboardData.build(tables(gaps, values, List.of(), List.of()), "now")
                .get("cities")).get(0).get("targets")).get(0);
        assertThat(map(t.get("latest")).get("withheld")).isEqualTo(true);
        assertThat(map(t.get("latest")).get("withheld_reason")).isEqualTo("DOM");
        assertThat(map(t.get("text")).get("actual")).isEqualTo("x");
        assertThat(map(t.get("text")).get("path_value")).isEqualTo("3.5");
        assertThat(t.get("unit_en")).isEqualTo("%");
        assertThat(t.get("has_data")).isEqualTo(false);
    }

    @Test
    void countiesAreRankedBestFirstWithWithheldOnesLastAndIndicatorsWithoutValuesLeftOut() {
        List<Map<String, Object>> values = List.of(value("fiscal_st", "410300", "市", 2024, 48.0, null),
                value("rd_intensity", "410305", "县区", 2024, null, "x"));
        List<Map<String, Object>> comparison = List.of(
                row("indicator_id", "rd_intensity", "city_code", "410300", "region_code", "410303", "region_name", "西工区",
                        "year", 2024, "value", 2.1, "rank", 2, "city_value", 3.0, "ratio_to_city", 0.7),
                row("indicator_id", "rd_intensity", "city_code", "410300", "region_code", "410305", "region_name", "涧西区",
                        "year", 2024, "value", null, "rank", null, "city_value", 3.0),
                row("indicator_id", "rd_intensity", "city_code", "410300", "region_code", "410311", "region_name", "洛龙区",
                        "year", 2024, "value", 3.456, "rank", 1, "city_value", 3.0, "ratio_to_city", 1.15),
                row("indicator_id", "rd_intensity", "city_code", "410300", "region_code", "410303", "region_name", "西工区",
                        "year", 2023, "value", 9.0, "rank", 1, "city_value", 3.0),
                row("indicator_id", "hte_count", "city_code", "410300", "region_code", "410303", "region_name", "西工区",
                        "year", 2024, "value", null, "rank", null));
        List<Map<String, Object>> composite = List.of(
                row("index_id", "cii", "index_zh", "县区创新指数", "city_code", "410300", "region_code", "410303", "year", 2023,
                        "score", 40.0, "rank", 2),
                row("index_id", "cii", "index_zh", "县区创新指数", "city_code", "410300", "region_code", "410311", "year", 2023,
                        "score", 90.0, "rank", 1),
                row("index_id", "cii", "index_zh", "县区创新指数", "city_code", "410300", "region_code", "410311", "year", 2024,
                        "score", null, "rank", null));
        Map<String, Object> city = list(DashboardData.build(tables(List.of(), values, comparison, composite), "now")
                .get("cities")).get(0);
        List<Map<String, Object>> compared = list(city.get("comparison"));
        assertThat(compared).extracting(c -> c.get("indicator_id")).containsExactly("rd_intensity");
        Map<String, Object> rd = compared.get(0);
        assertThat(rd.get("ratio")).isEqualTo(true);
        assertThat(rd.get("city_text")).isEqualTo("3.00");
        assertThat(list(rd.get("units"))).extracting(u -> u.get("region_name") + " " + u.get("text"))
                .containsExactly("洛龙区 3.46", "西工区 2.10", "涧西区 x");
        // 2024 has no scores: the latest year that has them
        Map<String, Object> index = map(city.get("composite"));
        assertThat(index.get("year")).isEqualTo(2023);
        assertThat(list(index.get("units"))).extracting(u -> u.get("region_code")).containsExactly("410311", "410303");
    }
}
