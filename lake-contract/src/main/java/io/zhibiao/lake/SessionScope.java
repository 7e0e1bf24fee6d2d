package io.zhibiao.lake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The one owner of changes to a Spark session's state made by code over the lake: session functions (UDFs), temp
 * views and runtime conf. Everything registered through a scope is named uniquely to it and undone when it closes,
 * so two users of one session (two refiners with different cut-off dates, a job and a notebook) never replace each
 * other's functions or views, and nothing outlives the work that needed it.
 *
 * <pre>{@code
 * try (SessionScope scope = SessionScope.open(spark)) {
 *     String check = scope.udf("zb_date", (UDF1<String, String>) v -> Checks.date(v, min, cutoff), StringType);
 *     df.withColumn("problem", call_udf(check, col("d")));   // check is e.g. "zb_date_7"
 *     scope.conf("spark.databricks.delta.commitInfo.userMetadata", tag);
 *     ...                                                       // every action that needs them runs here
 * }                                                             // functions dropped, views dropped, conf restored
 * }</pre>
 *
 * A scope's functions and views may be registered from several threads of one job (the methods take turns); conf is
 * the session's, so a conf a scope sets is seen by every thread until it closes. Scopes nest (an inner one restores
 * the conf an outer one set). Plans built with a scope's functions or views must be executed before it closes.
 */
public final class SessionScope implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionScope.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SparkSession spark;
    private final long id;
    /** What to undo, most recent first. */
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final Set<String> functions = new HashSet<>();
    private boolean closed;

    private SessionScope(SparkSession spark) {
        this.spark = spark;
        this.id = IDS.incrementAndGet();
    }

    /** A new scope over {@code spark}; close it (try-with-resources) when its work is done. */
    public static SessionScope open(SparkSession spark) {
        return new SessionScope(spark);
    }

    public SparkSession spark() {
        return spark;
    }

    /** The suffix this scope gives its names: unique in the JVM. */
    public long id() {
        return id;
    }

    /** The name {@code base} has in this scope, e.g. {@code zb_credit_code_7}. */
    public String name(String base) {
        if (!NAME.matcher(base).matches()) {
            throw new IllegalArgumentException("'" + base + "' is not a plain SQL name (letters, digits, _)");
        }
        return base + "_" + id;
    }

    /**
     * Registers {@code fn} as a session function for this scope; returns the name to call it by (call_udf, SQL).
     * Registering {@code base} again in the same scope replaces the scope's own function, no other.
     */
    public synchronized String udf(String base, UserDefinedFunction fn) {
        String name = name(base);
        checkOpen();
        spark.udf().register(name, fn);
        if (functions.add(name)) {
            undo.push(new Undo("function " + name, () -> spark.sql("DROP TEMPORARY FUNCTION IF EXISTS " + name)));
        }
        return name;
    }

    /** A one-argument Java function; see {@link #udf(String, UserDefinedFunction)}. */
    public String udf(String base, UDF1<?, ?> fn, DataType returns) {
        return udf(base, org.apache.spark.sql.functions.udf(fn, returns));
    }

    /** A two-argument Java function; see {@link #udf(String, UserDefinedFunction)}. */
    public String udf(String base, UDF2<?, ?, ?> fn, DataType returns) {
        return udf(base, org.apache.spark.sql.functions.udf(fn, returns));
    }

    /**
     * Sets a runtime conf for the rest of this scope; on close it gets back the value it had before, or is unset if
     * it had none.
     */
    public synchronized void conf(String key, String value) {
        checkOpen();
        Option<String> before = spark.conf().getAll().get(key);
        spark.conf().set(key, value);
        undo.push(new Undo("conf " + key, () -> {
            if (before.isDefined()) {
                spark.conf().set(key, before.get());
            } else {
                spark.conf().unset(key);
            }
        }));
    }

    /** Makes {@code rows} readable by SQL for the rest of this scope; returns the view's name, e.g. {@code calendar_7}. */
    public synchronized String tempView(String base, Dataset<Row> rows) {
        String name = name(base);
        checkOpen();
        try {
            rows.createTempView(name);
        } catch (org.apache.spark.sql.AnalysisException e) {
            throw new IllegalStateException("temp view " + name + " exists already", e);
        }
        undo.push(new Undo("view " + name, () -> spark.catalog().dropTempView(name)));
        return name;
    }

    /** Undoes everything this scope did, most recent first. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        while (!undo.isEmpty()) {
            Undo u = undo.pop();
            try {
                u.action().run();
            } catch (RuntimeException e) {
                LOG.warn("session scope {}: could not undo {}: {}", id, u.what(), e.toString());
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("session scope " + id + " is closed");
        }
    }

    private record Undo(String what, Runnable action) {
    }
}
