package io.zhibiao.indicators.compute;

import java.math.BigDecimal;

/** One row a measure query returned: a sum or count for a county or zone and year, and how many units made it. */
public record MeasureRow(int year, String regionCode, BigDecimal value, long units) {
}
