package io.zhibiao.jobs.serve;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedNamespace;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableOrView;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedView;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * What a JDBC client of {@code zhibiao serve} may run: queries and metadata statements on the published tables,
 * nothing else. Two checks, installed as Spark session extensions on the serving session and so on every client
 * session the thrift server derives from it:
 * <ol>
 * <li>when a statement is parsed: it must be a query or one of the metadata statements BI tools send (SHOW,
 * DESCRIBE, USE, SET without a value); every table it names must be {@code published.<table>} or a bare name
 * (resolved in the current schema, which can only be {@code published} or the empty {@code default}); no table
 * read by path ({@code delta.`/…`}, {@code parquet.`/…`}), no table function but the generators, no
 * {@code reflect()}.</li>
 * <li>after analysis: no command but those metadata statements, a second line behind the first.</li>
 * </ol>
 * Relations are judged by name at parse time, not after analysis: Delta reads its own transaction log through
 * path relations inside the client's session, and those reads must go on working.
 */
final class Confinement {

    static final String SERVED_SCHEMA = "published";
    private static final String SESSION_CATALOG = "spark_catalog";
    private static final String HINT = "This server answers queries and metadata requests (SELECT, WITH, SHOW, "
            + "DESCRIBE, USE published) on the published tables only.";

    /** Parsed or analyzed, these answer questions about the published schema and change nothing. */
    private static final Set<String> METADATA = Set.of(
            "ShowTables", "ShowTableExtended", "ShowTablesExtended", "ShowTablesCommand",
            "ShowNamespaces", "ShowNamespacesCommand",
            "DescribeRelation", "DescribeTableCommand", "DescribeColumn", "DescribeColumnCommand",
            "DescribeNamespace", "DescribeDatabaseCommand",
            "ShowColumns", "ShowColumnsCommand",
            "ShowTableProperties", "ShowTablePropertiesCommand",
            "ShowFunctions", "ShowFunctionsCommand", "DescribeFunction", "DescribeFunctionCommand",
            "ShowCurrentNamespace", "ShowCurrentNamespaceCommand", "ShowCatalogs", "ShowCatalogsCommand",
            "ShowViews", "ShowViewsCommand",
            "SetCatalogAndNamespace", "SetNamespaceCommand", "SetCatalogCommand",
            "SetCommand");

    /** Settings a client may change with SET: they alter how values are shown, not what may be read. */
    private static final Set<String> SETTABLE = Set.of("spark.sql.session.timezone");

    /** Table functions that only unfold values of the query itself. */
    private static final Set<String> TABLE_FUNCTIONS = Set.of("explode", "explode_outer", "inline",
            "inline_outer", "posexplode", "posexplode_outer", "stack");

    private static final Pattern WORD = Pattern.compile("[A-Za-z_]+");
    private static final Set<String> STATEMENT_WORDS = Set.of("TABLE", "TABLES", "DATABASE", "SCHEMA", "NAMESPACE",
            "VIEW", "TEMPORARY", "TEMP", "GLOBAL", "FUNCTION", "INTO", "OVERWRITE", "OR", "REPLACE", "EXTERNAL", "JAR",
            "FILE", "ARCHIVE", "LAZY", "LOCAL", "DIRECTORY", "DATA", "INPATH", "HISTORY", "DETAIL", "QUERY", "CREATE");

    // The server's own set-up (registering the published tables) runs through the same session.
    private static final ThreadLocal<Boolean> SETTING_UP = ThreadLocal.withInitial(() -> false);

    private Confinement() {
    }

    /**
     * Installs both checks into a session's extensions, for the sessions built from them from now on. The
     * parse-time check goes around every parser installed so far: called once the session exists, that includes
     * Delta's, which answers Delta's own statements without passing them on.
     */
    static void install(SparkSessionExtensions extensions) {
        extensions.injectParser(new ParserWrap());
        extensions.injectCheckRule(new CheckRuleBuilder());
    }

    /** Runs the server's own statements on this thread unchecked. */
    static <T> T settingUp(Supplier<T> work) {
        SETTING_UP.set(true);
        try {
            return work.get();
        } finally {
            SETTING_UP.set(false);
        }
    }

    /** Why a parsed statement is refused, or empty when it may run. */
    static Optional<String> refusalOfParsed(LogicalPlan plan, String sql) {
        String root = plan.getClass().getSimpleName();
        if (plan instanceof SetCommand) {
            return refusalOfSet((SetCommand) plan);
        }
        if (deltaStatement(plan)) {
            return Optional.of(readOnly(statement(sql, plan)));
        }
        if (!METADATA.contains(root)) {
            for (LogicalPlan node : nodes(plan)) {
                if (node instanceof Command || node instanceof InsertIntoStatement || node instanceof InsertIntoDir) {
                    return Optional.of(readOnly(statement(sql, plan)));
                }
            }
        }
        for (LogicalPlan node : nodes(plan)) {
            String name = node.getClass().getSimpleName();
            if (name.equals("RelationTimeTravel")) {
                return Optional.of("zhibiao serve serves the current release only: VERSION AS OF and TIMESTAMP AS OF "
                        + "are refused (an earlier release's cells were withheld under an earlier disclosure "
                        + "pattern). Published values as first released and every revision are in "
                        + "published.revisions.");
            }
            if (name.equals("PlanWithUnresolvedIdentifier")) {
                return Optional.of("zhibiao serve refuses IDENTIFIER(…) table names: name the table itself, as "
                        + "published.<table>. " + HINT);
            }
            Optional<String> r = Optional.empty();
            if (node instanceof UnresolvedRelation) {
                r = refusalOfTable(((UnresolvedRelation) node).multipartIdentifier());
            } else if (node instanceof UnresolvedTableOrView) {
                r = refusalOfTable(((UnresolvedTableOrView) node).multipartIdentifier());
            } else if (node instanceof UnresolvedTable) {
                r = refusalOfTable(((UnresolvedTable) node).multipartIdentifier());
            } else if (node instanceof UnresolvedView) {
                r = refusalOfTable(((UnresolvedView) node).multipartIdentifier());
            } else if (node instanceof UnresolvedNamespace) {
                r = refusalOfNamespace(((UnresolvedNamespace) node).multipartIdentifier());
            } else if (node instanceof UnresolvedTableValuedFunction) {
                r = refusalOfTableFunction(((UnresolvedTableValuedFunction) node).name());
            }
            if (r.isPresent()) {
                return r;
            }
        }
        for (Expression e : expressions(plan)) {
            if (e instanceof UnresolvedFunction) {
                Optional<String> r = QueryAllowList.refusalOfFunction(list(((UnresolvedFunction) e).nameParts()));
                if (r.isPresent()) {
                    return r;
                }
            }
            if (e.getClass().getSimpleName().equals("ExpressionWithUnresolvedIdentifier")) {
                return Optional.of("zhibiao serve refuses IDENTIFIER(…) names: write the name itself. " + HINT);
            }
        }
        return Optional.empty();
    }

    /** Why an analyzed plan is refused: a command other than the metadata ones, wherever it sits. */
    static Optional<String> refusalOfAnalyzed(LogicalPlan plan) {
        if (plan instanceof SetCommand) {
            return refusalOfSet((SetCommand) plan);
        }
        if (deltaStatement(plan)) {
            return Optional.of(readOnly(plan.nodeName()));
        }
        boolean metadataRoot = METADATA.contains(plan.getClass().getSimpleName());
        for (LogicalPlan node : nodes(plan)) {
            if (node == plan && metadataRoot) {
                continue;
            }
            if (node instanceof Command) {
                return Optional.of(readOnly(node.nodeName()));
            }
        }
        return refusalOfNamedTable(plan);
    }

    /** Metadata commands that name their table directly (the v1 forms) must name a published one. */
    static Optional<String> refusalOfNamedTable(LogicalPlan plan) {
        for (Object field : fields(plan)) {
            if (field instanceof TableIdentifier) {
                Option<String> db = ((TableIdentifier) field).database();
                if (db.isDefined() && !db.get().equalsIgnoreCase(SERVED_SCHEMA)) {
                    return Optional.of(notServed(db.get() + "." + ((TableIdentifier) field).table()));
                }
            }
        }
        return Optional.empty();
    }

    /** A setting a client may change with SET (and read back). */
    static boolean settable(String key) {
        return SETTABLE.contains(key.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Delta's own statements (DESCRIBE HISTORY, VACUUM, OPTIMIZE, RESTORE, CLONE, REORG, CONVERT, constraints and
     * table features): parsed, most are no {@link Command} yet (RESTORE stays a RestoreTableStatement until it is
     * planned); Delta's table reads parse and analyze to Spark's own nodes, so none of a query's nodes match.
     */
    static boolean deltaStatement(LogicalPlan plan) {
        String name = plan.getClass().getSimpleName();
        return plan.getClass().getName().startsWith("org.apache.spark.sql.delta.") || name.endsWith("Statement")
                || name.matches(".*(Restore|Clone|Reorg|Optimize|Vacuum|Convert|Constraint|Feature|DeltaHistory).*");
    }

    private static Optional<String> refusalOfSet(SetCommand set) {
        Option<Tuple2<String, Option<String>>> kv = set.kv();
        if (kv.isEmpty() || kv.get()._2().isEmpty()) {
            return Optional.empty(); // SET, SET -v, SET key: reading settings changes nothing
        }
        String key = kv.get()._1().trim();
        if (settable(key)) {
            return Optional.empty();
        }
        return Optional.of("zhibiao serve is read-only: SET " + key + " is refused; the server's settings are fixed "
                + "(a client may set only spark.sql.session.timeZone). " + HINT);
    }

    private static Optional<String> refusalOfTable(scala.collection.Seq<String> identifier) {
        List<String> parts = list(identifier);
        boolean served = parts.size() == 1
                || parts.size() == 2 && parts.get(0).equalsIgnoreCase(SERVED_SCHEMA)
                || parts.size() == 3 && parts.get(0).equalsIgnoreCase(SESSION_CATALOG)
                        && parts.get(1).equalsIgnoreCase(SERVED_SCHEMA);
        if (served) {
            return Optional.empty();
        }
        String name = quoted(parts);
        if (parts.size() == 2 && looksLikePath(parts.get(1))) {
            return Optional.of("zhibiao serve reads tables by name only: " + name + " reads files by path, which is "
                    + "refused. Query published.<table> instead; SHOW TABLES IN published lists them.");
        }
        return Optional.of(notServed(name));
    }

    private static Optional<String> refusalOfNamespace(scala.collection.Seq<String> identifier) {
        List<String> parts = list(identifier);
        boolean served = parts.isEmpty()
                || parts.size() == 1 && (parts.get(0).equalsIgnoreCase(SERVED_SCHEMA) || parts.get(0).equals("default"))
                || parts.size() == 2 && parts.get(0).equalsIgnoreCase(SESSION_CATALOG)
                        && parts.get(1).equalsIgnoreCase(SERVED_SCHEMA);
        return served ? Optional.empty()
                : Optional.of("zhibiao serve shows only the published schema: " + quoted(parts) + " is not served. "
                        + HINT);
    }

    private static Optional<String> refusalOfTableFunction(scala.collection.Seq<String> name) {
        List<String> parts = list(name);
        String fn = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
        if (parts.size() == 1 && TABLE_FUNCTIONS.contains(fn)) {
            return Optional.empty();
        }
        return Optional.of("zhibiao serve refuses the table function " + String.join(".", parts) + "(): it would read "
                + "something other than the published tables. " + HINT);
    }

    private static String notServed(String name) {
        return "zhibiao serve serves only the published schema: " + name + " is not one of its tables. Query "
                + "published.<table> instead; SHOW TABLES IN published lists them.";
    }

    private static String readOnly(String statement) {
        return "zhibiao serve is read-only and answers queries and metadata requests only: " + statement
                + " is refused. " + HINT + " The lake is changed only by the zhibiao jobs (zhibiao run).";
    }

    /** The statement's leading keywords as written (INSERT INTO, CREATE TABLE, DROP TABLE …), else the plan's name. */
    static String statement(String sql, LogicalPlan plan) {
        String text = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ").trim();
        Matcher m = WORD.matcher(text);
        List<String> words = new ArrayList<>();
        int end = 0;
        while (m.find() && words.size() < 3) {
            if (!text.substring(end, m.start()).isBlank()) {
                break; // stop at the first name or symbol
            }
            String w = m.group().toUpperCase(Locale.ROOT);
            if (!words.isEmpty() && !STATEMENT_WORDS.contains(w)) {
                break;
            }
            words.add(w);
            end = m.end();
        }
        return words.isEmpty() ? plan.nodeName() : String.join(" ", words);
    }

    private static boolean looksLikePath(String s) {
        return s.contains("/") || s.contains("\\") || s.contains(":");
    }

    private static String quoted(List<String> parts) {
        List<String> q = new ArrayList<>();
        parts.forEach(p -> q.add("`" + p + "`"));
        return String.join(".", q);
    }

    /** Every plan node, with the plans of subqueries and CTE definitions. */
    static List<LogicalPlan> nodes(LogicalPlan root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<LogicalPlan> out = new ArrayList<>();
        collect(root, seen, out, new ArrayList<>());
        return out;
    }

    /** Every expression of every plan node, subqueries included. */
    static List<Expression> expressions(LogicalPlan root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Expression> out = new ArrayList<>();
        collect(root, seen, new ArrayList<>(), out);
        return out;
    }

    private static void collect(LogicalPlan p, Map<Object, Boolean> seen, List<LogicalPlan> plans,
            List<Expression> exprs) {
        if (seen.put(p, true) != null) {
            return;
        }
        plans.add(p);
        for (Expression e : list(p.expressions())) {
            collect(e, seen, plans, exprs);
        }
        for (LogicalPlan c : list(p.children())) {
            collect(c, seen, plans, exprs);
        }
        for (Object inner : list(p.innerChildren())) {
            if (inner instanceof LogicalPlan) {
                collect((LogicalPlan) inner, seen, plans, exprs);
            }
        }
        // Plans held in fields rather than as children (a WITH clause's definitions, say).
        scala.collection.Iterator<Object> fields = p.productIterator();
        while (fields.hasNext()) {
            collectHeld(fields.next(), seen, plans, exprs, 0);
        }
    }

    private static void collectHeld(Object field, Map<Object, Boolean> seen, List<LogicalPlan> plans,
            List<Expression> exprs, int depth) {
        if (depth > 3 || field == null) {
            return;
        }
        if (field instanceof LogicalPlan) {
            collect((LogicalPlan) field, seen, plans, exprs);
        } else if (field instanceof Option) {
            Option<?> o = (Option<?>) field;
            if (o.isDefined()) {
                collectHeld(o.get(), seen, plans, exprs, depth + 1);
            }
        } else if (field instanceof Tuple2) {
            collectHeld(((Tuple2<?, ?>) field)._1(), seen, plans, exprs, depth + 1);
            collectHeld(((Tuple2<?, ?>) field)._2(), seen, plans, exprs, depth + 1);
        } else if (field instanceof scala.collection.Iterable) {
            scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) field).iterator();
            while (it.hasNext()) {
                collectHeld(it.next(), seen, plans, exprs, depth + 1);
            }
        }
    }

    private static void collect(Expression e, Map<Object, Boolean> seen, List<LogicalPlan> plans,
            List<Expression> exprs) {
        if (seen.put(e, true) != null) {
            return;
        }
        exprs.add(e);
        if (e instanceof SubqueryExpression) {
            collect(((SubqueryExpression) e).plan(), seen, plans, exprs);
        }
        for (Expression c : list(e.children())) {
            collect(c, seen, plans, exprs);
        }
    }

    private static List<Object> fields(LogicalPlan p) {
        List<Object> out = new ArrayList<>();
        scala.collection.Iterator<Object> it = p.productIterator();
        while (it.hasNext()) {
            Object f = it.next();
            out.add(f instanceof Option && ((Option<?>) f).isDefined() ? ((Option<?>) f).get() : f);
        }
        return out;
    }

    private static <T> List<T> list(scala.collection.Seq<T> seq) {
        return JavaConverters.seqAsJavaListConverter(seq).asJava();
    }

    /** Spark's parser chain with the parse-time check in it. */
    private static final class ParserWrap extends AbstractFunction2<SparkSession, ParserInterface, ParserInterface> {
        @Override
        public ParserInterface apply(SparkSession session, ParserInterface delegate) {
            return new ConfinedParser(delegate);
        }
    }

    private static final class CheckRuleBuilder
            extends AbstractFunction1<SparkSession, scala.Function1<LogicalPlan, BoxedUnit>> {
        @Override
        public scala.Function1<LogicalPlan, BoxedUnit> apply(SparkSession session) {
            return new CheckRule();
        }
    }

    private static final class CheckRule extends AbstractFunction1<LogicalPlan, BoxedUnit> {
        @Override
        public BoxedUnit apply(LogicalPlan plan) {
            if (!SETTING_UP.get()) {
                refusalOfAnalyzed(plan).ifPresent(why -> {
                    throw new Refusal(why);
                });
            }
            return BoxedUnit.UNIT;
        }
    }

    /** Delegates everything; statements and queries are checked once parsed. */
    private static final class ConfinedParser implements ParserInterface {
        private final ParserInterface delegate;

        ConfinedParser(ParserInterface delegate) {
            this.delegate = delegate;
        }

        private static LogicalPlan checked(LogicalPlan plan, String sql) {
            if (!SETTING_UP.get()) {
                refusalOfParsed(plan, sql).ifPresent(why -> {
                    throw new Refusal(why);
                });
            }
            return plan;
        }

        @Override
        public LogicalPlan parsePlan(String sqlText) throws ParseException {
            return checked(delegate.parsePlan(sqlText), sqlText);
        }

        @Override
        public LogicalPlan parseQuery(String sqlText) throws ParseException {
            return checked(delegate.parseQuery(sqlText), sqlText);
        }

        @Override
        public Expression parseExpression(String sqlText) throws ParseException {
            return delegate.parseExpression(sqlText);
        }

        @Override
        public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
            return delegate.parseTableIdentifier(sqlText);
        }

        @Override
        public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
            return delegate.parseFunctionIdentifier(sqlText);
        }

        @Override
        public scala.collection.Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
            return delegate.parseMultipartIdentifier(sqlText);
        }

        @Override
        public StructType parseTableSchema(String sqlText) throws ParseException {
            return delegate.parseTableSchema(sqlText);
        }

        @Override
        public DataType parseDataType(String sqlText) throws ParseException {
            return delegate.parseDataType(sqlText);
        }
    }
}
