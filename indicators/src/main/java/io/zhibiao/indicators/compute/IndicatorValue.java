package io.zhibiao.indicators.compute;

import java.math.BigDecimal;

/**
 * An indicator's value for a region and year, with what it was computed from. {@code value} is null when it
 * cannot be computed (a ratio whose denominator is zero or missing).
 */
public record IndicatorValue(String indicatorId, String regionCode, int year, BigDecimal value, BigDecimal numerator,
                             BigDecimal denominator, long units) {
}
