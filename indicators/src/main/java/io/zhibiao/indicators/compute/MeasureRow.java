package io.zhibiao.indicators.compute;

import java.math.BigDecimal;

/**
 * One row a measure query returned: a sum or count for a county or zone and year, and how many units made it.
 * {@code largest} and {@code secondLargest} are the two largest single contributions, where the query returns them
 * (columns largest, second_largest) for disclosure control; null otherwise.
 */
public record MeasureRow(int year, String regionCode, BigDecimal value, long units, BigDecimal largest,
                         BigDecimal secondLargest) {

    public MeasureRow(int year, String regionCode, BigDecimal value, long units) {
        this(year, regionCode, value, units, null, null);
    }
}
