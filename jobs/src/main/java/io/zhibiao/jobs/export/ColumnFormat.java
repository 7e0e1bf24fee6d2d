package io.zhibiao.jobs.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Set;

/**
 * How a published column is shown: a fraction as a percentage, an indicator's value with the indicator's declared
 * decimals (亿元 always with two), a count as an integer, a target-gap status in its colour. Plain Java over column
 * names and values, shared by the workbook and the CSV files.
 */
public final class ColumnFormat {

    /** What a column holds, which decides its number format. */
    public enum Kind {
        /** A share, growth rate or progress stored as a fraction (0.95): shown 95.0 %. */
        FRACTION,
        /** A value in the unit of the row's indicator: shown with that indicator's decimals. */
        INDICATOR_VALUE,
        /** A count of things (rows, enterprises): thousands separator, no decimals. */
        COUNT,
        /** A year, rank or release number: an integer without separator. */
        INTEGER,
        /** Any other decimal (numerators, scores, correlations): up to six decimals. */
        DECIMAL,
        DATE,
        TIMESTAMP,
        BOOLEAN,
        /** A target-gap status in Chinese, coloured by what it says. */
        STATUS,
        TEXT
    }

    /** The colour of a status: Excel's good / neutral / bad fills and a grey for no data. */
    public enum StatusColour {
        GREEN("C6EFCE"), AMBER("FFEB9C"), RED("FFC7CE"), GREY("D9D9D9");

        private final String rgb;

        StatusColour(String rgb) {
            this.rgb = rgb;
        }

        /** Six hex digits, RRGGBB. */
        public String rgb() {
            return rgb;
        }
    }

    /** Fractions, by column name (published.target_gap, county_comparison, composite_index). */
    private static final Set<String> FRACTIONS = Set.of("achieved_share", "required_growth", "actual_growth",
            "needed_growth", "progress", "anticipated_ratio", "growth_rate", "share_of_city", "growth_since_base",
            "share_of_city_gap", "weight_covered");

    /** Columns in the unit of the row's indicator. */
    private static final Set<String> INDICATOR_VALUES = Set.of("value", "actual", "base_value", "target_value",
            "target_max", "gap", "path_value", "projected_value", "previous_value", "change", "city_value",
            "distance_to_city", "city_path_value", "gap_to_path", "old_value", "new_value", "revision");

    /** Integer columns that count things; the others are years, ranks and numbers of releases. */
    private static final Set<String> COUNTS = Set.of("contributing_units", "indicator_values", "target_gap_rows",
            "units_ranked", "components");

    private static final Set<String> STATUSES = Set.of("status_zh", "eurostat_status_zh", "escap_status_zh");

    private static final Map<String, StatusColour> COLOURS = Map.ofEntries(
            // TargetGap.Status
            Map.entry("已实现", StatusColour.GREEN), Map.entry("达标", StatusColour.GREEN),
            Map.entry("需加快", StatusColour.AMBER), Map.entry("滞后", StatusColour.RED),
            Map.entry("未实现", StatusColour.RED), Map.entry("超出区间上限", StatusColour.RED),
            Map.entry("低于区间下限", StatusColour.RED),
            Map.entry("基期", StatusColour.GREY), Map.entry("无数据", StatusColour.GREY),
            // ProgressAssessment: Eurostat
            Map.entry("显著进展", StatusColour.GREEN), Map.entry("中等进展", StatusColour.AMBER),
            Map.entry("进展不足", StatusColour.RED), Map.entry("偏离目标", StatusColour.RED),
            Map.entry("无法评估", StatusColour.GREY),
            // ProgressAssessment: ESCAP
            Map.entry("按趋势可实现", StatusColour.GREEN), Map.entry("需加快进度", StatusColour.AMBER),
            Map.entry("趋势背离", StatusColour.RED), Map.entry("按趋势超出区间上限", StatusColour.RED),
            Map.entry("按趋势低于区间下限", StatusColour.RED));

    /** Columns that hold "x" where the cell is withheld by disclosure control. */
    private static final Map<String, Set<String>> WITHHOLDABLE = Map.of(
            "indicator_values", Set.of("value", "numerator", "contributing_units"),
            "county_comparison", Set.of("value"),
            "target_gap", Set.of("actual"));

    /** The mark a withheld cell shows (published.indicator_values.suppressed). */
    public static final String WITHHELD = "x";

    private ColumnFormat() {
    }

    /**
     * The kind of a column from its name and Spark type name ({@code DataType.typeName()}: "string", "integer",
     * "long", "decimal(38,6)", "date", "timestamp", "boolean").
     */
    public static Kind kindOf(String column, String typeName) {
        if (typeName.startsWith("decimal") || typeName.equals("double") || typeName.equals("float")) {
            if (FRACTIONS.contains(column)) {
                return Kind.FRACTION;
            }
            return INDICATOR_VALUES.contains(column) ? Kind.INDICATOR_VALUE : Kind.DECIMAL;
        }
        return switch (typeName) {
            case "integer", "long", "short", "byte" -> COUNTS.contains(column) ? Kind.COUNT : Kind.INTEGER;
            case "date" -> Kind.DATE;
            case "timestamp" -> Kind.TIMESTAMP;
            case "boolean" -> Kind.BOOLEAN;
            default -> STATUSES.contains(column) ? Kind.STATUS : Kind.TEXT;
        };
    }

    /** The colour of a status text, or null for a text that is no status. */
    public static StatusColour colourOf(String status) {
        return status == null ? null : COLOURS.get(status);
    }

    /** Whether a column of a table shows "x" for a withheld cell. */
    public static boolean withholdable(String table, String column) {
        return WITHHOLDABLE.getOrDefault(table, Set.of()).contains(column);
    }

    /**
     * Decimals an indicator's value is shown with: the declared ones, two for amounts in 亿元, one for a share
     * target (a percentage whatever the indicator counts), as the gap table on the console shows them.
     */
    public static int decimalsFor(Integer declared, String unit, String targetKind) {
        if ("share".equals(targetKind)) {
            return 1;
        }
        if ("亿元".equals(unit)) {
            return 2;
        }
        return declared == null ? 2 : declared;
    }

    /** The Excel number format of a kind; decimals only matter for an indicator's value. */
    public static String excelFormat(Kind kind, int decimals) {
        return switch (kind) {
            case FRACTION -> "0.0%";
            case INDICATOR_VALUE -> decimals <= 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
            case COUNT -> "#,##0";
            case INTEGER -> "0";
            case DECIMAL -> "#,##0.00####";
            case DATE -> "yyyy-mm-dd";
            case TIMESTAMP -> "yyyy-mm-dd hh:mm:ss";
            default -> "@";
        };
    }

    /**
     * A decimal as plain text, never with an exponent: an indicator's value at its decimals (published values are
     * already rounded to them), any other without trailing zeros.
     */
    public static String plain(BigDecimal v, Kind kind, int decimals) {
        if (v == null) {
            return "";
        }
        if (kind == Kind.INDICATOR_VALUE && decimals >= 0 && v.scale() >= decimals
                && v.setScale(decimals, RoundingMode.HALF_UP).compareTo(v) == 0) {
            return v.setScale(decimals, RoundingMode.UNNECESSARY).toPlainString();
        }
        if (v.signum() == 0) {
            return "0";
        }
        return v.stripTrailingZeros().toPlainString();
    }
}
