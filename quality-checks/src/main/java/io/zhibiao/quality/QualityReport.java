package io.zhibiao.quality;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.source.RuleCatalog;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.standard.Masking;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a statistician reads after a run: a verdict per table in the terminal, and a Markdown report that says,
 * for each failure, where it came from (source file and line where known), the rule, the offending values and
 * what to do. Credit codes are masked everywhere.
 */
public final class QualityReport {

    private QualityReport() {
    }

    /** Worst outcome per table, failures listed. */
    public static String verdict(RunId run, List<CheckResult> results, String releaseLine) {
        long block = results.stream().filter(r -> r.outcome() == CheckResult.Outcome.BLOCK).count();
        long warn = results.stream().filter(r -> r.outcome() == CheckResult.Outcome.WARN).count();
        long pass = results.size() - block - warn;
        StringBuilder sb = new StringBuilder();
        sb.append("质量检查（").append(run.value()).append("）：").append(block > 0 ? "阻断" : warn > 0 ? "警告" : "通过")
                .append(" — 阻断 ").append(block).append(" 项，警告 ").append(warn).append(" 项，通过 ").append(pass)
                .append(" 项。").append(releaseLine).append('\n');
        Map<String, CheckResult.Outcome> worst = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (CheckResult r : results) {
            worst.merge(r.table(), r.outcome(), (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
            counts.merge(r.table(), 1, Integer::sum);
        }
        for (var e : worst.entrySet()) {
            sb.append(String.format("  %-28s %s（%d 项检查）%n", e.getKey(), e.getValue().zh(), counts.get(e.getKey())));
            for (CheckResult r : results) {
                if (r.table().equals(e.getKey()) && r.outcome() != CheckResult.Outcome.PASS) {
                    sb.append("      ").append(r.outcome().zh()).append(' ').append(r.rule()).append("：")
                            .append(Masking.maskCodes(r.message().isEmpty() ? r.value() : r.message())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Writes reports/quality-&lt;run&gt;.md and reports/latest.md; returns the path. */
    public static String write(SparkSession spark, Lake lake, RunId run, List<CheckResult> results, String releaseLine,
                               SourceRegistry registry) {
        String md = markdown(spark, lake, run, results, releaseLine, registry);
        String dir = lake.reports();
        String path = dir + "/quality-" + run.value() + ".md";
        try {
            FileSystem fs = new Path(dir).getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (String p : List.of(path, dir + "/latest.md")) {
                try (OutputStream out = fs.create(new Path(p), true)) {
                    out.write(md.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return path;
    }

    static String markdown(SparkSession spark, Lake lake, RunId run, List<CheckResult> results, String releaseLine,
                           SourceRegistry registry) {
        StringBuilder sb = new StringBuilder();
        sb.append("# 质量报告 Quality report\n\n");
        sb.append("- 运行批次：").append(run.value()).append('\n');
        sb.append("- 发布：").append(releaseLine).append('\n');
        sb.append("- 检查：").append(results.size()).append(" 项；阻断 ")
                .append(results.stream().filter(r -> r.outcome() == CheckResult.Outcome.BLOCK).count()).append("，警告 ")
                .append(results.stream().filter(r -> r.outcome() == CheckResult.Outcome.WARN).count()).append("\n\n");
        sb.append("## 各表结论\n\n| 表 | 结论 | 检查 | 阻断 | 警告 |\n|---|---|---|---|---|\n");
        Map<String, int[]> byTable = new LinkedHashMap<>();
        for (CheckResult r : results) {
            int[] c = byTable.computeIfAbsent(r.table(), k -> new int[3]);
            c[0]++;
            if (r.outcome() == CheckResult.Outcome.BLOCK) {
                c[1]++;
            } else if (r.outcome() == CheckResult.Outcome.WARN) {
                c[2]++;
            }
        }
        byTable.forEach((t, c) -> sb.append("| ").append(t).append(" | ").append(c[1] > 0 ? "阻断" : c[2] > 0 ? "警告" : "通过")
                .append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n"));

        List<CheckResult> failures = new ArrayList<>(results.stream().filter(r -> r.outcome() != CheckResult.Outcome.PASS).toList());
        failures.sort((a, b) -> b.outcome().ordinal() - a.outcome().ordinal());
        sb.append("\n## 未通过的检查\n\n");
        if (failures.isEmpty()) {
            sb.append("无。\n");
        }
        for (CheckResult r : failures) {
            sb.append("### ").append(r.outcome().zh()).append("：").append(r.rule()).append("（").append(r.table()).append("）\n\n");
            sb.append("- 检查：").append(r.check()).append("，字段 ").append(r.column()).append('\n');
            sb.append("- 要求：").append(r.threshold()).append('\n');
            sb.append("- 实际：").append(Masking.maskCodes(r.value())).append('\n');
            if (r.failingRows() > 0) {
                sb.append("- 不合格行数：").append(r.failingRows()).append('\n');
            }
            if (!r.message().isEmpty()) {
                sb.append("- 说明：").append(Masking.maskCodes(r.message())).append('\n');
            }
            for (String s : r.sample()) {
                sb.append("  - `").append(Masking.maskCodes(s)).append("`\n");
            }
            sb.append("- 处理建议：").append(remedy(r)).append("\n\n");
        }
        sb.append("## 本次运行隔离的行\n\n");
        sb.append(quarantined(spark, lake, run));
        return sb.toString();
    }

    /** Quarantined rows of this run's batches, by source, file and rule, with sample lines and the remedy. */
    private static String quarantined(SparkSession spark, Lake lake, RunId run) {
        if (!DeltaTables.exists(spark, lake.quarantine())) {
            return "无。\n";
        }
        var q = spark.read().format("delta").load(lake.quarantine())
                .filter(org.apache.spark.sql.functions.col("batch_id").startsWith(run.value()));
        List<Row> groups = q.groupBy("source", "source_file", "rule_id", "field").count()
                .orderBy("source", "source_file", "rule_id").collectAsList();
        if (groups.isEmpty()) {
            return "无。\n";
        }
        RuleCatalog rules = RuleCatalog.loadDefault();
        StringBuilder sb = new StringBuilder("| 来源 | 文件 | 规则 | 字段 | 行数 | 样例（行号：值） | 处理建议 |\n|---|---|---|---|---|---|---|\n");
        for (Row g : groups) {
            List<Row> sample = q.filter(org.apache.spark.sql.functions.col("source_file").equalTo(g.getString(1))
                            .and(org.apache.spark.sql.functions.col("rule_id").equalTo(g.getString(2))))
                    .select("line_number", "value").orderBy("line_number").limit(3).collectAsList();
            String lines = String.join("；", sample.stream().map(s -> "第" + s.getLong(0) + "行：" + Masking.maskCodes(
                    s.isNullAt(1) ? "（空）" : s.getString(1))).toList());
            String remedy = rules.find(g.getString(2)).map(RuleCatalog.Rule::remedy).orElse("见 sources.yaml 中该规则的说明，修正后重新报送。");
            sb.append("| ").append(g.getString(0)).append(" | ").append(g.getString(1)).append(" | ").append(g.getString(2))
                    .append(" | ").append(g.getString(3)).append(" | ").append(g.getLong(4)).append(" | ").append(lines.replace("|", "\\|"))
                    .append(" | ").append(remedy).append(" |\n");
        }
        return sb.toString();
    }

    private static String remedy(CheckResult r) {
        return switch (r.stage()) {
            case "quarantine" -> "按下表“本次运行隔离的行”逐条核对源文件，修正后重新报送该文件；修正前隔离的行不进入统计。";
            case "anomaly" -> "核对该期报送文件是否完整（行数、金额单位、所属期）；确属实际变化的，在报告中说明后可降低该规则的严重程度或调整阈值（quality.yaml）。";
            case "reconciliation" -> "发布结果与明细不一致，通常是指标定义（indicators.yaml）或区划对应出错；请勿发布，联系数据管理员核查。";
            case "silver" -> "silver 表违反约束，说明精炼规则未拦住问题数据；核对所列行的源文件与行号，修正后重新报送。";
            default -> "候选发布表不符合约束；检查指标与目标目录的修改。";
        };
    }
}
