package io.zhibiao.jobs.export;

import io.zhibiao.indicators.publish.Publisher;
import io.zhibiao.lake.CellKey;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.Releases;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One release of the published tables as the lake holds it: read through {@link io.zhibiao.lake.Releases} (Delta
 * time travel to the versions the release wrote), with each column's Chinese label from the Delta schema and its
 * {@link ColumnFormat.Kind}. The exports (workbook, CSV, Arrow) all read a release through here.
 */
public final class PublishedRelease {

    /** The published tables an export holds, in sheet order. */
    public static final List<String> TABLES = List.of("indicator_values", "target_gap", "county_comparison",
            "composite_index", "composite_sensitivity", "regions", "revisions", "indicators", "targets", "releases");

    /** Chinese title and one line on what each table holds (the workbook's cover, the CSV README). */
    public static final Map<String, String[]> DESCRIPTIONS = Map.of(
            "indicator_values", new String[] {"指标值", "各指标按全市、县区、功能区和年度的值、分子、分母与贡献单位数；不予公布的单元格标 x"},
            "target_gap", new String[] {"目标差距", "每项规划目标逐年的实际值、目标值、差距、路径值、所需增速和进展状态（规划路径、Eurostat、ESCAP 三种评估）"},
            "county_comparison", new String[] {"县区比较", "各县区的指标值、位次、比上年增长、占全市比重和分担的全市路径差距"},
            "composite_index", new String[] {"县区创新指数", "按 OECD/JRC 手册构建的县区创新综合指数得分、位次及敏感性得分"},
            "composite_sensitivity", new String[] {"指数敏感性", "每市每年综合指数在等权和替代标准化下的 Spearman 秩相关与最大位次变动"},
            "regions", new String[] {"行政区划", "区划代码、启用停用日期、承继关系和现行口径（区划调整重述用）"},
            "revisions", new String[] {"修订记录", "新发布批次修订已发布值的记录：原值、新值、修订幅度和原因"},
            "indicators", new String[] {"指标目录", "指标代码、名称、单位、小数位、方向、保密类别、统计口径、数据来源和计算方法"},
            "targets", new String[] {"规划目标", "各规划的量化目标：基期、节点目标、比较方式、约束性和规划原文"},
            "releases", new String[] {"发布批次", "截至本批次的各发布批次：运行批次、数据截止日、发布时间和输入指纹"});

    /** Row order of each table's export (then every other column, so the order is total). */
    private static final Map<String, List<String>> ORDER = Map.of(
            "indicator_values", List.of("indicator_id", "region_code", "year"),
            "target_gap", List.of("target_id", "region_code", "year"),
            "county_comparison", List.of("indicator_id", "city_code", "year", "region_code"),
            "composite_index", List.of("index_id", "city_code", "year", "region_code"),
            "composite_sensitivity", List.of("index_id", "city_code", "year"),
            "regions", List.of("region_code", "valid_from"),
            "revisions", List.of("release_no", "indicator_id", "region_code", "year"),
            "indicators", List.of("indicator_id"),
            "targets", List.of("target_id"),
            "releases", List.of("release_no"));

    /** A column: its name, Chinese label (the Delta column comment), Spark type name and how it is shown. */
    public record Col(String name, String label, String typeName, ColumnFormat.Kind kind) {
    }

    /**
     * What published.releases says about the release; {@code dataNote} is the 示例数据 note of a release built from
     * generated data, null for any other.
     */
    public record Info(int number, String runId, LocalDate cutoff, LocalDateTime publishedAt, String fingerprint,
                       long indicatorValues, long gapRows, String dataNote) {
        public boolean synthetic() {
            return dataNote != null;
        }
    }

    /** One table of the release, its rows in export order. */
    public final class Table {
        private final String name;
        private final List<Col> columns;
        private final Dataset<Row> rows;
        private final int indicatorAt;
        private final int unitAt;
        private final int kindAt;
        private final int suppressedAt;
        private final int regionAt;
        private final int yearAt;

        Table(String name, List<Col> columns, Dataset<Row> rows) {
            this.name = name;
            this.columns = columns;
            this.rows = rows;
            this.indicatorAt = indexOf("indicator_id");
            this.unitAt = indexOf("unit");
            this.kindAt = indexOf("kind");
            this.suppressedAt = indexOf("suppressed");
            this.regionAt = indexOf("region_code");
            this.yearAt = indexOf("year");
        }

        public String name() {
            return name;
        }

        public String titleZh() {
            return DESCRIPTIONS.get(name)[0];
        }

        public String description() {
            return DESCRIPTIONS.get(name)[1];
        }

        public List<Col> columns() {
            return columns;
        }

        /** The rows in export order, as Spark reads them. */
        public Dataset<Row> rows() {
            return rows;
        }

        public int indexOf(String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(column)) {
                    return i;
                }
            }
            return -1;
        }

        /** Every row in export order, streamed to the driver partition by partition. */
        public void forEach(Consumer<Cells> action) {
            Iterator<Row> it = rows.toLocalIterator();
            while (it.hasNext()) {
                action.accept(new Cells(this, it.next()));
            }
        }
    }

    /** One row's cells, with what the exports need beside the raw value. */
    public final class Cells {
        private final Table table;
        private final Row row;

        Cells(Table table, Row row) {
            this.table = table;
            this.row = row;
        }

        public Object value(int i) {
            return row.isNullAt(i) ? null : row.get(i);
        }

        public String string(int i) {
            return row.isNullAt(i) ? null : String.valueOf(row.get(i));
        }

        /** A cell withheld by disclosure control: empty here, "x" in every export. */
        public boolean withheld(int i) {
            if (!row.isNullAt(i) || !ColumnFormat.withholdable(table.name, table.columns.get(i).name())) {
                return false;
            }
            if (table.suppressedAt >= 0) {
                return ColumnFormat.WITHHELD.equals(string(table.suppressedAt));
            }
            if (table.indicatorAt < 0 || table.regionAt < 0 || table.yearAt < 0) {
                return false;
            }
            if (row.isNullAt(table.yearAt)) {
                return false;
            }
            int year = ((Number) row.get(table.yearAt)).intValue();
            return withheld.contains(CellKey.of(string(table.indicatorAt), string(table.regionAt), year));
        }

        /** Decimals of an indicator's value in this row (see {@link ColumnFormat#decimalsFor}). */
        public int decimals() {
            String indicator = table.indicatorAt < 0 ? null : string(table.indicatorAt);
            String unit = table.unitAt >= 0 ? string(table.unitAt) : indicator == null ? null : units.get(indicator);
            return ColumnFormat.decimalsFor(indicator == null ? null : decimals.get(indicator), unit,
                    table.kindAt < 0 ? null : string(table.kindAt));
        }

        public BigDecimal decimal(int i) {
            Object v = value(i);
            return v == null ? null : v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
        }

        public LocalDate date(int i) {
            Object v = value(i);
            return v == null ? null : v instanceof Date d ? d.toLocalDate() : (LocalDate) v;
        }

        /** A timestamp as wall-clock time in the session's time zone (Asia/Shanghai by default). */
        public LocalDateTime timestamp(int i) {
            Object v = value(i);
            if (v == null) {
                return null;
            }
            java.time.Instant at = v instanceof Timestamp t ? t.toInstant() : (java.time.Instant) v;
            return LocalDateTime.ofInstant(at, zone);
        }
    }

    private final Info info;
    private final List<Table> tables;
    private final List<String> missing;
    private final ZoneId zone;
    private final Map<String, Integer> decimals = new HashMap<>();
    private final Map<String, String> units = new HashMap<>();
    private final Set<CellKey> withheld = new HashSet<>();

    private PublishedRelease(SparkSession spark, Lake lake, Publisher publisher, int number) {
        this.zone = ZoneId.of(spark.conf().get("spark.sql.session.timeZone", ZoneId.systemDefault().getId()));
        Releases releases = new Releases(spark, lake);
        Releases.Release release = releases.find(number).orElseThrow(() -> io.zhibiao.lake.ZhibiaoErrors
                .releaseDoesNotExist(number, releases.all().stream().map(Releases.Release::number).toList()));
        if (release.versions().isEmpty()) {
            throw io.zhibiao.lake.ZhibiaoErrors.releaseWithoutTableVersions(number);
        }
        Row r = release.row();
        this.info = new Info(number, r.getAs("run_id"), r.<Date>getAs("data_cutoff").toLocalDate(),
                r.getAs("published_at") == null ? null
                        : LocalDateTime.ofInstant(r.<Timestamp>getAs("published_at").toInstant(), zone),
                r.getAs("input_fingerprint"), r.<Long>getAs("indicator_values"), r.<Long>getAs("target_gap_rows"),
                io.zhibiao.jobs.SyntheticRelease.noteOf(r));

        Map<String, Table> byName = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        for (String t : TABLES) {
            String qualified = "published." + t;
            if (!releases.has(release, qualified)) {
                absent.add(t);
                continue;
            }
            // read at the release's version: the Delta schema keeps the column comments
            Dataset<Row> data = releases.read(release, qualified);
            byName.put(t, new Table(t, columns(data.schema(), data.schema()), ordered(t, data)));
        }
        this.tables = List.copyOf(byName.values());
        this.missing = List.copyOf(absent);

        Table catalog = byName.get("indicators");
        if (catalog != null) {
            for (Row c : catalog.rows().select("indicator_id", "decimals", "unit").collectAsList()) {
                decimals.put(c.getString(0), c.isNullAt(1) ? null : c.getInt(1));
                units.put(c.getString(0), c.getString(2));
            }
        }
        Table values = byName.get("indicator_values");
        if (values != null) {
            for (Row w : values.rows().filter(functions.col("suppressed").equalTo(ColumnFormat.WITHHELD))
                    .select("indicator_id", "region_code", "year").collectAsList()) {
                withheld.add(CellKey.of(w.getString(0), w.getString(1), w.getInt(2)));
            }
        }
    }

    /**
     * Release {@code number} of the lake, or the latest when null.
     *
     * @throws io.zhibiao.lake.ZhibiaoException when the lake has no release, or not that one
     */
    public static PublishedRelease open(SparkSession spark, Lake lake, Publisher publisher, Integer number) {
        int n = number != null ? number : publisher.latest().map(Publisher.Release::number).orElseThrow(() ->
                io.zhibiao.lake.ZhibiaoErrors.noReleasePublished(lake.root()));
        return new PublishedRelease(spark, lake, publisher, n);
    }

    public Info info() {
        return info;
    }

    /** The session's time zone, in which timestamps are shown. */
    public ZoneId zone() {
        return zone;
    }

    public List<Table> tables() {
        return tables;
    }

    public Table table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("release " + info.number() + " has no table " + name));
    }

    /** Tables this release was published without (older releases lack the later ones). */
    public List<String> missing() {
        return missing;
    }

    /** The indicator's declared decimals in this release's catalog. */
    public Integer declaredDecimals(String indicatorId) {
        return decimals.get(indicatorId);
    }

    /** The columns of a read schema, labelled from the Delta schema's comments (views may drop them). */
    static List<Col> columns(StructType read, StructType labelled) {
        Map<String, String> labels = new HashMap<>();
        if (labelled != null) {
            for (StructField f : labelled.fields()) {
                if (f.getComment().isDefined()) {
                    labels.put(f.name(), f.getComment().get());
                }
            }
        }
        List<Col> out = new ArrayList<>();
        for (StructField f : read.fields()) {
            String label = f.getComment().isDefined() ? f.getComment().get() : labels.getOrDefault(f.name(), f.name());
            String type = f.dataType().typeName();
            out.add(new Col(f.name(), label, type, ColumnFormat.kindOf(f.name(), type)));
        }
        return out;
    }

    /** A table's rows in the order every export writes them: its key columns, then all others. */
    public static Dataset<Row> ordered(String table, Dataset<Row> data) {
        List<String> keys = new ArrayList<>(ORDER.getOrDefault(table, List.of()));
        keys.retainAll(List.of(data.columns()));
        for (String c : data.columns()) {
            if (!keys.contains(c)) {
                keys.add(c);
            }
        }
        return data.orderBy(keys.stream().map(functions::col).toArray(Column[]::new));
    }
}
