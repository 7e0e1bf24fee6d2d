package io.zhibiao.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Period-on-period anomalies through Deequ's metrics repository and RelativeRateOfChangeStrategy. */
class AnomalyChecksTest {

    static final SparkSession SPARK = SparkTestSession.get();

    @TempDir
    Path dir;

    static final QualityCatalog RULES = QualityCatalog.parse("t.yaml", new ByteArrayInputStream("""
            quarantine: {rule: QC-Q, warn_above: 0.0, block_above: 0.05}
            suites: {}
            anomalies:
              - {rule: QC-T-ROWS, table: silver.tax_return, period: tax_year, metric: rows, min_ratio: 0.7, max_ratio: 1.5,
                 severity: block, what: 申报户数}
              - {rule: QC-T-REV, table: silver.tax_return, period: tax_year, metric: sum, column: revenue, by: county,
                 min_ratio: 0.5, max_ratio: 2.0, severity: warn, what: 县区营业收入}
            """.getBytes(StandardCharsets.UTF_8)));

    /** Returns filed per year: 10, 11, 5 (2017 is less than half of 2016); county A's revenue doubles in 2016. */
    private void writeTaxReturns(Lake lake) {
        List<Row> rows = new ArrayList<>();
        int[] filings = {10, 11, 5};
        for (int i = 0; i < 3; i++) {
            int year = 2015 + i;
            for (int k = 0; k < filings[i]; k++) {
                String county = k % 2 == 0 ? "A" : "B";
                // County A: 5 returns × 100 = 500 (2015), 6 × 200 = 1200 (2016, ratio 2.4); B steady at 100 each.
                BigDecimal revenue = county.equals("A") && year >= 2016 ? new BigDecimal("200") : new BigDecimal("100");
                rows.add(RowFactory.create(year, county, revenue));
            }
        }
        StructType schema = new StructType().add("tax_year", DataTypes.IntegerType).add("county", DataTypes.StringType)
                .add("revenue", DataTypes.createDecimalType(20, 2));
        SPARK.createDataFrame(rows, schema).write().format("delta").save(lake.silver("tax_return"));
    }

    @Test
    void halfTheReturnsBlocksAndADoublingCountyWarns() throws Exception {
        Lake lake = Lake.at(dir);
        writeTaxReturns(lake);
        AnomalyChecks checks = new AnomalyChecks(SPARK, lake, RULES);
        List<CheckResult> results = checks.run(Set.of("silver.tax_return"));

        // Rows: 11/10 = 1.1 (fine), 5/11 = 0.4545 < 0.7 → block, reported on 2017.
        CheckResult rows = results.stream().filter(r -> r.rule().equals("QC-T-ROWS")).findFirst().orElseThrow();
        assertThat(rows.outcome()).isEqualTo(CheckResult.Outcome.BLOCK);
        assertThat(rows.value()).isEqualTo("0.4545");
        assertThat(rows.message()).isEqualTo("申报户数 2017年为上年的 0.45 倍，超出 0.7–1.5");
        assertThat(rows.sample()).containsExactly("2016年 11.00 → 2017年 5.00");

        // County A revenue: 2015 5 × 100 = 500; 2016 6 × 200 = 1200 → 2.4 > 2.0 → warn;
        // 2017 3 × 200 = 600 → 0.5, inside [0.5, 2.0]. County B: 500, 500, 200 → 0.4 < 0.5 → warn.
        List<CheckResult> revenue = results.stream().filter(r -> r.rule().equals("QC-T-REV")).toList();
        assertThat(revenue).extracting(CheckResult::column, CheckResult::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("A", "2.4000"),
                        org.assertj.core.groups.Tuple.tuple("B", "0.4000"));
        assertThat(revenue).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.WARN));

        // The metrics are in Deequ's repository in the lake; running again replaces them, it does not add.
        Path repo = dir.resolve("audit/deequ-metrics/metrics.json");
        assertThat(repo).exists();
        String first = Files.readString(repo);
        checks.run(Set.of("silver.tax_return"));
        assertThat(Files.readString(repo).length()).isEqualTo(first.length());
        assertThat(first).contains("QC-T-ROWS").contains("\"Size\"");
        // Deequ reads what the run wrote: 3 periods of returns + 3 periods × 2 counties of revenue = 9 results, and the
        // unchanged second run left the file as it was (same metrics: no write at all).
        assertThat(deequResults(repo)).isEqualTo(9);
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(repo);
        Thread.sleep(20);
        checks.run(Set.of("silver.tax_return"));
        assertThat(Files.getLastModifiedTime(repo)).isEqualTo(written);
        // 4 returns of 2018 in county B (revenue 100 each): one period more for the returns and for B (not for A).
        SPARK.createDataFrame(List.of(RowFactory.create(2018, "B", new BigDecimal("100.00")),
                        RowFactory.create(2018, "B", new BigDecimal("100.00")), RowFactory.create(2018, "B", new BigDecimal("100.00")),
                        RowFactory.create(2018, "B", new BigDecimal("100.00"))), SPARK.read().format("delta")
                        .load(lake.silver("tax_return")).schema())
                .write().format("delta").mode("append").save(lake.silver("tax_return"));
        List<CheckResult> again = checks.run(Set.of("silver.tax_return"));
        // 9 + 1 (returns 2018) + 1 (county B 2018) + 1 (county A 2018: no rows, so its sum failed, and the result is
        // kept without metrics, as Deequ's own save keeps it) = 12
        assertThat(deequResults(repo)).isEqualTo(12);
        // returns 2018/2017 = 4/5 = 0.8, inside [0.7, 1.5]: the block stays on 2017 alone
        assertThat(again.stream().filter(r -> r.rule().equals("QC-T-ROWS")).toList()).extracting(CheckResult::value)
                .containsExactly("0.4545");
    }

    /** The results in the repository as Deequ itself loads them (a new repository object: it reads the file). */
    private static int deequResults(Path repo) {
        return com.amazon.deequ.repository.fs.FileSystemMetricsRepository.apply(SPARK, repo.toString()).load().get().size();
    }
}
