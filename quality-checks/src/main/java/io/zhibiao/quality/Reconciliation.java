package io.zhibiao.quality;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.DeliveryCities;
import io.zhibiao.lake.CellKey;
import io.zhibiao.lake.Lake;
import io.zhibiao.transforms.source.SourceRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The release candidate against the lake, each with a query of its own rather than the indicator's SQL:
 * counties add up to the city; 高新技术企业 equal the certificates silver holds as valid; 技术合同成交额
 * equals the registered contracts; every published value is gold's, rounded as declared; every published value
 * has a delivery of its city and year behind it in bronze (a year the city did not deliver is never published as 0).
 */
public final class Reconciliation {

    private final SparkSession spark;
    private final Lake lake;
    private final QualityCatalog catalog;
    private final IndicatorCatalog indicators;
    private final SourceRegistry registry;

    public Reconciliation(SparkSession spark, Lake lake, QualityCatalog catalog, IndicatorCatalog indicators,
                          SourceRegistry registry) {
        this.spark = spark;
        this.lake = lake;
        this.catalog = catalog;
        this.indicators = indicators;
        this.registry = registry;
    }

    /** {@code gold} and {@code published}: the candidate's indicator_values tables. */
    public List<CheckResult> run(Dataset<Row> gold, Dataset<Row> published, List<CityRegions> cities) {
        List<Row> goldRows = gold.select("indicator_id", "region_code", "year", "value", "numerator").collectAsList();
        Map<String, String> cityOf = new HashMap<>();
        for (CityRegions c : cities) {
            c.units().forEach(u -> cityOf.put(u.code(), c.city().code()));
        }
        List<CheckResult> out = new ArrayList<>();
        out.add(additive(goldRows, cityOf, cities));
        for (CityRegions c : cities) {
            out.add(hte(goldRows, c));
            out.add(contracts(goldRows, c));
        }
        out.add(publishedEqualsGold(gold, published));
        out.add(deliveredBehind(published, cities));
        return out;
    }

    /**
     * Every published cell, zeros above all, has a delivery behind it: a bronze row of the indicator's coverage source
     * in that year's delivery period placed in the cell's city ({@link DeliveryCities} with no least share, the
     * weakest form of the rule the indicators cover years by). A year a city never delivered is never published.
     */
    private CheckResult deliveredBehind(Dataset<Row> published, List<CityRegions> cities) {
        DeliveryCities placing = new DeliveryCities(spark, lake, registry, cities);
        Map<String, Map<String, java.util.Set<Integer>>> deliveredBySource = new HashMap<>();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Row r : published.select("indicator_id", "region_code", "year", "value").collectAsList()) {
            Indicator ind = indicators.find(r.getString(0)).orElse(null);
            String city = r.isNullAt(1) ? null : placing.cityOf(r.getString(1));
            if (ind == null || ind.coverageTable().isEmpty() || city == null) {
                continue;
            }
            String table = ind.coverageTable().get().substring("silver.".length());
            checked++;
            if (!deliveredBySource.computeIfAbsent(table, t -> placing.coveredYears(t, 0))
                    .getOrDefault(city, java.util.Set.of()).contains(r.getInt(2))) {
                missing.add(shown(cell(r)) + ": 发布值 "
                        + (r.isNullAt(3) ? "（不予公布）" : r.getDecimal(3).stripTrailingZeros().toPlainString())
                        + "，但该市该年未报送 " + table + " 的数据");
            }
        }
        return result("QC-RECON-DELIVERED", "published.indicator_values", checked + " 个发布单元格", missing);
    }

    /** Numerators compared, not rounded values: 元 add up to the cent where 亿元 to six places may not. */
    private CheckResult additive(List<Row> gold, Map<String, String> cityOf, List<CityRegions> cities) {
        Map<CellKey, BigDecimal> countySums = new HashMap<>();
        // In cell order, so the mismatches listed first are the same from run to run.
        Map<CellKey, BigDecimal> cityValues = new TreeMap<>();
        for (Row r : gold) {
            Indicator ind = indicators.find(r.getString(0)).orElse(null);
            if (ind == null || !ind.additive() || r.isNullAt(4)) {
                continue;
            }
            String region = r.getString(1);
            int year = r.getInt(2);
            if (cityOf.containsKey(region)) {
                countySums.merge(CellKey.of(ind.id(), cityOf.get(region), year), r.getDecimal(4), BigDecimal::add);
            } else if (cities.stream().anyMatch(c -> c.city().code().equals(region))) {
                cityValues.put(CellKey.of(ind.id(), region, year), r.getDecimal(4));
            }
        }
        List<String> mismatches = new ArrayList<>();
        for (var e : cityValues.entrySet()) {
            BigDecimal sum = countySums.getOrDefault(e.getKey(), BigDecimal.ZERO);
            if (sum.compareTo(e.getValue()) != 0) {
                mismatches.add(shown(e.getKey()) + ": 县区合计 " + sum.toPlainString() + " ≠ 全市 " + e.getValue().toPlainString());
            }
        }
        return result("QC-RECON-ADDITIVE", "gold.indicator_values", cityValues.size() + " 个指标×年度", mismatches);
    }

    private CheckResult hte(List<Row> gold, CityRegions city) {
        String units = city.units().stream().map(u -> "'" + u.code() + "'").collect(Collectors.joining(","));
        // Valid at year end: issued less than three years before 31 December, and not revoked by then.
        Map<Integer, Long> silver = new HashMap<>();
        for (Row r : spark.sql("SELECT y.year, count(h.certificate_no) FROM (SELECT DISTINCT year FROM ("
                + "SELECT explode(sequence(min(year(issued_on)), max(year(issued_on)))) AS year FROM silver.hte_certificate)) y "
                + "JOIN silver.hte_certificate h ON h.issued_on > add_months(make_date(y.year, 12, 31), -36) "
                + "AND h.issued_on <= make_date(y.year, 12, 31) AND (h.revoked_on IS NULL OR h.revoked_on > make_date(y.year, 12, 31)) "
                + "JOIN silver.enterprise e ON e.credit_code = h.credit_code AND e.county_code_current IN (" + units + ") "
                + "GROUP BY y.year").collectAsList()) {
            silver.put(r.getInt(0), r.getLong(1));
        }
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Row r : gold) {
            if (r.getString(0).equals("hte_count") && r.getString(1).equals(city.city().code()) && !r.isNullAt(3)) {
                compared++;
                long expected = silver.getOrDefault(r.getInt(2), 0L);
                if (r.getDecimal(3).longValue() != expected) {
                    mismatches.add(r.getInt(2) + "年: gold " + r.getDecimal(3).longValue() + " ≠ silver 有效证书 " + expected);
                }
            }
        }
        return result("QC-RECON-HTE", "gold.indicator_values", city.city().name() + " " + compared + " 个年度", mismatches);
    }

    private CheckResult contracts(List<Row> gold, CityRegions city) {
        String units = city.units().stream().map(u -> "'" + u.code() + "'").collect(Collectors.joining(","));
        Map<Integer, BigDecimal> silver = new HashMap<>();
        for (Row r : spark.sql("SELECT year(registered_on), sum(contract_amount) FROM silver.tech_contract "
                + "WHERE seller_region_code_current IN (" + units + ") GROUP BY year(registered_on)").collectAsList()) {
            silver.put(r.getInt(0), r.getDecimal(1));
        }
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Row r : gold) {
            if (r.getString(0).equals("contract_turnover") && r.getString(1).equals(city.city().code())) {
                compared++;
                BigDecimal expected = silver.getOrDefault(r.getInt(2), BigDecimal.ZERO);
                if (r.getDecimal(4).compareTo(expected) != 0) {
                    mismatches.add(r.getInt(2) + "年: gold " + r.getDecimal(4).toPlainString() + " 元 ≠ silver 合同金额 "
                            + expected.toPlainString() + " 元");
                }
            }
        }
        return result("QC-RECON-CONTRACTS", "gold.indicator_values", city.city().name() + " " + compared + " 个年度", mismatches);
    }

    private CheckResult publishedEqualsGold(Dataset<Row> gold, Dataset<Row> published) {
        Map<CellKey, BigDecimal> goldValues = new HashMap<>();
        for (Row r : gold.select("indicator_id", "region_code", "year", "value").collectAsList()) {
            goldValues.put(cell(r), r.isNullAt(3) ? null : r.getDecimal(3));
        }
        List<String> mismatches = new ArrayList<>();
        boolean flagged = java.util.Arrays.asList(published.columns()).contains("suppressed");
        List<Row> pub = published.select(org.apache.spark.sql.functions.col("indicator_id"), org.apache.spark.sql.functions.col("region_code"),
                org.apache.spark.sql.functions.col("year"), org.apache.spark.sql.functions.col("value"),
                flagged ? org.apache.spark.sql.functions.col("suppressed") : org.apache.spark.sql.functions.lit(null).cast("string"))
                .collectAsList();
        for (Row r : pub) {
            CellKey key = cell(r);
            if (!r.isNullAt(4)) {
                // Withheld by disclosure control: there is no published value to compare, by design.
                if (!r.isNullAt(3)) {
                    mismatches.add(shown(key) + ": 标记为不予公布却有发布值");
                }
                continue;
            }
            if (!goldValues.containsKey(key)) {
                mismatches.add(shown(key) + ": 不在 gold 中");
                continue;
            }
            BigDecimal g = goldValues.get(key);
            BigDecimal p = r.isNullAt(3) ? null : r.getDecimal(3);
            int decimals = indicators.find(r.getString(0)).map(Indicator::decimals).orElse(6);
            BigDecimal expected = g == null ? null : g.setScale(decimals, RoundingMode.HALF_UP);
            if (expected == null ? p != null : p == null || expected.compareTo(p) != 0) {
                mismatches.add(shown(key) + ": 发布 " + p + " ≠ gold " + expected);
            }
        }
        return result("QC-RECON-PUBLISHED", "published.indicator_values", pub.size() + " 个发布单元格", mismatches);
    }

    /** The cell of a row that starts with indicator_id, region_code, year. */
    private static CellKey cell(Row r) {
        return CellKey.of(r.getString(0), r.getString(1), r.getInt(2));
    }

    /** A cell as the check's messages show it: indicator|region|year. */
    private static String shown(CellKey c) {
        return String.join("|", c.indicatorId(), c.regionCode(), Integer.toString(c.year()));
    }

    private CheckResult result(String rule, String table, String scope, List<String> mismatches) {
        Severity s = catalog.reconSeverity(rule);
        return new CheckResult("reconciliation", table, rule, "reconcile", "*", catalog.reconWhat(rule),
                mismatches.isEmpty() ? scope + " 全部一致" : mismatches.size() + " 处不一致（共 " + scope + "）",
                mismatches.isEmpty() ? CheckResult.Outcome.PASS : CheckResult.failed(s), s, mismatches.size(),
                mismatches.stream().limit(5).toList(), mismatches.isEmpty() ? "" : String.join("；", mismatches.stream().limit(3).toList()));
    }
}
