package io.zhibiao.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.comparison.ComparisonResult;
import com.amazon.deequ.comparison.ComparisonSucceeded;
import com.amazon.deequ.comparison.ReferentialIntegrity;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.metrics.Metric;
import io.zhibiao.transforms.standard.Masking;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * The one place that speaks Deequ's Scala API. A suite of declared rules becomes Deequ checks, one per rule,
 * run in a single verification pass; the results come back as {@link CheckResult}s, and a rule that fails on
 * rows is followed by a count of those rows and a masked sample of them.
 */
public final class DeequFacade {

    private static final int SAMPLE = 5;

    /** Resolves a table name such as silver.enterprise to its data (for reference checks). */
    public interface Tables extends Function<String, Dataset<Row>> {
    }

    private DeequFacade() {
    }

    public static List<CheckResult> verify(String stage, String table, Dataset<Row> data, List<QualityCatalog.SuiteRule> rules,
                                           Tables tables) {
        Map<QualityCatalog.SuiteRule, Check> checks = new LinkedHashMap<>();
        List<QualityCatalog.SuiteRule> references = new ArrayList<>();
        for (QualityCatalog.SuiteRule r : rules) {
            if (r.check().equals("references")) {
                references.add(r);
            } else {
                checks.put(r, check(r));
            }
        }
        List<CheckResult> out = new ArrayList<>();
        if (!checks.isEmpty()) {
            VerificationRunBuilder builder = new VerificationSuite().onData(data)
                    .addChecks(seq(new ArrayList<>(checks.values())));
            VerificationResult result = builder.run();
            Map<Check, com.amazon.deequ.checks.CheckResult> byCheck =
                    JavaConverters.mapAsJavaMapConverter(result.checkResults()).asJava();
            for (var e : checks.entrySet()) {
                out.add(toResult(stage, table, data, e.getKey(), byCheck.get(e.getValue())));
            }
        }
        for (QualityCatalog.SuiteRule r : references) {
            out.add(reference(stage, table, data, r, tables));
        }
        return out;
    }

    private static Check check(QualityCatalog.SuiteRule r) {
        Check c = new Check(r.severity() == Severity.BLOCK ? CheckLevel.Error() : CheckLevel.Warning(), r.rule(), seq(List.of()));
        Option<String> none = Option.empty();
        switch (r.check()) {
            case "complete" -> {
                for (String col : r.columns()) {
                    c = c.isComplete(col, none, Option.empty());
                }
            }
            case "unique" -> c = r.columns().size() == 1 ? c.isUnique(r.columns().get(0), none, Option.empty())
                    : c.hasUniqueness(seq(r.columns()), assertion(x -> x == 1.0), none);
            case "allowed" -> c = c.isContainedIn(r.column(), r.values().toArray(new String[0]), none);
            case "min" -> {
                double v = r.value().doubleValue();
                c = c.hasMin(r.column(), assertion(x -> x >= v), none, Option.empty());
            }
            case "max" -> {
                double v = r.value().doubleValue();
                c = c.hasMax(r.column(), assertion(x -> x <= v), none, Option.empty());
            }
            case "satisfies" -> c = c.satisfies(r.predicate(), r.rule(), assertion(x -> x == 1.0), none,
                    scala.collection.immutable.List$.MODULE$.empty(), Option.empty());
            case "rows" -> {
                long min = r.min() == null ? Long.MIN_VALUE : r.min();
                long max = r.max() == null ? Long.MAX_VALUE : r.max();
                c = c.hasSize(assertion(x -> x >= min && x <= max), none);
            }
            default -> throw new IllegalArgumentException("check " + r.check());
        }
        return c;
    }

    private static CheckResult toResult(String stage, String table, Dataset<Row> data, QualityCatalog.SuiteRule r,
                                        com.amazon.deequ.checks.CheckResult result) {
        boolean passed = result.status() == CheckStatus.Success();
        List<ConstraintResult> constraints = JavaConverters.seqAsJavaListConverter(result.constraintResults()).asJava();
        String value = constraints.stream().map(cr -> metricText(cr.metric())).collect(Collectors.joining("; "));
        String message = constraints.stream().filter(cr -> cr.message().isDefined()).map(cr -> cr.message().get())
                .collect(Collectors.joining("; "));
        long failing = 0;
        List<String> sample = List.of();
        Column broken = brokenRows(r);
        if (!passed && broken != null) {
            Dataset<Row> bad = data.filter(broken);
            failing = bad.count();
            sample = sample(bad, r);
        } else if (!passed && r.check().equals("unique")) {
            Dataset<Row> dup = duplicates(data, r.columns());
            failing = dup.count();
            sample = sample(dup, r);
        }
        return new CheckResult(stage, table, r.rule(), r.check(), column(r), threshold(r), value,
                passed ? CheckResult.Outcome.PASS : CheckResult.failed(r.severity()), r.severity(),
                broken != null || r.check().equals("unique") ? failing : -1, sample,
                passed ? "" : message.isEmpty() ? "约束未满足" : message);
    }

    private static CheckResult reference(String stage, String table, Dataset<Row> data, QualityCatalog.SuiteRule r,
                                         Tables tables) {
        Dataset<Row> target = tables.apply(r.target());
        ComparisonResult cmp = ReferentialIntegrity.subsetCheck(data, seq(List.of(r.column())), target,
                seq(List.of(r.targetColumn())), assertion(x -> x == 1.0));
        boolean passed = cmp instanceof ComparisonSucceeded;
        double ratio = 1.0;
        long failing = 0;
        List<String> sample = List.of();
        if (!passed) {
            // Deequ's failure carries a message, not always the ratio: count the rows without a match ourselves.
            Dataset<Row> missing = data.join(target.select(target.col(r.targetColumn()).as("_ref")),
                    data.col(r.column()).equalTo(org.apache.spark.sql.functions.col("_ref")), "left_anti");
            failing = missing.count();
            long total = data.count();
            ratio = total == 0 ? 1.0 : 1.0 - (double) failing / total;
            sample = sample(missing, r);
        }
        return new CheckResult(stage, table, r.rule(), r.check(), r.column(), "全部存在于 " + r.target() + "." + r.targetColumn(),
                String.format("%.6f", ratio), passed ? CheckResult.Outcome.PASS : CheckResult.failed(r.severity()),
                r.severity(), failing, sample, passed ? "" : failing + " 行在 " + r.target() + " 中找不到");
    }

    /** The rows a failed rule is about, or null when the rule is not about single rows. */
    private static Column brokenRows(QualityCatalog.SuiteRule r) {
        return switch (r.check()) {
            case "complete" -> r.columns().stream().map(c -> org.apache.spark.sql.functions.col(c).isNull())
                    .reduce(Column::or).orElseThrow();
            case "allowed" -> org.apache.spark.sql.functions.col(r.column()).isNotNull()
                    .and(org.apache.spark.sql.functions.not(org.apache.spark.sql.functions.col(r.column())
                            .cast("string").isin(r.values().toArray())));
            case "min" -> org.apache.spark.sql.functions.col(r.column()).lt(r.value());
            case "max" -> org.apache.spark.sql.functions.col(r.column()).gt(r.value());
            case "satisfies" -> org.apache.spark.sql.functions.not(
                    org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.expr(r.predicate()),
                            org.apache.spark.sql.functions.lit(false)));
            default -> null;
        };
    }

    private static Dataset<Row> duplicates(Dataset<Row> data, List<String> key) {
        Column[] cols = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> counted = data.groupBy(cols).count().filter("count > 1").drop("count");
        return data.join(counted, JavaConverters.asScalaBufferConverter(key).asScala().toSeq(), "left_semi");
    }

    /** Up to five rows: file and line when the table has them, the rule's columns, credit codes masked. */
    private static List<String> sample(Dataset<Row> rows, QualityCatalog.SuiteRule r) {
        List<String> cols = new ArrayList<>();
        List<String> names = List.of(rows.columns());
        if (names.contains("_source_file")) {
            cols.add("_source_file");
            cols.add("_line_number");
        }
        if (r.columns() != null) {
            cols.addAll(r.columns());
        }
        if (r.column() != null && !cols.contains(r.column())) {
            cols.add(r.column());
        }
        if (cols.isEmpty()) {
            cols.addAll(names.subList(0, Math.min(4, names.size())));
        }
        List<String> out = new ArrayList<>();
        for (Row row : rows.select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .limit(SAMPLE).collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols.size(); i++) {
                String name = cols.get(i);
                Object v = row.get(i);
                if (name.equals("_source_file")) {
                    sb.append(v);
                } else if (name.equals("_line_number")) {
                    sb.append(':').append(v).append(' ');
                } else {
                    sb.append(name).append('=').append(v).append(' ');
                }
            }
            out.add(Masking.maskCodes(sb.toString().strip()));
        }
        return out;
    }

    private static String column(QualityCatalog.SuiteRule r) {
        return r.column() != null ? r.column() : r.columns() != null ? String.join(",", r.columns()) : "*";
    }

    private static String threshold(QualityCatalog.SuiteRule r) {
        return switch (r.check()) {
            case "complete" -> "无空值";
            case "unique" -> "主键唯一";
            case "allowed" -> "取值属于 " + r.values();
            case "min" -> "最小值 ≥ " + r.value().toPlainString();
            case "max" -> "最大值 ≤ " + r.value().toPlainString();
            case "satisfies" -> "每行满足 " + r.predicate();
            case "rows" -> "行数 " + (r.min() == null ? "" : "≥ " + r.min()) + (r.max() == null ? "" : " ≤ " + r.max());
            default -> r.check();
        };
    }

    private static String metricText(Option<Metric<?>> metric) {
        if (metric.isEmpty() || metric.get().value().isFailure()) {
            return "—";
        }
        Object v = metric.get().value().get();
        return v instanceof Double d ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue())
                : String.format("%.6f", d)) : String.valueOf(v);
    }

    // ---------------------------------------------------------------- Scala interop

    static <T> scala.collection.Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBufferConverter(list).asScala().toSeq();
    }

    /** A Deequ assertion (a Scala Double => Boolean or Long => Boolean) from a Java predicate. */
    static scala.Function1<Object, Object> assertion(DoublePredicate p) {
        return new Assertion(p);
    }

    private static final class Assertion extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SerializablePredicate p;

        Assertion(DoublePredicate p) {
            this.p = p::test;
        }

        @Override
        public Object apply(Object x) {
            return p.test(((Number) x).doubleValue());
        }
    }

    private interface SerializablePredicate extends DoublePredicate, Serializable {
    }
}
