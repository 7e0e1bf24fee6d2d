package io.zhibiao.indicators.compute;

import io.zhibiao.lake.ZhibiaoErrors;
import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.lake.Concurrently;
import io.zhibiao.lake.Progress;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.SessionScope;
import io.zhibiao.transforms.source.SourceRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
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
    private final SourceRegistry registry;
    /** The name of this run's years (the catalog's {@code calendar}) while {@link #compute} runs. */
    private String calendarView;
    /** Whether a measure query whose inputs are unchanged since the last run gives its kept rows ({@link MeasureCache}). */
    private boolean reuse = true;

    public IndicatorEngine(SparkSession spark, Lake lake, IndicatorCatalog catalog) {
        this(spark, lake, catalog, SourceRegistry.loadDefault());
    }

    /** {@code registry} declares the silver tables' region, credit-code and reference columns coverage places rows by. */
    public IndicatorEngine(SparkSession spark, Lake lake, IndicatorCatalog catalog, SourceRegistry registry) {
        this.spark = spark;
        this.lake = lake;
        this.catalog = catalog;
        this.registry = registry;
    }

    /**
     * With {@code false}, every measure query runs, whatever the last run kept ({@code --full}); the rows are kept
     * for the next run either way.
     */
    public IndicatorEngine reusing(boolean reuse) {
        this.reuse = reuse;
        return this;
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
        // The catalog's queries say `calendar`; each run's years are a view of its own scope (another engine in the
        // session has its own), given to the queries under that name by a CTE (see run), and gone after the run.
        try (SessionScope scope = SessionScope.open(spark)) {
            calendarView = scope.tempView("calendar",
                    spark.createDataFrame(all.stream().map(y -> (Row) org.apache.spark.sql.RowFactory.create(y)).toList(), cal));
            return measure(cities, coverage, all);
        } finally {
            calendarView = null;
        }
    }

    /** The first indicator in catalog order that uses a measure query, and which part of it the query is. */
    private record Use(Indicator indicator, String part) {
    }

    /**
     * One pass decides which indicators have data (logging those without); the distinct measure queries they need
     * then run side by side ({@link Concurrently}) — a query that fails is reported for the first indicator in catalog
     * order that uses it, as when run in turn — and a last pass turns their rows into values per city.
     */
    private Result measure(List<CityRegions> cities, Map<String, Map<String, Set<Integer>>> coverage, Set<Integer> calendar) {
        Map<String, Set<Integer>> byIndicator = new HashMap<>();
        List<Indicator> withData = new ArrayList<>();
        Map<String, Use> uses = new java.util.LinkedHashMap<>();
        for (Indicator ind : catalog.all()) {
            if (!ind.hasSource()) {
                continue;
            }
            Set<Integer> any = new TreeSet<>();
            coverage.getOrDefault(ind.coverage(), Map.of()).values().forEach(any::addAll);
            byIndicator.put(ind.id(), any);
            List<String> missing = missingTables(ind);
            if (any.isEmpty() || !missing.isEmpty()) {
                // No delivery yet for what it counts: no data (not zero), and its queries are not run.
                LOG.info("{}: no data in this lake{}", ind.id(), missing.isEmpty() ? "" : " (no table " + missing + ")");
                continue;
            }
            withData.add(ind);
            uses.putIfAbsent(ind.numerator().sql(), new Use(ind, "numerator"));
            if (ind.isRatio()) {
                uses.putIfAbsent(ind.denominator().sql(), new Use(ind, "denominator"));
            }
        }
        Map<String, List<MeasureRow>> rows = rows(uses, calendar);
        List<IndicatorValue> values = new ArrayList<>();
        for (Indicator ind : withData) {
            Map<String, Set<Integer>> years = coverage.getOrDefault(ind.coverage(), Map.of());
            List<MeasureRow> num = rows.get(ind.numerator().sql());
            List<MeasureRow> den = ind.isRatio() ? rows.get(ind.denominator().sql()) : List.of();
            for (CityRegions city : cities) {
                values.addAll(IndicatorMath.compute(ind, years.getOrDefault(city.city().code(), Set.of()), city, num, den));
            }
            LOG.debug("{}: {} measure rows", ind.id(), num.size());
        }
        return new Result(cities, byIndicator, values, rows);
    }

    /** The silver tables an indicator's queries read that this lake does not have (yet). */
    private List<String> missingTables(Indicator ind) {
        return ind.silverTablesRead().stream().filter(t -> !DeltaTables.exists(spark, lake.silver(t)))
                .map(t -> "silver." + t).toList();
    }

    /**
     * Which years each city has data for, per coverage table: coverage is per source, city (the delivering
     * department) and delivery period. Each row of the table is placed in a city by {@link DeliveryCities}: its own
     * region, else its firm's credit code, else the record it refers to. A delivered file covers, in its period, every
     * city holding at least {@link DeliveryCities#MIN_SHARE} of its placed rows — the department's own city, or each
     * city of a provincial file; a few firms of another city in a city's file do not make that city delivered.
     * Years no file of the city covers are no data, never zero.
     */
    private Map<String, Map<String, Set<Integer>>> coverage(List<CityRegions> cities) {
        // the engine runs in commands that write the lake: the counts read from bronze are kept for the next run
        DeliveryCities placing = new DeliveryCities(spark, lake, registry, cities, true, reuse);
        Map<String, Map<String, Set<Integer>>> out = new HashMap<>();
        out.putAll(Concurrently.map(spark, List.copyOf(catalog.coverageTables()),
                table -> placing.coveredYears(table.substring("silver.".length()))));
        return out;
    }

    /** A measure query analysed and wrapped in the casts every query's rows get, with its key if it has one. */
    private record Prepared(Use use, Dataset<Row> query, Optional<String> key) {
    }

    /**
     * The rows of every distinct measure query: those whose key the last run kept ({@link MeasureCache}) as kept,
     * the others run side by side; then the cache holds this run's keys for the next.
     */
    private Map<String, List<MeasureRow>> rows(Map<String, Use> uses, Set<Integer> years) {
        MeasureCache cache = new MeasureCache(spark, lake);
        List<String> queries = List.copyOf(uses.keySet());
        Map<String, Prepared> prepared = Concurrently.map(spark, queries, sql -> prepare(cache, uses.get(sql), sql, years));
        Set<String> keys = new TreeSet<>();
        prepared.values().forEach(p -> p.key().ifPresent(keys::add));
        Map<String, List<MeasureRow>> kept = reuse ? cache.read(keys) : Map.of();
        Map<String, List<MeasureRow>> rows;
        try (Progress.Stage progress = Progress.start("measure queries", queries.size(), "queries")) {
            rows = new HashMap<>(Concurrently.map(spark, queries, sql -> {
                Prepared p = prepared.get(sql);
                boolean wasKept = p.key().filter(kept::containsKey).isPresent();
                List<MeasureRow> got = wasKept ? kept.get(p.key().get()) : collect(p);
                progress.step(wasKept ? "kept" : "run", got.size());
                return got;
            }));
        }
        long reused = prepared.values().stream().filter(p -> p.key().filter(kept::containsKey).isPresent()).count();
        Map<String, List<MeasureRow>> all = rows;
        LOG.info("measure queries: {} kept from the last run (tables read unchanged), {} run", reused,
                queries.size() - reused);
        if (!kept.keySet().equals(keys)) {
            Map<String, List<MeasureRow>> byKey = new java.util.TreeMap<>();
            prepared.forEach((sql, p) -> p.key().ifPresent(k -> byKey.put(k, all.get(sql))));
            cache.write(byKey);
        }
        return rows;
    }

    private Prepared prepare(MeasureCache cache, Use use, String sql, Set<Integer> years) {
        Dataset<Row> query;
        String wrapped;
        try {
            String withCalendar = "WITH calendar AS (SELECT year FROM " + calendarView + ") ";
            Dataset<Row> inner = spark.sql(withCalendar + "SELECT * FROM (" + sql + ") m");
            List<String> columns = java.util.Arrays.asList(inner.columns());
            List<String> casts = new ArrayList<>(List.of("CAST(year AS INT) AS year",
                    "CAST(region_code AS STRING) AS region_code", "CAST(value AS DECIMAL(38, 6)) AS value",
                    "CAST(units AS BIGINT) AS units"));
            if (columns.contains("largest") && columns.contains("second_largest")) {
                casts.add("CAST(largest AS DECIMAL(38, 6)) AS largest");
                casts.add("CAST(second_largest AS DECIMAL(38, 6)) AS second_largest");
            }
            wrapped = String.join(", ", casts) + " FROM (" + sql + ")";
            query = inner.selectExpr(casts.toArray(new String[0]));
        } catch (Exception e) {
            throw failed(use, e);
        }
        return new Prepared(use, query, cache.key(query, wrapped, years));
    }

    private RuntimeException failed(Use use, Exception e) {
        return ZhibiaoErrors.indicatorQueryFails(catalog.file(), use.indicator().id(), use.part(),
                String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
    }

    private List<MeasureRow> collect(Prepared p) {
        List<Row> rows;
        try {
            rows = p.query().collectAsList();
        } catch (Exception e) {
            throw failed(p.use(), e);
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

    /** Cities in silver.region (地级市 still valid) and their current units: counties, districts, functional zones. */
    public List<CityRegions> cities() {
        String path = lake.silver("region");
        if (!DeltaTables.exists(spark, path)) {
            throw ZhibiaoErrors.regionsMissingForIndicators();
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
