package io.zhibiao.lake;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The one pointer to what is published, and the one way to read a release. {@code published.releases} holds a row
 * per release with the Delta version each of its tables was written at; the release with the highest number is
 * current. A release's tables are read at those versions, never at whatever their folders hold now, so a reader sees
 * one whole release: a promotion that is under way (or died half-way) has written newer versions nobody points at,
 * and the single append of its {@code releases} row is what makes it current.
 *
 * <p>Every reader goes through here: {@code sql} and notebooks (through {@link LakeCatalog}), export, report, the
 * JDBC server's copy, and the run itself when it compares a new release with the current one.
 */
public final class Releases {

    /** The pointer table, as zone.table. */
    public static final String TABLE = "published.releases";

    /** The columns of {@code published.releases}. */
    public static final StructType SCHEMA = new TableSchema()
            .integer("release_no", "发布批次").string("run_id", "运行批次").date("data_cutoff", "数据截止日")
            .timestamp("published_at", "发布时间").string("input_fingerprint", "输入指纹（silver 版本与目录摘要）")
            .string("indicator_catalog_sha256", "指标目录摘要").string("target_catalog_sha256", "目标目录摘要")
            .bigint("indicator_values", "指标值行数").bigint("target_gap_rows", "目标差距行数")
            .string("table_versions", "各发布表的 Delta 版本（可按版本回读本批次）")
            // Rows of releases published before these two columns existed read null: not synthetic.
            .bool("synthetic", "示例数据（由生成器合成，非官方数据）/ synthetic sample")
            .string("data_note", "数据说明（示例数据时注明）").build();

    /**
     * One release: its row of {@code published.releases}, the Delta version of each of its tables (empty for a
     * release published before versions were recorded: its tables are then read as they are now), and the version
     * of {@code releases} it was read from.
     */
    public record Release(int number, String runId, LocalDate cutoff, Timestamp publishedAt, String fingerprint,
                          Map<String, Long> versions, Row row, long pointerVersion) {

        /** The release's tables, as zone.table. */
        public List<String> tables() {
            return List.copyOf(versions.keySet());
        }

        /** A column of the release's row, or null when the row (an older release's) has no such column. */
        public Object field(String column) {
            List<String> names = Arrays.asList(row.schema().fieldNames());
            int at = names.indexOf(column);
            return at < 0 || row.isNullAt(at) ? null : row.get(at);
        }
    }

    private final SparkSession spark;
    private final Lake lake;

    public Releases(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
    }

    /**
     * Every release, oldest first, as the pointer table holds them now. Read once per version of the pointer table in
     * a JVM (a run asks for the current release at several stages; {@link DeltaTables#identity} tells, from the log,
     * whether the table moved since).
     */
    public List<Release> all() {
        String path = lake.table(TABLE);
        Optional<String> identity = DeltaTables.identity(spark, path);
        if (identity.isEmpty()) {
            return List.of();
        }
        String key = path + "|" + identity.get();
        synchronized (READ) {
            List<Release> known = READ.get(key);
            if (known != null) {
                return known;
            }
        }
        long version = Long.parseLong(identity.get().substring(identity.get().lastIndexOf('@') + 1));
        List<Release> out = new ArrayList<>();
        for (Row r : spark.read().format("delta").option("versionAsOf", version).load(path).collectAsList()) {
            out.add(release(r, version));
        }
        out.sort(Comparator.comparingInt(Release::number));
        List<Release> all = List.copyOf(out);
        synchronized (READ) {
            READ.put(key, all);
        }
        return all;
    }

    /** The pointer tables read in this JVM, by path and identity: the last few. */
    private static final Map<String, List<Release>> READ = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Release>> eldest) {
            return size() > 16;
        }
    };

    /** The current release: the highest-numbered one whose row is committed. */
    public Optional<Release> current() {
        List<Release> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Release {@code n}, if it exists. */
    public Optional<Release> find(int n) {
        return all().stream().filter(r -> r.number() == n).findFirst();
    }

    /**
     * Where {@code zhibiao maintain} records the oldest release whose tables it keeps readable (releases before it
     * were vacuumed away).
     */
    public static String maintainedState(Lake lake) {
        return lake.root() + "/_state/maintained.json";
    }

    private Integer oldestReadable;

    /** The oldest release {@code zhibiao maintain} keeps readable; 1 when it never ran. */
    public int oldestReadable() {
        if (oldestReadable == null) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(maintainedState(lake));
            try {
                org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.exists(p)) {
                    oldestReadable = 1;
                } else {
                    try (java.io.InputStream in = fs.open(p)) {
                        oldestReadable = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in)
                                .path("oldest_readable_release").asInt(1);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return oldestReadable;
    }

    /** One of the release's tables (zone.table) at the version the release wrote. */
    public Dataset<Row> read(Release release, String qualified) {
        if (release.number() < oldestReadable() && !qualified.equals(TABLE)) {
            throw ZhibiaoErrors.releaseNoLongerKept(release.number(), oldestReadable());
        }
        String path = lake.table(qualified);
        if (qualified.equals(TABLE)) {
            return spark.read().format("delta").option("versionAsOf", release.pointerVersion()).load(path)
                    .filter(functions.col("release_no").leq(release.number()));
        }
        Long version = release.versions().get(qualified);
        if (version == null) {
            if (!release.versions().isEmpty() || !DeltaTables.exists(spark, path)) {
                throw new IllegalArgumentException("release " + release.number() + " has no table " + qualified);
            }
            return spark.read().format("delta").load(path);
        }
        return spark.read().format("delta").option("versionAsOf", version).load(path);
    }

    /** Whether the release holds a table (zone.table). */
    public boolean has(Release release, String qualified) {
        return qualified.equals(TABLE) || release.versions().containsKey(qualified)
                || release.versions().isEmpty() && DeltaTables.exists(spark, lake.table(qualified));
    }

    /** The schema a release table was written with (its column comments included). */
    public StructType schema(Release release, String qualified) {
        return read(release, qualified).schema();
    }

    /**
     * Names the release's tables of one zone in a database of the session, each a view over the table at the
     * release's version: {@code published.target_gap}, or {@code release_3.target_gap} for an earlier release.
     * {@code releases} comes with them, as of the same pointer version and up to this release. Returns the names.
     */
    public List<String> register(Release release, String zone, String database) {
        if (release.number() < oldestReadable()) {
            throw ZhibiaoErrors.releaseNoLongerKept(release.number(), oldestReadable());
        }
        List<String> names = new ArrayList<>();
        SessionNames.database(spark, database);
        List<String> tables = new ArrayList<>(release.versions().keySet());
        if (zone.equals("published")) {
            tables.add(TABLE);
        }
        for (String qualified : tables) {
            if (!qualified.startsWith(zone + ".")) {
                continue;
            }
            String name = database + "." + qualified.substring(zone.length() + 1);
            String source = "delta.`" + lake.table(qualified).replace("`", "``") + "`";
            String query;
            if (qualified.equals(TABLE)) {
                query = "SELECT * FROM " + source + " VERSION AS OF " + release.pointerVersion() + " WHERE release_no <= "
                        + release.number();
            } else {
                query = "SELECT * FROM " + source + " VERSION AS OF " + release.versions().get(qualified);
            }
            SessionNames.view(spark, name, query);
            names.add(name);
        }
        return names;
    }

    private static Release release(Row r, long pointerVersion) {
        List<String> names = Arrays.asList(r.schema().fieldNames());
        Map<String, Long> versions = new LinkedHashMap<>();
        int at = names.indexOf("table_versions");
        if (at >= 0 && !r.isNullAt(at)) {
            for (String tv : r.getString(at).split(";")) {
                int sep = tv.lastIndexOf('@');
                versions.put(tv.substring(0, sep), Long.parseLong(tv.substring(sep + 1)));
            }
        }
        Date cut = r.getAs("data_cutoff");
        return new Release(r.<Integer>getAs("release_no"), r.getAs("run_id"), cut == null ? null : cut.toLocalDate(),
                r.getAs("published_at"), r.getAs("input_fingerprint"), versions, r, pointerVersion);
    }
}
