package io.zhibiao.indicators.compute;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.ColumnType;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which city delivered what, for which period: the coverage of a source per city and year, read from bronze, where
 * every delivered row stays with its file and period (silver keeps only the latest version of a record, so a period
 * whose records were all re-delivered later would vanish from it).
 *
 * <p>A row is placed in a city by what the sources declare (sources.yaml), from its values as delivered:
 * <ol>
 *   <li>its first region column (a retired county's code still names its city by its first four digits);</li>
 *   <li>else its first credit-code column: characters 3–8 of a 统一社会信用代码 are the registering county, whose
 *       first four digits are its city's (GB 32100, GB/T 2260);</li>
 *   <li>else a column that {@code references} another source whose rows have a region (a patent's legal status
 *       is placed where the patent is).</li>
 * </ol>
 * Rows are counted per delivered file and delivery period; the file
 * covers, in its period, each city holding at least {@link #MIN_SHARE} of the file's placed rows. One city's file
 * therefore covers that city alone even when a few of its firms were registered in another city, and a provincial
 * file covers every city in it. A city no file covers in a year has no data that year: not zero.
 */
public final class DeliveryCities {

    /** The least share of a file's placed rows that makes the file a delivery for a city. */
    public static final double MIN_SHARE = 0.05;

    private final SparkSession spark;
    private final Lake lake;
    private final SourceRegistry registry;
    private final boolean keep;
    private final boolean reuse;
    private final Map<String, String> cityOfUnit = new HashMap<>();
    private final Map<String, String> cityOfPrefix = new HashMap<>();

    public DeliveryCities(SparkSession spark, Lake lake, SourceRegistry registry, List<CityRegions> cities) {
        this(spark, lake, registry, cities, false, true);
    }

    /**
     * As the other constructor; with {@code keep}, row counts read from bronze are kept in the lake for the next run
     * ({@link #counts}): only a command that writes the lake (and holds its writer lock) keeps them. With
     * {@code reuse} false ({@code --full}), every source's counts are read from bronze, whatever was kept.
     */
    public DeliveryCities(SparkSession spark, Lake lake, SourceRegistry registry, List<CityRegions> cities, boolean keep,
                          boolean reuse) {
        this.keep = keep;
        this.reuse = reuse;
        this.spark = spark;
        this.lake = lake;
        this.registry = registry;
        for (CityRegions c : cities) {
            String city = c.city().code();
            cityOfUnit.put(city, city);
            c.units().forEach(u -> cityOfUnit.put(u.code(), city));
            cityOfPrefix.put(city.substring(0, 4), city);
        }
    }

    /** The city of a region or county code: a current unit's city, else the city its first four digits name. */
    public String cityOf(String code) {
        if (code == null || code.length() < 4) {
            return null;
        }
        String city = cityOfUnit.get(code);
        return city != null ? city : cityOfPrefix.get(code.substring(0, 4));
    }

    /** Years each city delivered the source of {@code silverTable} (a name such as "tech_sme"), by the rule of the class. */
    public Map<String, Set<Integer>> coveredYears(String silverTable) {
        return coveredYears(silverTable, MIN_SHARE);
    }

    /**
     * As {@link #coveredYears(String)} with another least share; 0 makes any placed row of a file a delivery for its
     * city (the quality gate's necessary condition).
     */
    public Map<String, Set<Integer>> coveredYears(String silverTable, double minShare) {
        SourceSpec source = registry.bySilver(silverTable).orElseThrow(() -> new IllegalStateException(
                "silver." + silverTable + " is no source's table in " + registry.file() + ": its deliveries are unknown"));
        if (!DeltaTables.exists(spark, lake.bronze(source.id()))) {
            return new TreeMap<>();
        }
        Delivered d = delivered(source);
        return cover(d.counts(), d.files(), this::cityOf, minShare);
    }

    /** A source's placed rows per file, year and place, and its delivered files with their years. */
    private record Delivered(List<FileRows> counts, Map<String, Integer> files) {
    }

    /**
     * What a source's deliveries were. The files come from {@code audit/files}, read once for every source
     * ({@link #deliveredFiles}). The row counts, the part that reads bronze, are read at most once per version of the
     * tables they come from ({@link #counts}): the engine's coverage and the quality gate's check on it read the same
     * bronze in one run, and a run after one new delivery changes one source's bronze.
     */
    private Delivered delivered(SourceSpec source) {
        return new Delivered(counts(source), deliveredFiles().getOrDefault(source.id(), Map.of()));
    }

    /** Changes when what {@link #counts} keeps or how its keys are made changes: older kept counts then never match. */
    private static final String FORMAT = "zhibiao delivery counts 1";

    /**
     * A source's placed rows per file, year and place. Keyed by the source's declared columns and by each bronze table
     * the rows are read from (the source's, and that of a source it references), by name in the zone and Delta identity (table id and version, {@link
     * DeltaTables#identity}): a table written since, or another table at the same place, is another key; a lake copied
     * or moved elsewhere keeps its keys. Held in this JVM for the last few keys, and kept for the next run in
     * {@code lake/_cache/deliveries/<source>.json} when this placing was made to keep them (the constructor's {@code keep}).
     */
    private List<FileRows> counts(SourceSpec source) {
        List<String> tables = new java.util.ArrayList<>(List.of(lake.bronze(source.id())));
        for (ColumnSpec c : source.columns()) {
            registry.bySilver(c.references() == null ? "" : c.references())
                    .ifPresent(t -> tables.add(lake.bronze(t.id())));
        }
        StringBuilder text = new StringBuilder(FORMAT).append('\n').append(source.id());
        // the columns that place a row (sources.yaml): another declaration places the same rows elsewhere
        source.columns().forEach(c -> text.append('\n').append(c.name()).append(':').append(c.type()).append(':')
                .append(c.references()));
        tables.forEach(t -> text.append('\n').append(lake.relative(t)).append('=')
                .append(DeltaTables.identity(spark, t).orElse("none")));
        String key = io.zhibiao.indicators.catalog.IndicatorCatalog.sha256(
                text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        synchronized (COUNTS) {
            List<FileRows> known = reuse ? COUNTS.get(key) : null;
            if (known != null) {
                return known;
            }
        }
        KeptCounts kept = new KeptCounts(spark, lake.cache("deliveries") + "/" + source.id() + ".json");
        List<FileRows> counts = reuse ? kept.read(key).orElse(null) : null;
        if (counts == null) {
            counts = read(source);
            if (keep) {
                kept.write(key, counts);
            }
        }
        synchronized (COUNTS) {
            COUNTS.put(key, counts);
        }
        return counts;
    }

    /** The last few sources' row counts read in this JVM, by {@link #counts}'s key. */
    private static final Map<String, List<FileRows>> COUNTS = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<FileRows>> eldest) {
            return size() > 64;
        }
    };

    /** Drops the counts held in this JVM, as a new JVM starts (tests of what is kept in the lake). */
    static void forgetHeldCounts() {
        synchronized (COUNTS) {
            COUNTS.clear();
        }
    }

    private Map<String, Map<String, Integer>> deliveredBySource;

    /**
     * Every file ingested, by source, with the year of its period: one read of {@code audit/files} for all sources
     * (an empty file is a delivery and has no bronze row, so the files are read from here, not from bronze).
     */
    private synchronized Map<String, Map<String, Integer>> deliveredFiles() {
        if (deliveredBySource == null) {
            Map<String, Map<String, Integer>> out = new HashMap<>();
            if (DeltaTables.exists(spark, lake.files())) {
                for (Row r : spark.read().format("delta").load(lake.files())
                        .selectExpr("source", "source_file", "CAST(substring(period, 1, 4) AS INT)").collectAsList()) {
                    if (!r.isNullAt(0) && !r.isNullAt(2)) {
                        out.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getInt(2));
                    }
                }
            }
            out.replaceAll((k, v) -> java.util.Collections.unmodifiableMap(v));
            deliveredBySource = out;
        }
        return deliveredBySource;
    }

    private List<FileRows> read(SourceSpec source) {
        Dataset<Row> placed = placed(source);
        if (placed == null) {
            throw io.zhibiao.lake.ZhibiaoErrors.sourceWithoutPlace(source.id(), registry.file());
        }
        List<FileRows> counts = new java.util.ArrayList<>();
        for (Row r : placed.groupBy("file", "year", "place").count().collectAsList()) {
            if (!r.isNullAt(1)) {
                counts.add(new FileRows(r.getString(0), r.getInt(1), r.isNullAt(2) ? null : r.getString(2), r.getLong(3)));
            }
        }
        return List.copyOf(counts);
    }

    /** How many rows of a delivered file, in its delivery year, one place code holds. */
    public record FileRows(String file, int year, String place, long rows) {
    }

    /**
     * The years each city delivered: a file covers, in its year, every city with at least {@code minShare} of the
     * file's rows that {@code cityOf} places (rows it cannot place count for no city and not in the total). A delivered
     * file none of whose rows can be placed — above all an empty one, a department's "none this year" — covers the
     * cities of its series: the files of the same source whose names are the same once the year is taken out
     * ({@code hte_certificates_410700_2019.csv} is in the series of {@code hte_certificates_410700_2018.csv}).
     *
     * @param delivered every file ingested for the source (empty ones included), with the year of its period
     */
    public static Map<String, Set<Integer>> cover(List<FileRows> counts, Map<String, Integer> delivered,
                                                  java.util.function.Function<String, String> cityOf, double minShare) {
        Map<String, Map<String, Long>> perFile = new HashMap<>();
        Map<String, Integer> yearOf = new HashMap<>();
        Map<String, String> seriesOf = new HashMap<>();
        for (FileRows f : counts) {
            String file = f.file() + "@" + f.year();
            yearOf.put(file, f.year());
            seriesOf.put(file, series(f.file(), f.year()));
            String city = f.place() == null ? null : cityOf.apply(f.place());
            if (city != null) {
                perFile.computeIfAbsent(file, k -> new HashMap<>()).merge(city, f.rows(), Long::sum);
            }
        }
        Map<String, Set<Integer>> out = new TreeMap<>();
        Map<String, Set<String>> seriesCities = new HashMap<>();
        perFile.forEach((file, byCity) -> {
            long total = byCity.values().stream().mapToLong(Long::longValue).sum();
            byCity.forEach((city, rows) -> {
                if (rows > 0 && rows >= minShare * total) {
                    out.computeIfAbsent(city, k -> new TreeSet<>()).add(yearOf.get(file));
                    seriesCities.computeIfAbsent(seriesOf.get(file), k -> new TreeSet<>()).add(city);
                }
            });
        });
        delivered.forEach((file, year) -> {
            if (!perFile.containsKey(file + "@" + year)) {
                for (String city : seriesCities.getOrDefault(series(file, year), Set.of())) {
                    out.computeIfAbsent(city, k -> new TreeSet<>()).add(year);
                }
            }
        });
        return out;
    }

    /** A file's series: its name without folders and without the year of its period. */
    static String series(String file, int year) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.replaceFirst(String.valueOf(year), "");
    }

    /**
     * file, year (of the delivery period) and place (a region or county code, as delivered) of every bronze row of
     * {@code source}, or null where nothing places its rows.
     */
    private Dataset<Row> placed(SourceSpec source) {
        Dataset<Row> rows = spark.read().format("delta").load(lake.bronze(source.id()));
        String file = "_source_file AS file";
        String year = "CAST(substring(_period, 1, 4) AS INT) AS year";
        Optional<String> region = regionColumn(source);
        if (region.isPresent()) {
            return rows.selectExpr(file, year, "trim(" + quote(region.get()) + ") AS place");
        }
        Optional<ColumnSpec> creditCode = source.columns().stream().filter(c -> c.type() == ColumnType.CREDIT_CODE).findFirst();
        if (creditCode.isPresent()) {
            return rows.selectExpr(file, year, "substring(upper(trim(" + quote(creditCode.get().name()) + ")), 3, 6) AS place");
        }
        for (ColumnSpec c : source.columns()) {
            Optional<SourceSpec> target = c.references() == null ? Optional.empty() : registry.bySilver(c.references());
            Optional<String> targetRegion = target.flatMap(this::regionColumn);
            if (targetRegion.isEmpty() || target.get().key().size() != 1
                    || !DeltaTables.exists(spark, lake.bronze(target.get().id()))) {
                continue;
            }
            Dataset<Row> places = spark.read().format("delta").load(lake.bronze(target.get().id()))
                    .selectExpr("trim(" + quote(target.get().key().get(0)) + ") AS ref_key",
                            "trim(" + quote(targetRegion.get()) + ") AS place")
                    .dropDuplicates("ref_key");
            return rows.selectExpr(file, year, "trim(" + quote(c.name()) + ") AS ref_key")
                    .join(places, "ref_key", "left").select("file", "year", "place");
        }
        return null;
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private Optional<String> regionColumn(SourceSpec s) {
        return s.columns().stream().filter(c -> c.type() == ColumnType.REGION_CODE).map(ColumnSpec::name).findFirst();
    }
}
