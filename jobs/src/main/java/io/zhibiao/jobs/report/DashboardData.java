package io.zhibiao.jobs.report;

import io.zhibiao.lake.CellKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the dashboard shows, per city, taken from a release's published tables (plain Java, no Spark): each target
 * with its actual series against the plan's path, the counties side by side in the city's latest year, the composite
 * index ranks, and the target-gap table of the latest year. Values keep the published column names and numbers;
 * {@code text} holds them as the table prints them (the indicator's decimals, rounded half up), so the page does no
 * rounding of its own.
 */
public final class DashboardData {

    /** Columns of a target-gap row that describe the target itself. */
    private static final List<String> TARGET_COLUMNS = List.of("target_id", "plan_id", "plan_name", "indicator_id",
            "indicator_zh", "indicator_en", "unit", "region_code", "region_name", "kind", "strength", "comparator",
            "base_year", "base_value", "base_source", "target_year", "target_value", "target_max", "target_text");

    /** Columns of a target-gap row that describe one year's assessment. */
    private static final List<String> YEAR_COLUMNS = List.of("year", "actual", "gap", "achieved_share", "path_value",
            "required_growth", "actual_growth", "needed_growth", "progress", "status", "status_zh", "status_en", "reason",
            "growth_ratio", "eurostat_status", "eurostat_status_zh", "eurostat_status_en", "projected_value",
            "anticipated_ratio", "escap_status", "escap_status_zh", "escap_status_en", "progress_years", "progress_reason");

    private static final List<String> COMPARISON_UNIT_COLUMNS = List.of("region_code", "region_name", "value", "rank",
            "units_ranked", "previous_rank", "rank_change", "share_of_city", "ratio_to_city", "growth_rate");

    private static final List<String> COMPOSITE_UNIT_COLUMNS = List.of("region_code", "region_name", "score", "rank",
            "score_equal_weights", "rank_equal_weights", "score_alternative", "rank_alternative", "max_rank_shift",
            "components", "weight_covered", "units_ranked");

    private DashboardData() {
    }

    /** The page's data: the release, and per city (by code) its targets, county comparison and composite index. */
    public static Map<String, Object> build(ReleaseTables t, String generatedAt) {
        Map<String, Map<String, Object>> catalog = new HashMap<>();
        t.indicators().forEach(i -> catalog.put((String) i.get("indicator_id"), i));
        Map<CellKey, String> withheld = new HashMap<>();
        Map<String, String> cities = new TreeMap<>();
        Map<String, Integer> latest = new HashMap<>();
        for (Map<String, Object> v : t.indicatorValues()) {
            String region = (String) v.get("region_code");
            if ("x".equals(v.get("suppressed"))) {
                withheld.put(cell(v.get("indicator_id"), region, v.get("year")), (String) v.get("suppression_reason"));
            }
            if ("市".equals(v.get("region_level"))) {
                cities.put(region, (String) v.get("region_name"));
                if (v.get("value") != null) {
                    latest.merge(region, (Integer) v.get("year"), Math::max);
                }
            }
        }
        Map<String, String> cityOf = new HashMap<>();
        t.countyComparison().forEach(c -> cityOf.put((String) c.get("region_code"), (String) c.get("city_code")));
        t.compositeIndex().forEach(c -> cityOf.put((String) c.get("region_code"), (String) c.get("city_code")));
        cities.keySet().forEach(c -> cityOf.put(c, c));

        List<Map<String, Object>> cityList = new ArrayList<>();
        for (var city : cities.entrySet()) {
            String code = city.getKey();
            Integer year = latest.get(code);
            if (year == null) {
                continue;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("code", code);
            c.put("name", city.getValue());
            c.put("latest_year", year);
            c.put("targets", targets(t.targetGap(), code, year, cityOf, catalog, withheld, order(t.targetOrder())));
            c.put("comparison", comparison(t.countyComparison(), code, year, catalog, withheld));
            c.put("composite", composite(t.compositeIndex(), code, year));
            cityList.add(c);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("release", t.release());
        data.put("releases", t.releases());
        data.put("generated_at", generatedAt);
        data.put("cities", cityList);
        return data;
    }

    /** Targets in the order the target catalog declares them (the plans' own numbering). */
    private static Map<String, Integer> order(List<Map<String, Object>> targets) {
        Map<String, Integer> order = new HashMap<>();
        targets.forEach(t -> order.putIfAbsent((String) t.get("target_id"), order.size()));
        return order;
    }

    /** Every target of the city that has begun by its latest year: the row of that year, and the whole series. */
    static List<Map<String, Object>> targets(List<Map<String, Object>> gapRows, String city, int latestYear,
                                             Map<String, String> cityOf, Map<String, Map<String, Object>> catalog,
                                             Map<CellKey, String> withheld, Map<String, Integer> order) {
        Map<String, List<Map<String, Object>>> byTarget = new TreeMap<>(Comparator
                .comparing((String id) -> order.getOrDefault(id, Integer.MAX_VALUE)).thenComparing(id -> id));
        for (Map<String, Object> g : gapRows) {
            if (city.equals(cityOf(cityOf, (String) g.get("region_code")))) {
                byTarget.computeIfAbsent((String) g.get("target_id"), k -> new ArrayList<>()).add(g);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Map<String, Object>> rows : byTarget.values()) {
            rows.sort(Comparator.comparing(r -> (Integer) r.get("year")));
            Map<String, Object> now = null;
            for (Map<String, Object> r : rows) {
                if ((Integer) r.get("year") <= latestYear) {
                    now = r;
                }
            }
            if (now == null) {
                continue;
            }
            Map<String, Object> catalogRow = catalog.getOrDefault((String) now.get("indicator_id"), Map.of());
            boolean share = "share".equals(now.get("kind"));
            int decimals = share ? 1 : decimals(catalogRow);
            Map<String, Object> target = pick(now, TARGET_COLUMNS);
            target.put("unit_en", share ? "%" : catalogRow.get("unit_en"));
            target.put("decimals", decimals);
            Map<String, Object> row = pick(now, YEAR_COLUMNS);
            String reason = withheld.get(cell(now.get("indicator_id"), now.get("region_code"), now.get("year")));
            row.put("withheld", reason != null);
            row.put("withheld_reason", reason);
            target.put("latest", row);
            target.put("text", text(now, row, decimals, reason != null));
            List<Map<String, Object>> series = new ArrayList<>();
            boolean hasData = false;
            for (Map<String, Object> r : rows) {
                Map<String, Object> p = pick(r, List.of("year", "actual", "path_value", "status"));
                p.put("withheld", withheld.containsKey(cell(r.get("indicator_id"), r.get("region_code"), r.get("year"))));
                hasData |= r.get("actual") != null && (Integer) r.get("year") <= latestYear;
                series.add(p);
            }
            target.put("has_data", hasData);
            target.put("series", series);
            out.add(target);
        }
        // Targets with data first, in the catalog's order; the no-data ones after.
        out.sort(Comparator.comparing((Map<String, Object> m) -> !(Boolean) m.get("has_data")));
        return out;
    }

    /** The counties, districts and zones of the city in its latest year, one ranked list per indicator. */
    static List<Map<String, Object>> comparison(List<Map<String, Object>> rows, String city, int year,
                                                Map<String, Map<String, Object>> catalog, Map<CellKey, String> withheld) {
        Map<String, List<Map<String, Object>>> byIndicator = new TreeMap<>();
        for (Map<String, Object> r : rows) {
            if (city.equals(r.get("city_code")) && Objects.equals(r.get("year"), year)) {
                byIndicator.computeIfAbsent((String) r.get("indicator_id"), k -> new ArrayList<>()).add(r);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : byIndicator.entrySet()) {
            List<Map<String, Object>> units = e.getValue();
            Map<String, Object> first = units.get(0);
            int decimals = decimals(catalog.getOrDefault(e.getKey(), Map.of()));
            List<Map<String, Object>> shown = new ArrayList<>();
            boolean ratio = false;
            for (Map<String, Object> u : units) {
                Map<String, Object> s = pick(u, COMPARISON_UNIT_COLUMNS);
                String reason = withheld.get(cell(e.getKey(), u.get("region_code"), year));
                s.put("withheld", reason != null);
                s.put("text", reason != null ? "x" : num((BigDecimal) u.get("value"), decimals));
                ratio |= u.get("ratio_to_city") != null;
                if (u.get("value") != null || reason != null) {
                    shown.add(s);
                }
            }
            if (shown.isEmpty()) {
                continue;
            }
            // every unit at 0 (a source the city does not deliver yet, say): nothing to rank, named in a note instead
            boolean allZero = shown.stream().allMatch(u -> u.get("value") != null
                    && ((BigDecimal) u.get("value")).signum() == 0);
            shown.sort(Comparator.comparing((Map<String, Object> s) -> (Integer) s.get("rank"),
                    Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(s -> (String) s.get("region_code")));
            Map<String, Object> c = pick(first, List.of("indicator_id", "indicator_zh", "indicator_en", "unit", "year",
                    "city_value"));
            c.put("unit_en", catalog.getOrDefault(e.getKey(), Map.of()).get("unit_en"));
            c.put("decimals", decimals);
            c.put("ratio", ratio);
            c.put("all_zero", allZero);
            c.put("city_text", num((BigDecimal) first.get("city_value"), decimals));
            c.put("units", shown);
            out.add(c);
        }
        return out;
    }

    /** The composite index of the city's latest year with scores (or of the latest year before it that has any). */
    static Map<String, Object> composite(List<Map<String, Object>> rows, String city, int latestYear) {
        Integer year = null;
        for (Map<String, Object> r : rows) {
            Integer y = (Integer) r.get("year");
            if (city.equals(r.get("city_code")) && r.get("score") != null && y <= latestYear && (year == null || y > year)) {
                year = y;
            }
        }
        if (year == null) {
            return null;
        }
        List<Map<String, Object>> units = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            if (city.equals(r.get("city_code")) && year.equals(r.get("year"))) {
                out.putIfAbsent("index_id", r.get("index_id"));
                out.putIfAbsent("index_zh", r.get("index_zh"));
                out.putIfAbsent("index_en", r.get("index_en"));
                Map<String, Object> u = pick(r, COMPOSITE_UNIT_COLUMNS);
                u.put("text", num((BigDecimal) r.get("score"), 1));
                units.add(u);
            }
        }
        units.sort(Comparator.comparing((Map<String, Object> s) -> (Integer) s.get("rank"),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(s -> (String) s.get("region_code")));
        out.put("year", year);
        out.put("units", units);
        return out;
    }

    /** The target-gap table's cells as printed: the indicator's decimals (1 for shares), 95%, ≥50.00, x. */
    static Map<String, Object> text(Map<String, Object> g, Map<String, Object> row, int decimals, boolean withheld) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("base", g.get("base_year") == null ? "—" : g.get("base_year") + ": " + num((BigDecimal) g.get("base_value"), decimals));
        t.put("actual", withheld ? "x" : num((BigDecimal) row.get("actual"), decimals));
        BigDecimal max = (BigDecimal) g.get("target_max");
        t.put("target", max != null ? num((BigDecimal) g.get("target_value"), decimals) + "–" + num(max, decimals)
                : symbol((String) g.get("comparator")) + num((BigDecimal) g.get("target_value"), decimals));
        t.put("gap", num((BigDecimal) row.get("gap"), decimals));
        t.put("achieved_share", pct((BigDecimal) row.get("achieved_share")));
        t.put("path_value", num((BigDecimal) row.get("path_value"), decimals));
        t.put("growth_ratio", num((BigDecimal) row.get("growth_ratio"), 2));
        t.put("projected_value", num((BigDecimal) row.get("projected_value"), decimals));
        return t;
    }

    static String num(BigDecimal v, int decimals) {
        return v == null ? "—" : v.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    static String pct(BigDecimal share) {
        return share == null ? "—"
                : share.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    static String symbol(String comparator) {
        if (comparator == null) {
            return "";
        }
        return switch (comparator) {
            case ">=" -> "≥";
            case "<=" -> "≤";
            case "approx" -> "≈";
            case "range" -> "";
            default -> comparator;
        };
    }

    private static int decimals(Map<String, Object> catalogRow) {
        Object d = catalogRow.get("decimals");
        return d == null ? 2 : (Integer) d;
    }

    /** A zone or county belongs to the city the comparison put it in; otherwise to the city of its code's prefix. */
    private static String cityOf(Map<String, String> cityOf, String region) {
        String c = cityOf.get(region);
        if (c != null) {
            return c;
        }
        Set<String> cities = new HashSet<>(cityOf.values());
        return cities.stream().filter(x -> x.regionMatches(0, region, 0, 4)).findFirst().orElse(null);
    }

    private static Map<String, Object> pick(Map<String, Object> row, List<String> columns) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String c : columns) {
            if (row.containsKey(c)) {
                m.put(c, row.get(c));
            }
        }
        return m;
    }

    /** The cell of a row's indicator_id, region_code and year. */
    private static CellKey cell(Object indicator, Object region, Object year) {
        return CellKey.of((String) indicator, (String) region, (Integer) year);
    }
}
