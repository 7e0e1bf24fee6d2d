package io.zhibiao.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.SparkTestSession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Each check type of a suite, run by Deequ through the facade, on rows that pass and rows that break it. */
class DeequFacadeTest {

    static final SparkSession SPARK = SparkTestSession.get();
    static final String A = "91110000600037341L";
    static final String B = "91350100M000100Y43";

    static final StructType SCHEMA = new StructType().add("credit_code", DataTypes.StringType)
            .add("enterprise_name", DataTypes.StringType).add("size_class", DataTypes.StringType)
            .add("revenue", DataTypes.createDecimalType(20, 2)).add("_source_file", DataTypes.StringType)
            .add("_line_number", DataTypes.LongType);

    static Dataset<Row> rows(Object[]... rows) {
        return SPARK.createDataFrame(List.of(rows).stream().map(RowFactory::create).toList(), SCHEMA);
    }

    static QualityCatalog suite(String rules) {
        String yaml = "quarantine: {rule: QC-Q, warn_above: 0.0, block_above: 0.05}\nsuites:\n  silver.enterprise:\n" + rules;
        return QualityCatalog.parse("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static final QualityCatalog RULES = suite("""
                - {rule: QC-A-COMPLETE, check: complete, columns: [enterprise_name], severity: block}
                - {rule: QC-A-KEY, check: unique, columns: [credit_code], severity: block}
                - {rule: QC-A-SIZE, check: allowed, column: size_class, values: [大型, 中型, 小型, 微型], severity: warn}
                - {rule: QC-A-MIN, check: min, column: revenue, value: 0, severity: block}
                - {rule: QC-A-CAP, check: satisfies, predicate: "revenue < 1000", severity: block}
                - {rule: QC-A-ROWS, check: rows, min: 1, severity: block}
                - {rule: QC-A-REF, check: references, column: credit_code, target: silver.register, target_column: code, severity: block}
            """);

    static Map<String, CheckResult> verify(Dataset<Row> data, Dataset<Row> register) {
        return DeequFacade.verify("silver", "silver.enterprise", data, RULES.suites().get("silver.enterprise"), t -> register)
                .stream().collect(Collectors.toMap(CheckResult::rule, r -> r));
    }

    static Dataset<Row> register(String... codes) {
        return SPARK.createDataFrame(List.of(codes).stream().map(c -> RowFactory.create(c)).toList(),
                new StructType().add("code", DataTypes.StringType));
    }

    @Test
    void cleanRowsPassEveryCheck() {
        Map<String, CheckResult> r = verify(rows(
                new Object[] {A, "甲", "小型", new java.math.BigDecimal("10.00"), "landing/e/2024/a.csv", 2L},
                new Object[] {B, "乙", "微型", new java.math.BigDecimal("0.00"), "landing/e/2024/a.csv", 3L}), register(A, B));
        assertThat(r.values()).allSatisfy(c -> assertThat(c.outcome()).as(c.rule()).isEqualTo(CheckResult.Outcome.PASS));
        assertThat(r).hasSize(7);
        assertThat(r.get("QC-A-ROWS").value()).isEqualTo("2");
    }

    @Test
    void brokenRowsAreCountedSampledAndMasked() {
        Map<String, CheckResult> r = verify(rows(
                new Object[] {A, "甲", "小型", new java.math.BigDecimal("10.00"), "landing/e/2024/a.csv", 2L},
                new Object[] {A, null, "特大", new java.math.BigDecimal("-5.00"), "landing/e/2024/a.csv", 3L},
                new Object[] {B, "乙", "微型", new java.math.BigDecimal("5000.00"), "landing/e/2024/b.csv", 7L}), register(A));
        // enterprise_name is null on line 3
        assertThat(r.get("QC-A-COMPLETE").outcome()).isEqualTo(CheckResult.Outcome.BLOCK);
        assertThat(r.get("QC-A-COMPLETE").failingRows()).isEqualTo(1);
        assertThat(r.get("QC-A-COMPLETE").sample()).containsExactly("landing/e/2024/a.csv:3 enterprise_name=null");
        // A appears twice: both rows listed, the code masked beyond its region part
        assertThat(r.get("QC-A-KEY").failingRows()).isEqualTo(2);
        assertThat(r.get("QC-A-KEY").sample()).allSatisfy(s -> assertThat(s).contains("credit_code=91110000**********")
                .doesNotContain(A));
        // 特大 is not an allowed size: a warning, not a block
        assertThat(r.get("QC-A-SIZE").outcome()).isEqualTo(CheckResult.Outcome.WARN);
        assertThat(r.get("QC-A-SIZE").sample()).containsExactly("landing/e/2024/a.csv:3 size_class=特大");
        // min revenue −5 < 0; one of three rows has revenue ≥ 1000 (5000)
        assertThat(r.get("QC-A-MIN").value()).isEqualTo("-5");
        assertThat(r.get("QC-A-MIN").failingRows()).isEqualTo(1);
        assertThat(r.get("QC-A-CAP").failingRows()).isEqualTo(1);
        assertThat(r.get("QC-A-CAP").value()).isEqualTo("0.666667");
        // B is not in the register: 1 of 3 rows has no match → 2/3 of the rows are found
        assertThat(r.get("QC-A-REF").outcome()).isEqualTo(CheckResult.Outcome.BLOCK);
        assertThat(r.get("QC-A-REF").failingRows()).isEqualTo(1);
        assertThat(r.get("QC-A-REF").value()).isEqualTo("0.666667");
        assertThat(r.get("QC-A-ROWS").outcome()).isEqualTo(CheckResult.Outcome.PASS);
    }

    @Test
    void malformedSuiteIsRefusedWithTheEntry() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> suite("    - {rule: QC-X, check: bogus, severity: block}\n"))
                .hasMessageStartingWith("t.yaml: suite silver.enterprise, rule QC-X: check must be one of");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> suite("    - {rule: QC-X, check: unique, severity: block}\n"))
                .hasMessage("t.yaml: suite silver.enterprise, rule QC-X: needs columns");
        assertThat(QualityCatalog.loadDefault().suites()).containsKeys("silver.tax_return", "gold.indicator_values",
                "published.target_gap");
    }
}
