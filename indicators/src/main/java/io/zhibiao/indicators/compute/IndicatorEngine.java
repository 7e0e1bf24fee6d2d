package io.zhibiao.indicators.compute;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.transforms.lake.DeltaTables;
import io.zhibiao.transforms.lake.Lake;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the catalog's measure queries over silver and hands the (small) results to {@link IndicatorMath}.
 * Spark does the heavy part — scanning and aggregating micro-records; everything after is plain Java.
 */
public final class IndicatorEngine {

    private static final Logger LOG = LoggerFactory.getLogger(IndicatorEngine.class);

    /**
     * What a run computed: the cities, the years, every value, and the measure rows behind them (by query text),
     * which disclosure control needs for contributor counts and largest contributions.
     */
    public record Result(List<CityRegions> cities, Map<String, Set<Integer>> coverage, List<IndicatorValue> values,
                         Map<String, List<MeasureRow>> measures) {
    }

    private final SparkSession spark;
    private final Lake lake;
    private final IndicatorCatalog catalog;

    public IndicatorEngine(SparkSession spark, Lake lake, IndicatorCatalog catalog) {
        this.spark = spark;
        this.lake = lake;
        this.catalog = catalog;
    }

    /** Spark's parser as the catalog's SQL check: why a query does not parse, or null. */
    public static String sqlProblem(SparkSession spark, String sql) {
        try {
            spark.sessionState().sqlParser().parsePlan(sql);
            return null;
        } catch (Exception e) {
            return e.getMessage().replaceAll("\\s+", " ");
        }
    }

    /** Needs the lake's tables registered (LakeCatalog.register). */
    public Result compute() {
        List<CityRegions> cities = cities();
        Map<String, Map<String, Set<Integer>>> coverage = coverage(cities);
        TreeSet<Integer> all = new TreeSet<>();
        coverage.values().forEach(byCity -> byCity.values().forEach(all::addAll));
        StructType cal = DataTypes.createStructType(List.of(DataTypes.createStructField("year", DataTypes.IntegerType, false)));
        spark.createDataFrame(all.stream().map(y -> (Row) org.apache.spark.sql.RowFactory.create(y)).toList(), cal)
                .createOrReplaceTempView("calendar");

        try {
            return measure(cities, coverage);
        } finally {
            // The view is the measures' alone; a session over the lake should not list it.
            spark.catalog().dropTempView("calendar");
        }
    }

    private Result measure(List<CityRegions> cities, Map<String, Map<String, Set<Integer>>> coverage) {
        Map<String, List<MeasureRow>> cache = new HashMap<>();
        List<IndicatorValue> values = new ArrayList<>();
        Map<String, Set<Integer>> byIndicator = new HashMap<>();
        for (Indicator ind : catalog.all()) {
            if (!ind.hasSource()) {
                continue;
            }
            long started = System.nanoTime();
            Map<String, Set<Integer>> years = coverage.getOrDefault(ind.coverage(), Map.of());
            Set<Integer> any = new TreeSet<>();
            years.values().forEach(any::addAll);
            byIndicator.put(ind.id(), any);
            List<String> missing = missingTables(ind);
            if (any.isEmpty() || !missing.isEmpty()) {
                // No delivery yet for what it counts: no data (not zero), and its queries are not run.
                LOG.info("{}: no data in this lake{}", ind.id(), missing.isEmpty() ? "" : " (no table " + missing + ")");
                continue;
            }
            List<MeasureRow> num = cache.computeIfAbsent(ind.numerator().sql(), sql -> run(ind, "numerator", sql));
            List<MeasureRow> den = ind.isRatio()
                    ? cache.computeIfAbsent(ind.denominator().sql(), sql -> run(ind, "denominator", sql)) : List.of();
            for (CityRegions city : cities) {
                values.addAll(IndicatorMath.compute(ind, years.getOrDefault(city.city().code(), Set.of()), city, num, den));
            }
            LOG.debug("{}: {} rows in {} ms", ind.id(), num.size(), (System.nanoTime() - started) / 1_000_000);
        }
        return new Result(cities, byIndicator, values, cache);
    }

    /** The silver tables an indicator's queries read that this lake does not have (yet). */
    private List<String> missingTables(Indicator ind) {
        return ind.silverTablesRead().stream().filter(t -> !DeltaTables.exists(spark, lake.silver(t)))
                .map(t -> "silver." + t).toList();
    }

    /**
     * Which years each city has data for, per coverage table: the delivery periods of the table's rows whose region
     * (its first {@code *_current} column) lies in the city. A table without a region column (patent status, say) covers a
     * city in the years it was delivered and the city delivered anything with a region. Years outside are no data.
     */
    private Map<String, Map<String, Set<Integer>>> coverage(List<CityRegions> cities) {
        Map<String, String> cityOf = new HashMap<>();
        for (CityRegions c : cities) {
            cityOf.put(c.city().code(), c.city().code());
            c.units().forEach(u -> cityOf.put(u.code(), c.city().code()));
        }
        Map<String, Map<String, Set<Integer>>> out = new HashMap<>();
        Map<String, Set<Integer>> cityYears = new HashMap<>();
        List<String> withoutRegion = new ArrayList<>();
        for (String table : catalog.coverageTables()) {
            String path = lake.silver(table.substring("silver.".length()));
            Map<String, Set<Integer>> byCity = new HashMap<>();
            out.put(table, byCity);
            if (!DeltaTables.exists(spark, path)) {
                continue;
            }
            var df = spark.read().format("delta").load(path);
            List<String> regionColumns = java.util.Arrays.stream(df.columns()).filter(c -> c.endsWith("_current")).toList();
            if (regionColumns.isEmpty()) {
                withoutRegion.add(table);
                continue;
            }
            // The first declared region column is the record's own place (a contract's seller, not its buyer).
            String regions = regionColumns.get(0);
            for (Row r : df.selectExpr("CAST(substring(_period, 1, 4) AS INT) AS y", regions + " AS r").distinct().collectAsList()) {
                String city = r.isNullAt(1) ? null : cityOf.get(r.getString(1));
                if (city != null) {
                    byCity.computeIfAbsent(city, k -> new TreeSet<>()).add(r.getInt(0));
                    cityYears.computeIfAbsent(city, k -> new TreeSet<>()).add(r.getInt(0));
                }
            }
        }
        for (String table : withoutRegion) {
            Set<Integer> delivered = periodYears(table);
            Map<String, Set<Integer>> byCity = out.get(table);
            cityYears.forEach((city, years) -> {
                Set<Integer> ys = new TreeSet<>(years);
                ys.retainAll(delivered);
                byCity.put(city, ys);
            });
        }
        return out;
    }

    private List<MeasureRow> run(Indicator ind, String part, String sql) {
        List<Row> rows;
        try {
            List<String> columns = java.util.Arrays.asList(spark.sql(sql).columns());
            boolean top = columns.contains("largest") && columns.contains("second_largest");
            String wrapped = "SELECT CAST(year AS INT) AS year, CAST(region_code AS STRING) AS region_code, "
                    + "CAST(value AS DECIMAL(38, 6)) AS value, CAST(units AS BIGINT) AS units"
                    + (top ? ", CAST(largest AS DECIMAL(38, 6)) AS largest, CAST(second_largest AS DECIMAL(38, 6)) AS second_largest"
                            : "")
                    + " FROM (" + sql + ") m";
            rows = spark.sql(wrapped).collectAsList();
        } catch (Exception e) {
            throw new IllegalStateException(catalog.file() + ": indicator '" + ind.id() + "', " + part
                    + ": the query fails on this lake: " + e.getMessage().replaceAll("\\s+", " "), e);
        }
        List<MeasureRow> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (r.isNullAt(0) || r.isNullAt(1)) {
                continue;
            }
            BigDecimal v = r.isNullAt(2) ? BigDecimal.ZERO : r.getDecimal(2);
            long units = r.isNullAt(3) ? 0 : r.getLong(3);
            if (r.size() > 4) {
                out.add(new MeasureRow(r.getInt(0), r.getString(1), v, units,
                        r.isNullAt(4) ? BigDecimal.ZERO : r.getDecimal(4), r.isNullAt(5) ? BigDecimal.ZERO : r.getDecimal(5)));
            } else {
                out.add(new MeasureRow(r.getInt(0), r.getString(1), v, units));
            }
        }
        return out;
    }

    /** Years a silver table has deliveries for (its rows' delivery periods). */
    private Set<Integer> periodYears(String table) {
        String path = lake.silver(table.substring("silver.".length()));
        Set<Integer> years = new TreeSet<>();
        if (!DeltaTables.exists(spark, path)) {
            return years;
        }
        spark.read().format("delta").load(path).selectExpr("CAST(substring(_period, 1, 4) AS INT) AS y").distinct()
                .collectAsList().forEach(r -> years.add(r.getInt(0)));
        return years;
    }

    /** Cities in silver.region (地级市 still valid) and their current units: counties, districts, functional zones. */
    public List<CityRegions> cities() {
        String path = lake.silver("region");
        if (!DeltaTables.exists(spark, path)) {
            throw new IllegalStateException("silver.region is missing: refine the region list before computing indicators");
        }
        List<Row> rows = spark.read().format("delta").load(path).filter("valid_to IS NULL")
                .select("region_code", "region_name", "region_kind", "parent_code").orderBy("region_code").collectAsList();
        List<CityRegions> cities = new ArrayList<>();
        for (Row c : rows) {
            if (!"地级市".equals(c.getString(2))) {
                continue;
            }
            List<CityRegions.Region> units = new ArrayList<>();
            for (Row u : rows) {
                if (c.getString(0).equals(u.getString(3))) {
                    units.add(new CityRegions.Region(u.getString(0), u.getString(1), u.getString(2)));
                }
            }
            cities.add(new CityRegions(new CityRegions.Region(c.getString(0), c.getString(1), c.getString(2)), units));
        }
        return cities;
    }
}
