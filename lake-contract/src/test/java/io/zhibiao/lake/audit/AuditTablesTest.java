package io.zhibiao.lake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeTable;
import io.zhibiao.lake.Rows;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The audit tables keep the schema existing lakes hold: the columns below are written out by hand from the tables
 * as they were built before their row records (names, order, types, comments; every column nullable, as Delta
 * stores them).
 */
class AuditTablesTest {

    private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType, true);

    @Test
    void runsHasItsFourteenUnlabelledColumns() {
        assertColumns(AuditTables.RUNS,
                col("run_id", DataTypes.StringType), col("command", DataTypes.StringType),
                col("started_at", DataTypes.TimestampType), col("finished_at", DataTypes.TimestampType),
                col("seconds", DataTypes.DoubleType), col("exit_code", DataTypes.IntegerType),
                col("files_ingested", DataTypes.LongType), col("files_already_ingested", DataTypes.LongType),
                col("files_rejected", DataTypes.LongType), col("rows_ingested", DataTypes.LongType),
                col("rows_refined", DataTypes.LongType), col("rows_quarantined", DataTypes.LongType),
                col("rows_duplicate", DataTypes.LongType), col("problems", STRINGS));
    }

    @Test
    void filesLabelsOnlySynthetic() {
        assertColumns(AuditTables.FILES,
                col("source", DataTypes.StringType), col("source_file", DataTypes.StringType),
                col("file_sha256", DataTypes.StringType), col("period", DataTypes.StringType),
                col("batch_id", DataTypes.StringType), col("bytes", DataTypes.LongType),
                col("rows", DataTypes.LongType), col("charset", DataTypes.StringType),
                col("extra_headers", STRINGS), col("ingested_at", DataTypes.TimestampType),
                col("synthetic", DataTypes.BooleanType).withComment("示例数据（由生成器合成，非官方数据）/ synthetic sample"));
    }

    @Test
    void accountingHasItsElevenUnlabelledColumns() {
        assertColumns(AuditTables.ACCOUNTING,
                col("source", DataTypes.StringType), col("batch_id", DataTypes.StringType),
                col("bronze_rows", DataTypes.LongType), col("silver_inserted", DataTypes.LongType),
                col("silver_updated", DataTypes.LongType), col("quarantined", DataTypes.LongType),
                col("duplicates", DataTypes.LongType), col("balanced", DataTypes.BooleanType),
                col("run_id", DataTypes.StringType), col("refined_at", DataTypes.TimestampType),
                col("seconds", DataTypes.DoubleType));
    }

    @Test
    void checksIsLabelledInChinese() {
        assertColumns(AuditTables.CHECKS,
                col("run_id", DataTypes.StringType).withComment("运行批次"),
                col("checked_at", DataTypes.TimestampType).withComment("检查时间"),
                col("stage", DataTypes.StringType).withComment("阶段"),
                col("table_name", DataTypes.StringType).withComment("表"),
                col("rule", DataTypes.StringType).withComment("规则"),
                col("check_type", DataTypes.StringType).withComment("检查类型"),
                col("column_name", DataTypes.StringType).withComment("字段"),
                col("threshold", DataTypes.StringType).withComment("阈值"),
                col("metric_value", DataTypes.StringType).withComment("度量值"),
                col("outcome", DataTypes.StringType).withComment("结果"),
                col("severity", DataTypes.StringType).withComment("严重程度"),
                col("failing_rows", DataTypes.LongType).withComment("不合格行数"),
                col("sample", STRINGS).withComment("样例（信用代码已遮蔽）"),
                col("message", DataTypes.StringType).withComment("说明"),
                col("release_blocked", DataTypes.BooleanType).withComment("本次发布被阻断"));
    }

    @Test
    void eachTableLivesWhereTheLakeSaysAuditTablesAre() {
        Lake lake = Lake.at(Path.of("/tmp/some-lake"));
        assertThat(AuditTables.RUNS.path(lake)).isEqualTo(lake.runs());
        assertThat(AuditTables.FILES.path(lake)).isEqualTo(lake.files());
        assertThat(AuditTables.ACCOUNTING.path(lake)).isEqualTo(lake.accounting());
        assertThat(AuditTables.CHECKS.path(lake)).isEqualTo(lake.checks());
    }

    @Test
    void aRowHoldsTheValuesSparkWritesAndReadsBackAsTheRecord() {
        Instant start = Instant.parse("2026-11-30T01:02:03.456Z");
        AuditRun run = new AuditRun("r1", "run", start, start.plusSeconds(90), 90.0, 3, 2L, 1L, 0L, 40L, 38L, 1L, 1L,
                List.of("county_stats: 1 file rejected"));
        Row row = Rows.of(run);
        assertThat(row.length()).isEqualTo(14);
        assertThat(row.get(0)).isEqualTo("r1");
        assertThat(row.get(2)).isEqualTo(Timestamp.from(start));
        assertThat(row.get(4)).isEqualTo(90.0);
        assertThat(row.get(5)).isEqualTo(3);
        assertThat(row.get(12)).isEqualTo(1L);
        assertThat((Object[]) row.get(13)).containsExactly("county_stats: 1 file rejected");

        // As Spark hands a row back: the array as a Scala sequence, the timestamp as java.sql.Timestamp.
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            values.add(row.get(i));
        }
        values.set(13, scala.collection.mutable.WrappedArray.make(new String[]{"county_stats: 1 file rejected"}));
        Row read = new GenericRowWithSchema(values.toArray(), AuditTables.RUNS.schema());
        assertThat(AuditTables.RUNS.read(read)).isEqualTo(run);
    }

    @Test
    void aFileRowWrittenBeforeSyntheticExistedReadsItAsNull() {
        StructType old = new StructType(java.util.Arrays.stream(AuditTables.FILES.schema().fields())
                .filter(f -> !f.name().equals("synthetic")).toArray(StructField[]::new));
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        Row before = new GenericRowWithSchema(new Object[]{"county_stats", "landing/county_stats/2022/a.csv", "ab",
                "2022", "b1", 10L, 1L, "UTF-8", scala.collection.mutable.WrappedArray.make(new String[0]),
                Timestamp.from(at)}, old);
        assertThat(AuditTables.FILES.read(before)).isEqualTo(new AuditFile("county_stats",
                "landing/county_stats/2022/a.csv", "ab", "2022", "b1", 10L, 1L, "UTF-8", List.of(), at, null));
    }

    private static StructField col(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static void assertColumns(LakeTable<?> table, StructField... expected) {
        StructField[] actual = Rows.schema(table.rowType()).fields();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i].name()).as("column %d", i).isEqualTo(expected[i].name());
            assertThat(actual[i].dataType()).as(expected[i].name()).isEqualTo(expected[i].dataType());
            assertThat(actual[i].nullable()).as(expected[i].name()).isTrue();
            assertThat(actual[i].getComment()).as(expected[i].name() + " comment")
                    .isEqualTo(expected[i].getComment());
            assertThat(actual[i].metadata()).as(expected[i].name() + " metadata").isEqualTo(expected[i].metadata());
        }
        assertThat(table.schema()).isEqualTo(new StructType(expected));
    }
}
