package io.zhibiao.indicators.compute;

import io.zhibiao.transforms.lake.DeltaTables;
import io.zhibiao.transforms.lake.Lake;
import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.ColumnType;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.util.Arrays;
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
 * Which city delivered what, for which period: the coverage of a silver table per city and year.
 *
 * <p>A row of a silver table is placed in a city by what the sources declare (sources.yaml):
 * <ol>
 *   <li>its first region column, on current boundaries ({@code <column>_current});</li>
 *   <li>else its first credit-code column: characters 3–8 of a 统一社会信用代码 are the registering county, whose
 *       first four digits are its city's (GB 32100, GB/T 2260);</li>
 *   <li>else a column that {@code references} another source whose rows have a region (a patent's legal status
 *       is placed where the patent is).</li>
 * </ol>
 * Rows are counted per delivered file (the {@code _source_file} that holds them) and delivery period; the file
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
    private final Map<String, String> cityOfUnit = new HashMap<>();
    private final Map<String, String> cityOfPrefix = new HashMap<>();

    public DeliveryCities(SparkSession spark, Lake lake, SourceRegistry registry, List<CityRegions> cities) {
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

    /** Years each city delivered {@code silverTable} (a name such as "tech_sme"), by the rule of the class. */
    public Map<String, Set<Integer>> coveredYears(String silverTable) {
        String path = lake.silver(silverTable);
        if (!DeltaTables.exists(spark, path)) {
            return new TreeMap<>();
        }
        Dataset<Row> placed = placed(silverTable, spark.read().format("delta").load(path));
        if (placed == null) {
            throw new IllegalStateException("silver." + silverTable + " has no region, credit-code or referenced column"
                    + " to tell which city delivered its rows; declare one in " + registry.file());
        }
        List<FileRows> counts = new java.util.ArrayList<>();
        for (Row r : placed.groupBy("file", "year", "place").count().collectAsList()) {
            if (!r.isNullAt(1)) {
                counts.add(new FileRows(r.getString(0), r.getInt(1), r.isNullAt(2) ? null : r.getString(2), r.getLong(3)));
            }
        }
        return cover(counts, this::cityOf);
    }

    /** How many rows of a delivered file, in its delivery year, one place code holds. */
    public record FileRows(String file, int year, String place, long rows) {
    }

    /**
     * The years each city delivered: a file covers, in its year, every city with at least {@link #MIN_SHARE} of the
     * file's rows that {@code cityOf} places (rows it cannot place count for no city and not in the total).
     */
    public static Map<String, Set<Integer>> cover(List<FileRows> counts, java.util.function.Function<String, String> cityOf) {
        Map<String, Map<String, Long>> perFile = new HashMap<>();
        Map<String, Integer> yearOf = new HashMap<>();
        for (FileRows f : counts) {
            String file = f.file() + "@" + f.year();
            yearOf.put(file, f.year());
            String city = f.place() == null ? null : cityOf.apply(f.place());
            if (city != null) {
                perFile.computeIfAbsent(file, k -> new HashMap<>()).merge(city, f.rows(), Long::sum);
            }
        }
        Map<String, Set<Integer>> out = new TreeMap<>();
        perFile.forEach((file, byCity) -> {
            long total = byCity.values().stream().mapToLong(Long::longValue).sum();
            byCity.forEach((city, rows) -> {
                if (rows >= MIN_SHARE * total) {
                    out.computeIfAbsent(city, k -> new TreeSet<>()).add(yearOf.get(file));
                }
            });
        });
        return out;
    }

    /** file, year (of the delivery period) and place (a region or county code) of every row, or null if unplaceable. */
    private Dataset<Row> placed(String silverTable, Dataset<Row> rows) {
        String file = "_source_file AS file";
        String year = "CAST(substring(_period, 1, 4) AS INT) AS year";
        Optional<SourceSpec> spec = registry.bySilver(silverTable);
        List<String> columns = Arrays.asList(rows.columns());
        Optional<String> region = spec.flatMap(this::regionColumn).map(c -> c + "_current").filter(columns::contains);
        if (region.isEmpty() && spec.isEmpty()) {
            // a table no source declares: its first current-boundary region column, as the lake holds it
            region = columns.stream().filter(c -> c.endsWith("_current")).findFirst();
        }
        if (region.isPresent()) {
            return rows.selectExpr(file, year, "CAST(" + region.get() + " AS STRING) AS place");
        }
        if (spec.isEmpty()) {
            return null;
        }
        Optional<ColumnSpec> creditCode = spec.get().columns().stream().filter(c -> c.type() == ColumnType.CREDIT_CODE)
                .filter(c -> columns.contains(c.name())).findFirst();
        if (creditCode.isPresent()) {
            return rows.selectExpr(file, year, "substring(" + creditCode.get().name() + ", 3, 6) AS place");
        }
        for (ColumnSpec c : spec.get().columns()) {
            if (c.references() == null || !columns.contains(c.name())) {
                continue;
            }
            Optional<SourceSpec> target = registry.bySilver(c.references());
            Optional<String> targetRegion = target.flatMap(this::regionColumn).map(r -> r + "_current");
            String targetPath = lake.silver(c.references());
            if (target.isEmpty() || targetRegion.isEmpty() || target.get().key().size() != 1
                    || !DeltaTables.exists(spark, targetPath)) {
                continue;
            }
            Dataset<Row> places = spark.read().format("delta").load(targetPath)
                    .selectExpr(target.get().key().get(0) + " AS ref_key", "CAST(" + targetRegion.get() + " AS STRING) AS place");
            return rows.selectExpr(file, year, c.name() + " AS ref_key")
                    .join(places, "ref_key", "left").select("file", "year", "place");
        }
        return null;
    }

    private Optional<String> regionColumn(SourceSpec s) {
        return s.columns().stream().filter(c -> c.type() == ColumnType.REGION_CODE).map(ColumnSpec::name).findFirst();
    }
}
