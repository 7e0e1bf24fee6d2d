package io.zhibiao.indicators.compute;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.runtime.BoxedUnit;

/**
 * The rows of the last run's measure queries, kept for the next run (lake/_cache/measures): a query whose key is
 * unchanged gives the rows it gave then, so after one new delivery only the queries over the tables it changed run.
 *
 * <p>A key is the SHA-256 of everything a query's rows depend on: its text as run (with the casts around it), the
 * run's years (the {@code calendar} it may read), the session settings that change how SQL computes (time zone, ANSI
 * mode), and each table it reads with that table's Delta version. Which tables it reads is taken from Spark's analysis
 * of the query, subqueries included, against an allow-list: Delta tables under the lake's silver zone, in-memory rows
 * (the calendar, VALUES; their content goes into the key) and the one-row relation. A query that reads anything else,
 * calls a function whose result its inputs do not fix (rand, uuid, current_date, now, …) or a function registered in
 * the session (a UDF: what it computes is not in the query), has no key and runs every time.
 */
final class MeasureCache {

    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("query_key", DataTypes.StringType, false),
            DataTypes.createStructField("year", DataTypes.IntegerType, true),
            DataTypes.createStructField("region_code", DataTypes.StringType, true),
            DataTypes.createStructField("value", DataTypes.createDecimalType(38, 6), true),
            DataTypes.createStructField("units", DataTypes.LongType, true),
            DataTypes.createStructField("largest", DataTypes.createDecimalType(38, 6), true),
            DataTypes.createStructField("second_largest", DataTypes.createDecimalType(38, 6), true),
            DataTypes.createStructField("top", DataTypes.BooleanType, true)));

    /** How {@link #read} marks rows held in the query, whose content goes into the key. */
    private static final String ROWS = "rows:";

    /** Changes when what this class stores or how keys are made changes: older rows then never match. */
    private static final String FORMAT = "zhibiao measure cache 1";

    private final SparkSession spark;
    private final Lake lake;
    private final String path;

    MeasureCache(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
        this.path = lake.cache("measures");
    }

    /** The key of a query's rows ({@code query} analysed, {@code sql} its text as run), or empty: see the class. */
    Optional<String> key(Dataset<Row> query, String sql, Collection<Integer> years) {
        LogicalPlan plan = query.queryExecution().analyzed();
        List<String> reads = new ArrayList<>();
        List<String> held = new ArrayList<>();
        boolean[] fixed = {plan.deterministic()};
        String silverRoot = qualified(lake.root() + "/silver");
        visit(plan, node -> {
            if (node.children().isEmpty()) {
                String read = read(node, silverRoot);
                if (read == null) {
                    fixed[0] = false;
                } else if (read.startsWith(ROWS)) {
                    held.add(read);
                } else if (!read.isEmpty()) {
                    reads.add(read);
                }
            }
            scala.collection.Iterator<Expression> es = node.expressions().iterator();
            while (es.hasNext()) {
                es.next().foreach(e -> {
                    if (!e.deterministic() || isClock(e) || isUserFunction(e)) {
                        fixed[0] = false;
                    }
                    return BoxedUnit.UNIT;
                });
            }
        });
        if (!fixed[0]) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(FORMAT).append('\n').append(sql).append('\n').append(new TreeSet<>(years))
                .append('\n').append(spark.conf().get("spark.sql.session.timeZone"))
                .append(" ansi=").append(spark.conf().get("spark.sql.ansi.enabled"));
        new TreeSet<>(held).forEach(rows -> sb.append('\n').append(rows));
        // by name in the zone, not by path: a lake copied or moved elsewhere keeps its keys
        for (String table : new TreeSet<>(reads)) {
            sb.append("\nsilver.").append(table.substring(silverRoot.length() + 1)).append('@')
                    .append(DeltaTables.version(spark, table));
        }
        return Optional.of(io.zhibiao.indicators.catalog.IndicatorCatalog.sha256(
                sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Every node of {@code plan} and of the plans of its subquery expressions, however deep. */
    private static void visit(LogicalPlan plan, java.util.function.Consumer<LogicalPlan> f) {
        plan.foreach(node -> {
            f.accept(node);
            scala.collection.Iterator<LogicalPlan> subs = node.subqueries().iterator();
            while (subs.hasNext()) {
                visit(subs.next(), f);
            }
            return BoxedUnit.UNIT;
        });
    }

    /** A leaf of a query: the silver table path it reads, "" when it reads rows held in the query, null otherwise. */
    private String read(LogicalPlan leaf, String silverRoot) {
        // a CTE's reference: its definition is a child of the plan's WithCTE node, visited itself
        if (leaf instanceof OneRowRelation || leaf instanceof CTERelationRef) {
            return "";
        }
        if (leaf instanceof LocalRelation local) {
            // rows held in the query (the calendar, VALUES, a view of rows in memory): their content is part of the key
            StringBuilder rows = new StringBuilder(ROWS).append(local.schema().catalogString());
            scala.collection.Iterator<org.apache.spark.sql.catalyst.InternalRow> it = local.data().iterator();
            while (it.hasNext()) {
                rows.append('|').append(it.next().toSeq(local.schema()).mkString(","));
            }
            return rows.toString();
        }
        if (leaf instanceof LogicalRelation r && r.relation() instanceof HadoopFsRelation fs
                && fs.location().getClass().getName().startsWith("org.apache.spark.sql.delta.")
                && fs.location().rootPaths().size() == 1) {
            String table = qualified(fs.location().rootPaths().head().toString());
            if (table.startsWith(silverRoot + "/") && table.indexOf('/', silverRoot.length() + 1) < 0) {
                return table;
            }
        }
        return null;
    }

    /** Functions registered in the session: what they compute is not in the query's text, so not in its key. */
    private static boolean isUserFunction(Expression e) {
        String name = e.getClass().getSimpleName();
        return name.contains("UDF") || name.contains("UDAF") || name.equals("ScalaAggregator");
    }

    /** Functions that read the clock or the session: deterministic to Spark within one query, not across runs. */
    private static boolean isClock(Expression e) {
        String name = e.getClass().getSimpleName();
        return name.startsWith("Current") || name.equals("Now") || name.startsWith("LocalTimestamp")
                || name.equals("UnixTimestamp") && e.children().isEmpty();
    }

    private String qualified(String p) {
        Path path = new Path(p);
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The kept rows of {@code keys}, by key; a key the cache does not hold is absent. One query. */
    Map<String, List<MeasureRow>> read(Collection<String> keys) {
        Map<String, List<MeasureRow>> out = new HashMap<>();
        if (keys.isEmpty() || !DeltaTables.exists(spark, path)) {
            return out;
        }
        for (Row r : spark.read().format("delta").load(path)
                .filter(org.apache.spark.sql.functions.col("query_key").isin(keys.toArray())).collectAsList()) {
            List<MeasureRow> rows = out.computeIfAbsent(r.getString(0), k -> new ArrayList<>());
            if (r.isNullAt(1)) {
                continue; // the row that says the key was computed, for a query that gave no rows
            }
            rows.add(r.getBoolean(7)
                    ? new MeasureRow(r.getInt(1), r.getString(2), orZero(r, 3), r.getLong(4), orZero(r, 5), orZero(r, 6))
                    : new MeasureRow(r.getInt(1), r.getString(2), orZero(r, 3), r.getLong(4)));
        }
        return out;
    }

    /**
     * A figure as kept: the query's own decimals (scale 6) as they are, the zero {@link IndicatorEngine} puts where
     * the query gave null (scale 0) as null, so that {@link #orZero} gives back exactly the same BigDecimal.
     */
    private static BigDecimal stored(BigDecimal x) {
        return x == null || x.signum() == 0 && x.scale() == 0 ? null : x;
    }

    private static BigDecimal orZero(Row r, int i) {
        return r.isNullAt(i) ? BigDecimal.ZERO : r.getDecimal(i);
    }

    /** Replaces the cache with {@code byKey}: the keys of this run, so it holds no more than one run's rows. */
    void write(Map<String, List<MeasureRow>> byKey) {
        List<Row> rows = new ArrayList<>();
        byKey.forEach((key, measured) -> {
            rows.add(RowFactory.create(key, null, null, null, null, null, null, null));
            for (MeasureRow m : measured) {
                rows.add(RowFactory.create(key, m.year(), m.regionCode(), stored(m.value()), m.units(),
                        stored(m.largest()), stored(m.secondLargest()), m.largest() != null));
            }
        });
        spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(SaveMode.Overwrite)
                .option("overwriteSchema", "true").save(path);
    }
}
