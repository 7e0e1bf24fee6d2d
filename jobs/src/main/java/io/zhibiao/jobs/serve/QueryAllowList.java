package io.zhibiao.jobs.serve;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.ResolvedNamespace;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.DescribeColumnCommand;
import org.apache.spark.sql.execution.command.DescribeTableCommand;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.command.ShowTablesCommand;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The allow-lists every statement of a JDBC client passes before it runs: each function it calls by name (checked
 * when parsed), and, once Spark has analysed it, each node of its plan and each expression in it. A statement is
 * either a query built only from projections, filters, joins, aggregates, windows, sorts, limits, set operations,
 * literal rows and scans of the published tables being served, or one of the metadata statements BI tools send
 * (SHOW TABLES/DATABASES/COLUMNS/FUNCTIONS, DESCRIBE a table or column, USE published, SET
 * spark.sql.session.timeZone). Whatever is not listed here is refused, so a feature Spark adds later is refused
 * until someone lists it.
 */
final class QueryAllowList {

    private QueryAllowList() {
    }

    /** Functions a query may call by name: aggregates, windows, arithmetic, text, dates, conditionals, casts. */
    static final Set<String> FUNCTIONS = Set.of(
            // aggregates
            "count", "sum", "avg", "mean", "min", "max", "stddev", "stddev_samp", "stddev_pop", "std", "variance",
            "var_samp", "var_pop", "percentile", "percentile_approx", "approx_percentile", "median", "mode",
            "approx_count_distinct", "count_if", "first", "first_value", "last", "last_value", "any_value", "bool_and",
            "bool_or", "every", "some", "any", "corr", "covar_pop", "covar_samp", "skewness", "kurtosis", "max_by",
            "min_by", "grouping", "grouping_id", "regr_count", "regr_avgx", "regr_avgy", "regr_slope", "regr_intercept",
            "regr_r2", "try_sum", "try_avg",
            // windows
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value",
            // numbers
            "abs", "round", "bround", "floor", "ceil", "ceiling", "sqrt", "cbrt", "exp", "ln", "log", "log10", "log2",
            "pow", "power", "mod", "pmod", "sign", "signum", "greatest", "least", "negative", "positive", "div",
            "try_add", "try_subtract", "try_multiply", "try_divide", "width_bucket", "rint", "e", "pi", "degrees",
            "radians", "format_number", "isnan", "nanvl",
            // text
            "concat", "concat_ws", "substr", "substring", "substring_index", "left", "right", "length", "char_length",
            "character_length", "octet_length", "upper", "lower", "ucase", "lcase", "initcap", "trim", "ltrim", "rtrim",
            "btrim", "replace", "translate", "instr", "locate", "position", "split_part", "startswith", "endswith",
            "contains", "like", "ilike", "regexp_extract", "regexp_replace", "regexp_like", "rlike", "reverse",
            "ascii", "chr", "char", "to_char", "to_number", "try_to_number", "format_string", "printf", "nvl2",
            // conditionals and types
            "coalesce", "nvl", "ifnull", "nullif", "if", "iff", "isnull", "isnotnull", "equal_null", "cast",
            "try_cast", "string", "int", "integer", "bigint", "smallint", "tinyint", "double", "float", "decimal",
            "boolean", "date", "timestamp", "typeof",
            // dates
            "year", "quarter", "month", "day", "dayofmonth", "dayofweek", "dayofyear", "weekday", "weekofyear",
            "hour", "minute", "second", "date_format", "to_date", "to_timestamp", "try_to_timestamp", "date_add",
            "date_sub", "dateadd", "datediff", "date_diff", "months_between", "add_months", "last_day", "next_day",
            "trunc", "date_trunc", "current_date", "current_timestamp", "now", "make_date", "extract", "date_part",
            "datepart", "unix_timestamp", "from_unixtime", "to_unix_timestamp", "current_timezone",
            // small collections of the query's own values
            "array", "struct", "named_struct", "element_at", "size", "cardinality", "array_contains", "explode",
            "explode_outer", "posexplode", "posexplode_outer", "inline", "inline_outer", "stack",
            // who and where, as the client sees it
            "current_database", "current_schema", "current_catalog", "current_user", "user", "session_user");

    /** Plan nodes a query may consist of, after analysis (relations are checked on their own). */
    static final Set<String> QUERY_NODES = Set.of(
            "Project", "Filter", "Join", "Aggregate", "Window", "Sort", "GlobalLimit", "LocalLimit", "Offset", "Tail",
            "Union", "Intersect", "Except", "Distinct", "Deduplicate", "SubqueryAlias", "LocalRelation",
            "OneRowRelation", "WithCTE", "CTERelationDef", "CTERelationRef", "Expand", "Generate", "Sample",
            "ResolvedHint", "WindowGroupLimit", "LogicalRelation", "DataSourceV2Relation");

    /** Metadata statements, after analysis. */
    static final Set<String> METADATA_NODES = Set.of(
            "ShowTables", "ShowTablesCommand", "ShowNamespaces", "ShowNamespacesCommand", "ShowColumns",
            "ShowColumnsCommand", "ShowFunctions", "ShowFunctionsCommand", "DescribeFunction",
            "DescribeFunctionCommand", "DescribeRelation", "DescribeTableCommand", "DescribeColumn",
            "DescribeColumnCommand", "ShowCurrentNamespace", "ShowCurrentNamespaceCommand", "ShowCatalogs",
            "ShowCatalogsCommand", "SetCatalogAndNamespace", "SetNamespaceCommand", "SetCommand",
            "ShowViews", "ShowViewsCommand", "ShowTableProperties", "ShowTablePropertiesCommand");

    /** Spark's built-in expressions that reach outside the query's own values. */
    private static final Set<String> OUTSIDE = Set.of("CallMethodViaReflection", "TryReflect", "InputFileName",
            "InputFileBlockStart", "InputFileBlockLength", "ScalaUDF", "ScalaUDAF", "ScalaAggregator",
            "PythonUDF", "PythonUDAF", "Uuid", "SparkVersion", "MonotonicallyIncreasingID", "SparkPartitionID");

    private static final String HINT = "This server answers queries on the published tables and the metadata "
            + "requests BI tools send (SHOW TABLES, DESCRIBE published.<table>, …).";

    /** A function called by name that is not on the list. */
    static Optional<String> refusalOfFunction(List<String> nameParts) {
        String fn = nameParts.get(nameParts.size() - 1).toLowerCase(Locale.ROOT);
        if (nameParts.size() == 1 && FUNCTIONS.contains(fn)) {
            return Optional.empty();
        }
        return Optional.of("zhibiao serve refuses the function " + String.join(".", nameParts) + "(): it is not "
                + "among the functions this server allows (aggregates, windows, arithmetic, text, dates, "
                + "conditionals and casts; see SERVE.md). " + HINT);
    }

    /**
     * Why an analysed statement is refused, or empty. {@code servingRoot} is the directory of the release being
     * served: every table a query scans must be a published table stored under it.
     */
    static Optional<String> refusalOfAnalyzed(LogicalPlan plan, String servingRoot) {
        String root = plan.getClass().getSimpleName();
        if (METADATA_NODES.contains(root)) {
            return refusalOfMetadata(plan);
        }
        for (LogicalPlan node : Confinement.nodes(plan)) {
            String name = node.getClass().getSimpleName();
            if (!QUERY_NODES.contains(name) || !node.getClass().getName().startsWith("org.apache.spark.sql.")) {
                return Optional.of("zhibiao serve refuses " + describe(node) + ": it is not part of a query this "
                        + "server runs. " + HINT);
            }
            if (node instanceof LogicalRelation) {
                Optional<String> r = refusalOfScan((LogicalRelation) node, servingRoot);
                if (r.isPresent()) {
                    return r;
                }
            } else if (node instanceof DataSourceV2Relation) {
                return Optional.of("zhibiao serve reads only the published tables it serves; "
                        + ((DataSourceV2Relation) node).table().name() + " is not one. " + HINT);
            }
        }
        for (Expression e : Confinement.expressions(plan)) {
            String cls = e.getClass().getName();
            if (!cls.startsWith("org.apache.spark.sql.catalyst.expressions.")
                    || OUTSIDE.contains(e.getClass().getSimpleName())) {
                return Optional.of("zhibiao serve refuses " + e.prettyName() + "(): it reads something other than "
                        + "the query's own values. " + HINT);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusalOfScan(LogicalRelation scan, String servingRoot) {
        Option<CatalogTable> table = scan.catalogTable();
        if (table.isEmpty() || !table.get().identifier().database().isDefined()
                || !table.get().identifier().database().get().equalsIgnoreCase(Confinement.SERVED_SCHEMA)) {
            return Optional.of("zhibiao serve reads only the published tables it serves, by name. " + HINT);
        }
        if (!(scan.relation() instanceof HadoopFsRelation)) {
            return Optional.of("zhibiao serve reads only the published tables it serves. " + HINT);
        }
        for (org.apache.hadoop.fs.Path p : JavaConverters.seqAsJavaList(
                ((HadoopFsRelation) scan.relation()).location().rootPaths())) {
            String path = p.toUri().getPath();
            if (!(path + "/").startsWith(servingRoot.endsWith("/") ? servingRoot : servingRoot + "/")) {
                return Optional.of("zhibiao serve reads only the release it serves; "
                        + table.get().identifier().unquotedString() + " is stored elsewhere. " + HINT);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusalOfMetadata(LogicalPlan plan) {
        boolean extended = plan instanceof DescribeTableCommand && ((DescribeTableCommand) plan).isExtended()
                || plan instanceof DescribeRelation && ((DescribeRelation) plan).isExtended()
                || plan instanceof DescribeColumnCommand && ((DescribeColumnCommand) plan).isExtended()
                || plan instanceof DescribeColumn && ((DescribeColumn) plan).isExtended();
        extended |= plan instanceof ShowTablesCommand && ((ShowTablesCommand) plan).isExtended();
        if (extended) {
            return Optional.of("zhibiao serve refuses DESCRIBE EXTENDED, DESCRIBE FORMATTED and SHOW TABLE EXTENDED: "
                    + "they show where and how the server stores the table; DESCRIBE published.<table> lists its "
                    + "columns and labels.");
        }
        if (plan instanceof SetCommand) {
            Option<scala.Tuple2<String, Option<String>>> kv = ((SetCommand) plan).kv();
            if (kv.isEmpty() || !Confinement.settable(kv.get()._1())) {
                return Optional.of("zhibiao serve refuses SET" + (kv.isEmpty() ? "" : " " + kv.get()._1().trim())
                        + ": the server's settings are neither shown nor changed, except spark.sql.session.timeZone.");
            }
        }
        for (LogicalPlan node : Confinement.nodes(plan)) {
            if (node instanceof ResolvedNamespace) {
                List<String> ns = JavaConverters.seqAsJavaList(((ResolvedNamespace) node).namespace());
                boolean served = ns.isEmpty() || ns.size() == 1 && (ns.get(0).equalsIgnoreCase(Confinement.SERVED_SCHEMA)
                        || ns.get(0).equalsIgnoreCase("default"));
                if (!served || !((ResolvedNamespace) node).catalog().name().equals("spark_catalog")) {
                    return Optional.of("zhibiao serve serves only the published schema. " + HINT);
                }
            }
        }
        return Confinement.refusalOfNamedTable(plan);
    }

    private static String describe(LogicalPlan node) {
        String name = node.getClass().getSimpleName();
        switch (name) {
            case "ScriptTransformation":
                return "TRANSFORM/MAP/REDUCE … USING (it would run a program on the server)";
            case "Range":
                return "range() (this server reads only its published tables)";
            default:
                return name.replaceAll("Command$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
        }
    }
}
