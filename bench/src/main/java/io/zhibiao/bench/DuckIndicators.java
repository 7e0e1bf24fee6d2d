package io.zhibiao.bench;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.compute.CityRegions;
import io.zhibiao.indicators.compute.DeliveryCities;
import io.zhibiao.indicators.compute.IndicatorMath;
import io.zhibiao.indicators.compute.IndicatorValue;
import io.zhibiao.indicators.compute.MeasureRow;
import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.ColumnType;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import io.zhibiao.transforms.standard.RegionIndex;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The catalog's indicators computed by DuckDB instead of Spark, for every city, county and year, written as CSV
 * (indicator_id, region_code, year, value, numerator, denominator, units) for {@link CompareWithGold}.
 *
 * <pre>
 *   --lake DIR --from silver  --out FILE   silver tables' active Parquet files (and bronze's, for coverage)
 *   --lake DIR --from landing --out FILE   the landing CSVs: decode, load, type, keep the latest delivery per key
 * </pre>
 *
 * DuckDB does every scan, join and aggregate; what happens to the few hundred measure rows afterwards is zhibiao's own
 * plain Java, as it is in the Spark job: {@link IndicatorMath} (counties summed to the city, numerator / denominator ×
 * multiplier) and {@link DeliveryCities#cover} (which years each city delivered), so both sides apply one rule.
 * bench/run runs this as its own JVM under /usr/bin/time: the figures include its start, DuckDB's load and the output.
 */
public final class DuckIndicators {

    private final Connection db;
    private final SourceRegistry registry;
    private final IndicatorCatalog catalog;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    private DuckIndicators(Connection db, SourceRegistry registry, IndicatorCatalog catalog) {
        this.db = db;
        this.registry = registry;
        this.catalog = catalog;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Set.of("--lake", "--from", "--out", "--work"));
        Path lake = Path.of(Args.require(opt, "--lake")).toAbsolutePath().normalize();
        String from = Args.require(opt, "--from");
        Path out = Path.of(Args.require(opt, "--out"));
        long started = System.nanoTime();
        SourceRegistry registry = SourceRegistry.loadDefault();
        // The catalog's SQL is checked by Spark's parser in the job; here DuckDB runs it and fails loudly if it cannot.
        IndicatorCatalog catalog = IndicatorCatalog.loadDefault(sql -> null);
        try (Connection db = Duck.open()) {
            DuckIndicators d = new DuckIndicators(db, registry, catalog);
            Duck.exec(db, "CREATE SCHEMA silver");
            Duck.exec(db, "CREATE SCHEMA bronze");
            d.phase("start");
            switch (from) {
                case "silver" -> d.fromSilver(lake);
                case "landing" -> d.fromLanding(lake, opt.containsKey("--work") ? Path.of(opt.get("--work"))
                        : Files.createTempDirectory("zhibiao-bench-utf8"));
                default -> throw new IllegalArgumentException("--from is silver or landing, not " + from);
            }
            List<IndicatorValue> values = d.indicators();
            d.write(values, out);
            d.phase("write");
            StringBuilder sb = new StringBuilder("duckdb from " + from + ": " + values.size() + " values;");
            d.phases.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v).append(" ms,"));
            sb.append(" total ").append((System.nanoTime() - started) / 1_000_000).append(" ms");
            System.err.println(sb);
        }
    }

    private void phase(String name) {
        long now = System.nanoTime();
        phases.merge(name, (now - mark) / 1_000_000, Long::sum);
        mark = now;
    }

    // ------------------------------------------------------------------ from silver (and bronze) Parquet

    private void fromSilver(Path lake) throws IOException, SQLException {
        for (SourceSpec s : registry.sources()) {
            view("silver", s.silver(), lake.resolve("silver").resolve(s.silver()));
            view("bronze", s.id(), lake.resolve("bronze").resolve(s.id()));
        }
        Path files = lake.resolve("audit").resolve("files");
        Duck.exec(db, "CREATE TABLE delivered (source VARCHAR, file VARCHAR, year INTEGER)");
        if (DeltaLog.isTable(files)) {
            List<Path> parquet = DeltaLog.activeFiles(files, db);
            if (!parquet.isEmpty()) {
                Duck.exec(db, "INSERT INTO delivered SELECT source, source_file, TRY_CAST(substring(period, 1, 4) AS INTEGER) "
                        + "FROM read_parquet(" + Duck.files(parquet) + ")");
            }
        }
        phase("load");
    }

    /** A view over a Delta table's active files; none when the table is missing or holds no file. */
    private void view(String schema, String name, Path table) throws IOException, SQLException {
        if (!DeltaLog.isTable(table)) {
            return;
        }
        List<Path> parquet = DeltaLog.activeFiles(table, db);
        if (parquet.isEmpty()) {
            return;
        }
        Duck.exec(db, "CREATE VIEW " + schema + "." + Duck.ident(name) + " AS SELECT * FROM read_parquet("
                + Duck.files(parquet) + ")");
    }

    // ------------------------------------------------------------------ from the landing CSVs

    private void fromLanding(Path lake, Path work) throws IOException, SQLException {
        List<Landing.Delivery> all = Landing.deliveries(lake, registry);
        Duck.exec(db, "CREATE TABLE delivered (source VARCHAR, file VARCHAR, year INTEGER)");
        Map<String, List<Landing.Delivery>> bySource = new LinkedHashMap<>();
        for (Landing.Delivery d : all) {
            bySource.computeIfAbsent(d.source().id(), k -> new ArrayList<>()).add(d);
        }
        // The region list first: every other source's region codes are put on current boundaries by it.
        List<SourceSpec> order = new ArrayList<>();
        registry.bySilver(SourceRegistry.REGION_TABLE).ifPresent(order::add);
        registry.sources().stream().filter(s -> !order.contains(s)).forEach(order::add);
        for (SourceSpec s : order) {
            List<Landing.Delivery> ds = bySource.get(s.id());
            if (ds == null) {
                continue;
            }
            loadBronze(s, ds, work);
            phase("load");
            refine(s);
            phase("refine");
            if (s.silver().equals(SourceRegistry.REGION_TABLE)) {
                regionCrosswalk();
            }
        }
    }

    /** bronze.&lt;source&gt;: every delivered row as text under its declared column name, with file, period and mtime. */
    private void loadBronze(SourceSpec s, List<Landing.Delivery> ds, Path work) throws IOException, SQLException {
        List<Path> paths = new ArrayList<>();
        Set<String> headers = new LinkedHashSet<>();
        try (PreparedStatement ins = prepareFiles(s);
             PreparedStatement del = db.prepareStatement("INSERT INTO delivered VALUES (?, ?, ?)")) {
            for (Landing.Delivery d : ds) {
                Charset cs = Landing.charset(d);
                Path readable = d.file();
                if (!cs.equals(StandardCharsets.UTF_8)) {
                    readable = work.resolve(d.relative());
                    Landing.transcode(d.file(), cs, readable);
                }
                paths.add(readable);
                headers.addAll(header(readable));
                ins.setString(1, readable.toString());
                ins.setString(2, d.relative());
                ins.setString(3, d.period());
                ins.setLong(4, d.modifiedMillis());
                ins.addBatch();
                del.setString(1, s.id());
                del.setString(2, d.relative());
                del.setInt(3, d.year());
                del.addBatch();
            }
            ins.executeBatch();
            del.executeBatch();
        }
        Map<String, String> byNormalised = new HashMap<>();
        for (String h : headers) {
            byNormalised.putIfAbsent(Landing.normalisedHeader(h), h);
        }
        List<String> select = new ArrayList<>();
        for (ColumnSpec c : s.columns()) {
            String h = byNormalised.get(Landing.normalisedHeader(c.header()));
            select.add((h == null ? "CAST(NULL AS VARCHAR)" : "r." + Duck.ident(h)) + " AS " + Duck.ident(c.name()));
        }
        String filesTable = Duck.ident("files_" + s.id());
        Duck.exec(db, "CREATE TABLE bronze." + Duck.ident(s.id()) + " AS SELECT " + String.join(", ", select)
                + ", f.rel AS _source_file, f.period AS _period, f.mtime AS _file_modified_at FROM read_csv("
                + Duck.files(paths) + ", header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', "
                + "union_by_name = true, filename = true, auto_detect = false) r JOIN " + filesTable + " f ON r.filename = f.path");
    }

    private PreparedStatement prepareFiles(SourceSpec s) throws SQLException {
        String t = Duck.ident("files_" + s.id());
        Duck.exec(db, "CREATE TEMP TABLE " + t + " (path VARCHAR, rel VARCHAR, period VARCHAR, mtime BIGINT)");
        return db.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?)");
    }

    /** The header fields of a UTF-8 CSV. */
    private static List<String> header(Path utf8) throws IOException {
        try (Reader r = Landing.strictReader(utf8, StandardCharsets.UTF_8)) {
            io.zhibiao.transforms.ingest.CsvParser.Record h = new io.zhibiao.transforms.ingest.CsvParser(r).next();
            if (h == null) {
                return List.of();
            }
            return h.fields().stream().map(f -> f.replace("\uFEFF", "")).toList();
        }
    }

    /**
     * silver.&lt;table&gt;: declared columns typed as the refine types them, each region column's code on current
     * boundaries, and of several deliveries of one key the latest (later period, later file) — the rule of
     * SilverRefine. The row checks are not applied: the bench's lakes are generated without faulty rows (zhibiao's
     * quarantine column is 0), and a row they would quarantine shows up as a difference in the comparison.
     */
    private void refine(SourceSpec s) throws SQLException {
        List<String> typed = new ArrayList<>();
        for (ColumnSpec c : s.columns()) {
            typed.add(typedExpr(c) + " AS " + Duck.ident(c.name()));
        }
        List<String> key = s.key().stream().map(Duck::ident).toList();
        List<String> out = new ArrayList<>(List.of("k.* EXCLUDE (_rank)"));
        StringBuilder joins = new StringBuilder();
        int n = 0;
        for (ColumnSpec c : s.columns()) {
            if (c.type() == ColumnType.REGION_CODE) {
                String alias = "rc" + n++;
                joins.append(" LEFT JOIN region_current ").append(alias).append(" ON ").append(alias).append(".code = k.")
                        .append(Duck.ident(c.name()));
                out.add("coalesce(" + alias + ".current, k." + Duck.ident(c.name()) + ") AS " + Duck.ident(c.name() + "_current"));
            }
        }
        Duck.exec(db, "CREATE TABLE silver." + Duck.ident(s.silver()) + " AS WITH typed AS (SELECT " + String.join(", ", typed)
                + ", _source_file, _period, _file_modified_at FROM bronze." + Duck.ident(s.id()) + "), "
                + "ranked AS (SELECT *, row_number() OVER (PARTITION BY " + String.join(", ", key)
                + " ORDER BY _period DESC, _file_modified_at DESC, _source_file DESC) AS _rank FROM typed) "
                + "SELECT " + String.join(", ", out) + " FROM ranked k" + joins + " WHERE k._rank = 1");
    }

    private static String typedExpr(ColumnSpec c) {
        String t = "nullif(trim(" + Duck.ident(c.name()) + "), '')";
        return switch (c.type()) {
            case DATE -> "CAST(" + t + " AS DATE)";
            case YEAR, INTEGER -> "CAST(" + t + " AS INTEGER)";
            case AMOUNT -> c.unitFactor().compareTo(BigDecimal.ONE) == 0 ? "CAST(" + t + " AS DECIMAL(20, 2))"
                    : "CAST(CAST(" + t + " AS DECIMAL(24, 2)) * " + c.unitFactor().toPlainString() + " AS DECIMAL(20, 2))";
            case DECIMAL -> "CAST(" + t + " AS DECIMAL(20, 2))";
            case FLAG -> "(" + t + " = '是')";
            default -> t;
        };
    }

    /** region_current(code, current): every listed code on today's boundaries, by zhibiao's RegionIndex. */
    private void regionCrosswalk() throws SQLException {
        RegionIndex index = new RegionIndex(regionPeriods());
        Duck.exec(db, "CREATE TABLE region_current (code VARCHAR, current VARCHAR)");
        Set<String> codes = new TreeSet<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT region_code FROM silver.region WHERE region_code IS NOT NULL")) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO region_current VALUES (?, ?)")) {
            for (String c : codes) {
                ins.setString(1, c);
                ins.setString(2, index.current(c));
                ins.addBatch();
            }
            ins.executeBatch();
        }
        phase("refine");
    }

    private List<RegionIndex.Period> regionPeriods() throws SQLException {
        List<RegionIndex.Period> out = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT region_code, region_name, region_kind, valid_from, valid_to, successor_code "
                     + "FROM silver.region ORDER BY region_code, valid_from")) {
            while (rs.next()) {
                out.add(new RegionIndex.Period(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.LocalDate.class), rs.getObject(5, java.time.LocalDate.class), rs.getString(6)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the indicators, as IndicatorEngine forms them

    private List<IndicatorValue> indicators() throws SQLException {
        List<CityRegions> cities = cities();
        Map<String, Map<String, Set<Integer>>> coverage = new HashMap<>();
        for (String table : catalog.coverageTables()) {
            coverage.put(table, coveredYears(table.substring("silver.".length()), cities));
        }
        TreeSet<Integer> all = new TreeSet<>();
        coverage.values().forEach(byCity -> byCity.values().forEach(all::addAll));
        Duck.exec(db, "CREATE TABLE calendar (year INTEGER)");
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO calendar VALUES (?)")) {
            for (int y : all) {
                ins.setInt(1, y);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        phase("coverage");
        Set<String> present = silverTables();
        Map<String, List<MeasureRow>> cache = new HashMap<>();
        List<IndicatorValue> values = new ArrayList<>();
        for (Indicator ind : catalog.all()) {
            if (!ind.hasSource()) {
                continue;
            }
            Map<String, Set<Integer>> years = coverage.getOrDefault(ind.coverage(), Map.of());
            boolean any = years.values().stream().anyMatch(y -> !y.isEmpty());
            boolean missing = ind.silverTablesRead().stream().anyMatch(t -> !present.contains(t));
            if (!any || missing) {
                continue;
            }
            List<MeasureRow> num = cache.computeIfAbsent(ind.numerator().sql(), sql -> measure(ind, sql));
            List<MeasureRow> den = ind.isRatio() ? cache.computeIfAbsent(ind.denominator().sql(), sql -> measure(ind, sql))
                    : List.of();
            for (CityRegions city : cities) {
                values.addAll(IndicatorMath.compute(ind, years.getOrDefault(city.city().code(), Set.of()), city, num, den));
            }
        }
        phase("measures");
        return values;
    }

    private Set<String> silverTables() throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'silver'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<MeasureRow> measure(Indicator ind, String sparkSql) {
        String sql = SparkDialect.toDuckDb(sparkSql);
        try (Statement st = db.createStatement()) {
            Set<String> columns = new TreeSet<>();
            try (ResultSet rs = st.executeQuery("SELECT * FROM (" + sql + ") m LIMIT 0")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
                }
            }
            boolean top = columns.contains("largest") && columns.contains("second_largest");
            String wrapped = "SELECT CAST(year AS INTEGER), CAST(region_code AS VARCHAR), CAST(value AS DECIMAL(38, 6)), "
                    + "CAST(units AS BIGINT)" + (top ? ", CAST(largest AS DECIMAL(38, 6)), CAST(second_largest AS DECIMAL(38, 6))" : "")
                    + " FROM (" + sql + ") m";
            List<MeasureRow> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(wrapped)) {
                while (rs.next()) {
                    int year = rs.getInt(1);
                    if (rs.wasNull() || rs.getString(2) == null) {
                        continue;
                    }
                    BigDecimal v = rs.getBigDecimal(3);
                    long units = rs.getLong(4);
                    BigDecimal value = v == null ? BigDecimal.ZERO : v;
                    out.add(top ? new MeasureRow(year, rs.getString(2), value, units, zeroIfNull(rs.getBigDecimal(5)),
                            zeroIfNull(rs.getBigDecimal(6))) : new MeasureRow(year, rs.getString(2), value, units));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(ind.id() + ": DuckDB cannot run the measure as rewritten (" + e.getMessage()
                    + "):\n" + sql, e);
        }
    }

    private static BigDecimal zeroIfNull(BigDecimal d) {
        return d == null ? BigDecimal.ZERO : d;
    }

    /** Cities in silver.region (地级市 still valid) and their current units, as IndicatorEngine.cities() reads them. */
    private List<CityRegions> cities() throws SQLException {
        record R(String code, String name, String kind, String parent) {
        }
        List<R> rows = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT region_code, region_name, region_kind, parent_code FROM silver.region "
                     + "WHERE valid_to IS NULL ORDER BY region_code")) {
            while (rs.next()) {
                rows.add(new R(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        List<CityRegions> out = new ArrayList<>();
        for (R c : rows) {
            if (!"地级市".equals(c.kind())) {
                continue;
            }
            List<CityRegions.Region> units = new ArrayList<>();
            for (R u : rows) {
                if (c.code().equals(u.parent())) {
                    units.add(new CityRegions.Region(u.code(), u.name(), u.kind()));
                }
            }
            out.add(new CityRegions(new CityRegions.Region(c.code(), c.name(), c.kind()), units));
        }
        return out;
    }

    /**
     * Years each city delivered a source: its delivered rows (bronze, or the landing files) counted per file, year of
     * the period and place, placed as DeliveryCities places them — first region column, else the registering county in
     * the first credit code, else the referenced record's region — and handed to DeliveryCities.cover.
     */
    private Map<String, Set<Integer>> coveredYears(String silverTable, List<CityRegions> cities) throws SQLException {
        SourceSpec source = registry.bySilver(silverTable).orElseThrow(() -> new IllegalStateException(
                "silver." + silverTable + " is no source's table in " + registry.file()));
        if (!bronzeTables().contains(source.id())) {
            return new HashMap<>();
        }
        String placed = placedSql(source);
        List<DeliveryCities.FileRows> counts = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT file, year, place, count(*) FROM (" + placed + ") p "
                     + "WHERE year IS NOT NULL GROUP BY file, year, place")) {
            while (rs.next()) {
                counts.add(new DeliveryCities.FileRows(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4)));
            }
        }
        Map<String, Integer> delivered = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT file, year FROM delivered WHERE source = ? AND year IS NOT NULL")) {
            ps.setString(1, source.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    delivered.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return DeliveryCities.cover(counts, delivered, cityOf(cities), DeliveryCities.MIN_SHARE);
    }

    private String placedSql(SourceSpec source) throws SQLException {
        String rows = "bronze." + Duck.ident(source.id());
        String fileYear = "_source_file AS file, TRY_CAST(substring(_period, 1, 4) AS INTEGER) AS year";
        Optional<String> region = regionColumn(source);
        if (region.isPresent()) {
            return "SELECT " + fileYear + ", trim(" + Duck.ident(region.get()) + ") AS place FROM " + rows;
        }
        Optional<ColumnSpec> credit = source.columns().stream().filter(c -> c.type() == ColumnType.CREDIT_CODE).findFirst();
        if (credit.isPresent()) {
            return "SELECT " + fileYear + ", substring(upper(trim(" + Duck.ident(credit.get().name()) + ")), 3, 6) AS place FROM "
                    + rows;
        }
        Set<String> bronze = bronzeTables();
        for (ColumnSpec c : source.columns()) {
            Optional<SourceSpec> target = c.references() == null ? Optional.empty() : registry.bySilver(c.references());
            Optional<String> targetRegion = target.flatMap(DuckIndicators::regionColumn);
            if (targetRegion.isEmpty() || target.get().key().size() != 1 || !bronze.contains(target.get().id())) {
                continue;
            }
            // Spark's dropDuplicates keeps an arbitrary row of a repeated key; any_value does the same.
            String places = "SELECT trim(" + Duck.ident(target.get().key().get(0)) + ") AS ref_key, any_value(trim("
                    + Duck.ident(targetRegion.get()) + ")) AS place FROM bronze." + Duck.ident(target.get().id()) + " GROUP BY 1";
            return "SELECT r.file, r.year, p.place FROM (SELECT " + fileYear + ", trim(" + Duck.ident(c.name()) + ") AS ref_key FROM "
                    + rows + ") r LEFT JOIN (" + places + ") p ON r.ref_key = p.ref_key";
        }
        throw new IllegalStateException("source " + source.id() + " has no region, credit code or reference to place its rows by");
    }

    private Set<String> bronzeTables() throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'bronze'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Optional<String> regionColumn(SourceSpec s) {
        return s.columns().stream().filter(c -> c.type() == ColumnType.REGION_CODE).map(ColumnSpec::name).findFirst();
    }

    /** A unit's city, else the city its first four digits name (GB/T 2260): the placing rule of DeliveryCities. */
    private static Function<String, String> cityOf(List<CityRegions> cities) {
        Map<String, String> ofUnit = new HashMap<>();
        Map<String, String> ofPrefix = new HashMap<>();
        for (CityRegions c : cities) {
            ofUnit.put(c.city().code(), c.city().code());
            c.units().forEach(u -> ofUnit.put(u.code(), c.city().code()));
            ofPrefix.put(c.city().code().substring(0, 4), c.city().code());
        }
        return code -> code == null || code.length() < 4 ? null
                : ofUnit.getOrDefault(code, ofPrefix.get(code.substring(0, 4)));
    }

    private void write(List<IndicatorValue> values, Path out) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("indicator_id,region_code,year,value,numerator,denominator,units\n");
            for (IndicatorValue v : values) {
                w.write(v.indicatorId() + "," + v.regionCode() + "," + v.year() + "," + plain(v.value()) + ","
                        + plain(v.numerator()) + "," + plain(v.denominator()) + "," + v.units() + "\n");
            }
        }
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }
}
