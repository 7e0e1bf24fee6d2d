package io.zhibiao.lake.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.lake.LakeTable;
import io.zhibiao.lake.Rows;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The release tables' columns come from their row records, labelled, in the order BI tools have always seen. */
class PublishedTablesTest {

    @Test
    void publishedIndicatorValuesKeepTheirColumnsTypesAndLabels() {
        StructType s = PublishedTables.INDICATOR_VALUES.schema();
        // the columns as published.indicator_values has carried them since release 1
        assertThat(s.fieldNames()).containsExactly("release_no", "indicator_id", "indicator_zh", "indicator_en", "unit",
                "unit_en", "region_code", "region_name", "region_level", "year", "value", "numerator", "denominator",
                "contributing_units", "suppressed", "suppression_reason", "boundary_note", "data_cutoff", "run_id");
        assertThat(type(s, "release_no")).isEqualTo("int");
        assertThat(type(s, "value")).isEqualTo("decimal(38,6)");
        assertThat(type(s, "contributing_units")).isEqualTo("bigint");
        assertThat(type(s, "data_cutoff")).isEqualTo("date");
        assertThat(s.apply("region_code").getComment().get()).isEqualTo("区划代码");
        assertThat(s.apply("suppressed").getComment().get()).isEqualTo("保密标志（x 为不予公布）");
    }

    @Test
    void goldAndPublishedTargetGapShareOneLabelledRow() {
        assertThat(PublishedTables.GOLD_TARGET_GAP.schema()).isEqualTo(PublishedTables.TARGET_GAP.schema());
        StructType s = PublishedTables.TARGET_GAP.schema();
        // 48 columns: release and target, the labels, region and year, then the evaluation, text, cut-off and run
        assertThat(s.fields()).hasSize(48);
        assertThat(Arrays.copyOfRange(s.fieldNames(), 0, 12)).containsExactly("release_no", "target_id", "plan_id",
                "plan_name", "indicator_id", "indicator_zh", "indicator_en", "unit", "region_code", "region_name", "year",
                "actual");
        assertThat(s.fieldNames()[47]).isEqualTo("run_id");
        assertThat(Arrays.stream(s.fields()).allMatch(f -> f.getComment().isDefined())).isTrue();
    }

    @Test
    void everyReleaseTableHasALabelOnEveryColumnAndAKeyAmongItsColumns() {
        assertThat(PublishedTables.RELEASE).hasSize(12);
        for (LakeTable<?> t : PublishedTables.RELEASE) {
            StructType s = t.schema();
            for (StructField f : s.fields()) {
                assertThat(f.getComment().isDefined()).as(t + "." + f.name()).isTrue();
            }
            assertThat(Arrays.asList(s.fieldNames())).as(t + " key").containsAll(t.key());
        }
    }

    @Test
    void aRowIsBuiltAndReadBackByNameAndAnOlderTableReadsMissingColumnsAsNull() {
        RegionPeriod p = new RegionPeriod(3, "410308", "孟津区", "市辖区", LocalDate.of(2021, 3, 1), null, null, "410308",
                "孟津区");
        StructType s = PublishedTables.REGIONS.schema();
        Row row = Rows.of(s, p);
        assertThat(row.getInt(0)).isEqualTo(3);
        assertThat(row.getDate(4)).isEqualTo(java.sql.Date.valueOf("2021-03-01"));
        assertThat(PublishedTables.REGIONS.read(new GenericRowWithSchema(values(row), s))).isEqualTo(p);

        // a table written before current_code and current_name existed
        StructType older = new StructType(Arrays.copyOfRange(s.fields(), 0, 7));
        RegionPeriod read = PublishedTables.REGIONS.read(new GenericRowWithSchema(Arrays.copyOfRange(values(row), 0, 7), older));
        assertThat(read.regionName()).isEqualTo("孟津区");
        assertThat(read.currentCode()).isNull();
    }

    @Test
    void aMapThatLeavesOutOrInventsAColumnIsRefused() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : PublishedTables.INDICATORS.schema().fieldNames()) {
            m.put(f, null);
        }
        m.remove("formula");
        m.put("fromula", "numerator × 1");
        assertThatThrownBy(() -> Rows.of(PublishedTables.INDICATORS.schema(), m))
                .hasMessageContaining("missing [formula]").hasMessageContaining("unknown [fromula]");
        m.remove("fromula");
        m.put("formula", "numerator × 1");
        m.put("decimals", 2);
        m.put("tolerance", BigDecimal.ONE);
        assertThatThrownBy(() -> Rows.of(PublishedTables.INDICATORS.schema(), m)).hasMessageContaining("unknown [tolerance]");
    }

    private static String type(StructType s, String column) {
        return s.apply(column).dataType().simpleString();
    }

    private static Object[] values(Row r) {
        Object[] out = new Object[r.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.get(i);
        }
        return out;
    }
}
