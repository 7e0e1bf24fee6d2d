package io.zhibiao.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.indicators.gap.ProgressAssessment;
import io.zhibiao.indicators.gap.TargetGap;
import io.zhibiao.jobs.export.ColumnFormat.Kind;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** How columns are shown, without Spark: kinds, decimals, Excel formats, plain decimals, colours, CSV quoting. */
class ExportFormatTest {

    @Test
    void kindsFollowWhatTheColumnHolds() {
        assertThat(ColumnFormat.kindOf("achieved_share", "decimal(38,6)")).isEqualTo(Kind.FRACTION);
        assertThat(ColumnFormat.kindOf("growth_rate", "decimal(38,6)")).isEqualTo(Kind.FRACTION);
        assertThat(ColumnFormat.kindOf("growth_ratio", "decimal(38,6)")).as("R is a ratio, not a share")
                .isEqualTo(Kind.DECIMAL);
        assertThat(ColumnFormat.kindOf("value", "decimal(38,6)")).isEqualTo(Kind.INDICATOR_VALUE);
        assertThat(ColumnFormat.kindOf("numerator", "decimal(38,6)")).isEqualTo(Kind.DECIMAL);
        assertThat(ColumnFormat.kindOf("contributing_units", "long")).isEqualTo(Kind.COUNT);
        assertThat(ColumnFormat.kindOf("year", "integer")).isEqualTo(Kind.INTEGER);
        assertThat(ColumnFormat.kindOf("data_cutoff", "date")).isEqualTo(Kind.DATE);
        assertThat(ColumnFormat.kindOf("published_at", "timestamp")).isEqualTo(Kind.TIMESTAMP);
        assertThat(ColumnFormat.kindOf("status_zh", "string")).isEqualTo(Kind.STATUS);
        assertThat(ColumnFormat.kindOf("escap_status_zh", "string")).isEqualTo(Kind.STATUS);
        assertThat(ColumnFormat.kindOf("status", "string")).as("the code, not the Chinese status").isEqualTo(Kind.TEXT);
    }

    @Test
    void decimalsAreTheIndicatorsWithTwoForYiYuanAndOneForShareTargets() {
        assertThat(ColumnFormat.decimalsFor(0, "家", null)).isZero();
        assertThat(ColumnFormat.decimalsFor(1, "亿元", null)).isEqualTo(2);
        assertThat(ColumnFormat.decimalsFor(0, "%", "share")).isEqualTo(1);
        assertThat(ColumnFormat.decimalsFor(2, "%", "level")).isEqualTo(2);
        assertThat(ColumnFormat.excelFormat(Kind.INDICATOR_VALUE, 2)).isEqualTo("#,##0.00");
        assertThat(ColumnFormat.excelFormat(Kind.INDICATOR_VALUE, 0)).isEqualTo("#,##0");
        assertThat(ColumnFormat.excelFormat(Kind.FRACTION, 0)).isEqualTo("0.0%");
        assertThat(ColumnFormat.excelFormat(Kind.COUNT, 0)).isEqualTo("#,##0");
    }

    @Test
    void decimalsAreWrittenPlainNeverWithAnExponent() {
        assertThat(ColumnFormat.plain(new BigDecimal("48.700000"), Kind.INDICATOR_VALUE, 2)).isEqualTo("48.70");
        assertThat(ColumnFormat.plain(new BigDecimal("1571.000000"), Kind.INDICATOR_VALUE, 0)).isEqualTo("1571");
        assertThat(ColumnFormat.plain(new BigDecimal("0.000001"), Kind.DECIMAL, 0)).isEqualTo("0.000001");
        assertThat(ColumnFormat.plain(new BigDecimal("1.2E+7"), Kind.DECIMAL, 0)).isEqualTo("12000000");
        assertThat(ColumnFormat.plain(new BigDecimal("0.000000"), Kind.FRACTION, 0)).isEqualTo("0");
        // a value finer than the declared decimals is not rounded away
        assertThat(ColumnFormat.plain(new BigDecimal("3.456000"), Kind.INDICATOR_VALUE, 2)).isEqualTo("3.456");
    }

    @Test
    void statusesHaveTheirColours() {
        assertThat(ColumnFormat.colourOf("已实现")).isEqualTo(ColumnFormat.StatusColour.GREEN);
        assertThat(ColumnFormat.colourOf("达标")).isEqualTo(ColumnFormat.StatusColour.GREEN);
        assertThat(ColumnFormat.colourOf("需加快")).isEqualTo(ColumnFormat.StatusColour.AMBER);
        assertThat(ColumnFormat.colourOf("滞后")).isEqualTo(ColumnFormat.StatusColour.RED);
        assertThat(ColumnFormat.colourOf("无数据")).isEqualTo(ColumnFormat.StatusColour.GREY);
        assertThat(ColumnFormat.colourOf("中等进展")).isEqualTo(ColumnFormat.StatusColour.AMBER);
        assertThat(ColumnFormat.colourOf("趋势背离")).isEqualTo(ColumnFormat.StatusColour.RED);
        assertThat(ColumnFormat.colourOf("未实现")).isEqualTo(ColumnFormat.StatusColour.RED);
        assertThat(ColumnFormat.colourOf("超出区间上限")).isEqualTo(ColumnFormat.StatusColour.RED);
        // Every label the target-gap table can publish has a colour.
        for (TargetGap.Status s : TargetGap.Status.values()) {
            assertThat(ColumnFormat.colourOf(s.zh())).as(s.name()).isNotNull();
        }
        for (ProgressAssessment.EurostatStatus s : ProgressAssessment.EurostatStatus.values()) {
            assertThat(ColumnFormat.colourOf(s.zh())).as(s.name()).isNotNull();
        }
        for (ProgressAssessment.EscapStatus s : ProgressAssessment.EscapStatus.values()) {
            assertThat(ColumnFormat.colourOf(s.zh())).as(s.name()).isNotNull();
        }
        assertThat(ColumnFormat.colourOf("洛阳市")).isNull();
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() {
        assertThat(CsvExport.line(new String[] {"a", "b,c", "say \"x\"", "two\nlines", "", " edge"}))
                .isEqualTo("a,\"b,c\",\"say \"\"x\"\"\",\"two\nlines\",,\" edge\"\r\n");
    }

    @Test
    void unknownFormatsAreRefusedWithTheChoices() {
        assertThat(Exporter.formats(java.util.List.of("XLSX", "csv", "arrow"))).hasSize(3);
        assertThatThrownBy(() -> Exporter.Format.parse("pdf")).isInstanceOf(io.zhibiao.lake.ZhibiaoException.class)
                .hasMessageContaining("xlsx, csv or arrow");
    }
}
