package io.zhibiao.transforms.source;

import java.math.BigDecimal;
import java.util.List;

/**
 * One delivered column: its silver name, the header text departments use, and the rules it carries.
 *
 * @param validOn  for region codes: the date column the code must be valid on, or {@code year_end:<column>}
 * @param unit     for amounts: 元, 千元 or 万元; silver always holds 元
 * @param min      lower bound: a date for dates, a number in silver units (元) for numbers
 * @param period   the column must equal the delivery period
 * @param references silver table whose key must hold the value, checked only {@code when} that holds
 */
public record ColumnSpec(
        String name,
        String header,
        ColumnType type,
        boolean required,
        String pattern,
        List<String> values,
        String validOn,
        String unit,
        String min,
        String max,
        boolean period,
        String references,
        String when) implements java.io.Serializable {

    /** Lower bound of a number column in silver units (元 for amounts), or null. */
    public BigDecimal minNumber() {
        return min == null ? null : new BigDecimal(min);
    }

    /** Upper bound of a number column in silver units (元 for amounts), or null. */
    public BigDecimal maxNumber() {
        return max == null ? null : new BigDecimal(max);
    }

    /** Multiplier from the delivered unit to 元. */
    public BigDecimal unitFactor() {
        if (unit == null || unit.equals("元")) {
            return BigDecimal.ONE;
        }
        return switch (unit) {
            case "千元" -> BigDecimal.valueOf(1_000);
            case "万元" -> BigDecimal.valueOf(10_000);
            case "亿元" -> BigDecimal.valueOf(100_000_000);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    /** The year column whose 31 December the region code must be valid on, or null. */
    public String validOnYearEndColumn() {
        return validOn != null && validOn.startsWith("year_end:") ? validOn.substring("year_end:".length()) : null;
    }

    /** The date column the region code must be valid on, or null. */
    public String validOnDateColumn() {
        return validOn != null && !validOn.startsWith("year_end:") ? validOn : null;
    }
}
