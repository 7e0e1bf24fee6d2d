package io.zhibiao.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.anomalydetection.Anomaly;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository$;
import io.zhibiao.lake.Lake;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Period-on-period anomaly checks. For each declared rule the metric of every delivery period (and county,
 * where the rule is by county) is computed by Deequ in one pass and kept in a Deequ metrics repository in the
 * lake (audit/deequ-metrics/metrics.json), keyed by the period's last day and tagged with the rule and group;
 * the series read back from the repository is judged by Deequ's RelativeRateOfChangeStrategy.
 */
public final class AnomalyChecks {

    private final SparkSession spark;
    private final Lake lake;
    private final QualityCatalog catalog;

    public AnomalyChecks(SparkSession spark, Lake lake, QualityCatalog catalog) {
        this.spark = spark;
        this.lake = lake;
        this.catalog = catalog;
    }

    public String repositoryPath() {
        return lake.deequMetrics();
    }

    /**
     * Runs the rules of the given silver tables (e.g. "silver.tax_return"). The repository is read once and, when a
     * metric changed, written once: Deequ's own {@code save} reads and rewrites the whole file for each metric, which
     * for every period and group of a rule was most of the checks' time.
     */
    public List<CheckResult> run(Set<String> tables) {
        MetricsFile repo = new MetricsFile(FileSystemMetricsRepository.apply(spark, repositoryPath()));
        List<CheckResult> out = new ArrayList<>();
        for (QualityCatalog.AnomalyRule rule : catalog.anomalies()) {
            if (tables.contains(rule.table())) {
                out.addAll(run(rule, repo));
            }
        }
        repo.write(spark, repositoryPath());
        return out;
    }

    /**
     * The metrics repository's results in memory: loaded from the file once, a result replaced by key as Deequ's
     * {@code save} replaces it (only successful metrics kept), the series of a rule's group read from memory, and the
     * file written once in Deequ's format (so Deequ, and the runs after, read it as before).
     */
    static final class MetricsFile {
        private final Map<ResultKey, AnalysisResult> results = new java.util.LinkedHashMap<>();
        private boolean changed;

        MetricsFile(FileSystemMetricsRepository repo) {
            JavaConverters.seqAsJavaListConverter(repo.load().get()).asJava()
                    .forEach(r -> results.put(r.resultKey(), r));
        }

        void save(ResultKey key, AnalyzerContext context) {
            AnalysisResult now = new AnalysisResult(key, context);
            AnalysisResult before = results.remove(key);
            results.put(key, now);
            changed |= !now.equals(before);
        }

        /** The results whose tags include every one of {@code tags}. */
        List<AnalysisResult> withTags(scala.collection.immutable.Map<String, String> tags) {
            Map<String, String> wanted = JavaConverters.mapAsJavaMapConverter(tags).asJava();
            return results.values().stream().filter(r -> {
                Map<String, String> has = JavaConverters.mapAsJavaMapConverter(r.resultKey().tags()).asJava();
                return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(has.get(e.getKey())));
            }).toList();
        }

        void write(SparkSession spark, String path) {
            if (!changed) {
                return;
            }
            String json = com.amazon.deequ.repository.AnalysisResultSerde.serialize(
                    JavaConverters.asScalaBufferConverter(new ArrayList<>(results.values())).asScala().toSeq());
            FileSystemMetricsRepository$.MODULE$.writeToFileOnDfs(spark, path, out -> {
                try {
                    out.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return scala.runtime.BoxedUnit.UNIT;
            });
            changed = false;
        }
    }

    /** One Deequ analyzer per period and group ("*" when the rule is not grouped). */
    private record PeriodGroup(int period, String group) {
    }

    private List<CheckResult> run(QualityCatalog.AnomalyRule rule, MetricsFile repo) {
        Dataset<Row> data = spark.read().format("delta").load(lake.silver(rule.table().substring("silver.".length())));
        String period = "CAST(" + rule.period() + " AS INT)";
        TreeSet<Integer> periods = new TreeSet<>();
        data.selectExpr(period + " AS p").distinct().collectAsList().forEach(r -> {
            if (!r.isNullAt(0)) {
                periods.add(r.getInt(0));
            }
        });
        List<String> groups = new ArrayList<>();
        if (rule.by() == null) {
            groups.add("*");
        } else {
            data.select(rule.by()).distinct().collectAsList().forEach(r -> groups.add(r.getString(0)));
            groups.sort(Comparator.naturalOrder());
        }
        // All periods and groups in one Deequ pass.
        Map<PeriodGroup, Analyzer<?, Metric<?>>> analyzers = new HashMap<>();
        AnalysisRunBuilder builder = AnalysisRunner.onData(data);
        for (int p : periods) {
            for (String g : groups) {
                String where = period + " = " + p + (g.equals("*") ? "" : " AND " + rule.by() + " = '" + g + "'");
                Analyzer<?, Metric<?>> a = analyzer(rule, where);
                analyzers.put(new PeriodGroup(p, g), a);
                builder = builder.addAnalyzer(a);
            }
        }
        AnalyzerContext context = builder.run();
        for (int p : periods) {
            for (String g : groups) {
                Analyzer<?, Metric<?>> a = analyzers.get(new PeriodGroup(p, g));
                Option<Metric<?>> m = context.metric(a);
                if (m.isDefined()) {
                    // as Deequ's save: a metric that failed is kept as a result without metrics
                    repo.save(key(rule, g, p), m.get().value().isSuccess() ? single(a, m.get()) : AnalyzerContext.empty());
                }
            }
        }
        List<CheckResult> out = new ArrayList<>();
        RelativeRateOfChangeStrategy strategy = new RelativeRateOfChangeStrategy(Option.apply(rule.minRatio()),
                Option.apply(rule.maxRatio()), 1);
        int anomalies = 0;
        for (String g : groups) {
            List<AnalysisResult> history = new ArrayList<>(repo.withTags(tags(rule, g)));
            history.sort(Comparator.comparingLong(h -> h.resultKey().dataSetDate()));
            List<Object> series = new ArrayList<>();
            List<Integer> years = new ArrayList<>();
            for (AnalysisResult h : history) {
                var metrics = JavaConverters.seqAsJavaListConverter(h.analyzerContext().allMetrics()).asJava();
                if (!metrics.isEmpty() && metrics.get(0).value().isSuccess()) {
                    series.add(((Number) metrics.get(0).value().get()).doubleValue());
                    years.add(LocalDate.ofEpochDay(h.resultKey().dataSetDate() / 86_400_000L).getYear());
                }
            }
            if (series.size() < 2) {
                continue;
            }
            var detected = strategy.detect(JavaConverters.asScalaBufferConverter(series).asScala().toVector(),
                    new Tuple2<>(1, series.size()));
            for (Tuple2<Object, Anomaly> t : JavaConverters.seqAsJavaListConverter(detected).asJava()) {
                int i = (Integer) t._1();
                double before = (Double) series.get(i - 1);
                double now = (Double) series.get(i);
                anomalies++;
                out.add(new CheckResult("anomaly", rule.table(), rule.rule(), "relative_rate", rule.by() == null ? "*" : g,
                        "本期/上期 在 " + rule.minRatio() + "–" + rule.maxRatio() + " 之间", String.format("%.4f", now / before),
                        CheckResult.failed(rule.severity()), rule.severity(), -1,
                        List.of(years.get(i - 1) + "年 " + fmt(before) + " → " + years.get(i) + "年 " + fmt(now)),
                        rule.what() + (rule.by() == null ? "" : "（" + g + "）") + " " + years.get(i) + "年为上年的 "
                                + String.format("%.2f", now / before) + " 倍，超出 " + rule.minRatio() + "–" + rule.maxRatio()));
            }
        }
        if (anomalies == 0) {
            out.add(new CheckResult("anomaly", rule.table(), rule.rule(), "relative_rate", rule.by() == null ? "*" : rule.by(),
                    "本期/上期 在 " + rule.minRatio() + "–" + rule.maxRatio() + " 之间",
                    periods.size() + " 期 × " + groups.size() + " 组", CheckResult.Outcome.PASS, rule.severity(), -1, List.of(), ""));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Analyzer<?, Metric<?>> analyzer(QualityCatalog.AnomalyRule rule, String where) {
        Object a = rule.metric().equals("rows") ? new Size(Option.apply(where)) : new Sum(rule.column(), Option.apply(where));
        return (Analyzer<?, Metric<?>>) a;
    }

    private static ResultKey key(QualityCatalog.AnomalyRule rule, String group, int year) {
        long millis = LocalDate.of(year, 12, 31).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return new ResultKey(millis, tags(rule, group));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static scala.collection.immutable.Map<String, String> tags(QualityCatalog.AnomalyRule rule, String group) {
        Map<String, String> m = Map.of("rule", rule.rule(), "group", group);
        return (scala.collection.immutable.Map) JavaConverters.mapAsScalaMapConverter(m).asScala()
                .toMap(scala.Predef.$conforms());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AnalyzerContext single(Analyzer<?, Metric<?>> a, Metric<?> m) {
        Map<Analyzer<?, Metric<?>>, Metric<?>> one = Map.of(a, m);
        return new AnalyzerContext((scala.collection.immutable.Map) JavaConverters.mapAsScalaMapConverter(one).asScala()
                .toMap(scala.Predef.$conforms()));
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1e6 ? String.format("%.4e", v) : String.format("%.2f", v);
    }
}
