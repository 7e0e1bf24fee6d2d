package io.zhibiao.indicators.disclosure;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One cell before disclosure control: a numerator for one region and year, with what the rules need to know about
 * who made it. The values are in the numerator's own unit (before the indicator's multiplier) and never leave the
 * disclosure package: the publication-side types carry no value for suppressed cells.
 *
 * @param measureKey    the numerator the cell belongs to ({@link DisclosureControl#measureKey}); indicators
 *                      sharing it share one suppression pattern
 * @param year          the year
 * @param regionCode    a county, district or functional zone, or the city
 * @param cityTotal     whether this is the city total (the sum of the table's unit cells)
 * @param value         the cell value, ≥ 0
 * @param contributors  distinct enterprises contributing (0 for a structural zero)
 * @param largest       the largest single enterprise's contribution (0 without contributors)
 * @param secondLargest the second largest (0 with fewer than two contributors)
 */
public record Cell(String measureKey, int year, String regionCode, boolean cityTotal, BigDecimal value, long contributors,
                   BigDecimal largest, BigDecimal secondLargest) {

    public Cell {
        Objects.requireNonNull(measureKey, "measureKey");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(largest, "largest");
        Objects.requireNonNull(secondLargest, "secondLargest");
        String where = measureKey + " " + regionCode + " " + year + ": ";
        if (value.signum() < 0 || largest.signum() < 0 || secondLargest.signum() < 0 || contributors < 0) {
            throw new IllegalArgumentException(where + "values and the contributor count must not be negative");
        }
        if (secondLargest.compareTo(largest) > 0 || largest.add(secondLargest).compareTo(value) > 0) {
            throw new IllegalArgumentException(where + "needs second largest ≤ largest and largest + second largest ≤ value"
                    + " (got " + largest.toPlainString() + ", " + secondLargest.toPlainString() + ", "
                    + value.toPlainString() + ")");
        }
        if (contributors == 0 && value.signum() != 0) {
            throw new IllegalArgumentException(where + "has a value without contributors");
        }
        if (contributors < 2 && secondLargest.signum() != 0) {
            throw new IllegalArgumentException(where + "has a second largest contributor but fewer than two contributors");
        }
    }

    /** A county, district or functional zone. */
    public static Cell unit(String measureKey, int year, String regionCode, BigDecimal value, long contributors,
                            BigDecimal largest, BigDecimal secondLargest) {
        return new Cell(measureKey, year, regionCode, false, value, contributors, largest, secondLargest);
    }

    /** The city total of a table. */
    public static Cell city(String measureKey, int year, String regionCode, BigDecimal value, long contributors,
                            BigDecimal largest, BigDecimal secondLargest) {
        return new Cell(measureKey, year, regionCode, true, value, contributors, largest, secondLargest);
    }

    /**
     * The city total made from its units, when every enterprise is attributed to one unit: values and contributor
     * counts add up, the city's two largest contributors are the two largest of the units' largest and second
     * largest.
     */
    public static Cell cityOf(String regionCode, Iterable<Cell> units) {
        return combine(regionCode, true, units);
    }

    /**
     * A unit made of parts that hold distinct enterprises (the rows a measure query returned for one unit and year,
     * when it groups by more than the unit): summed like {@link #cityOf}.
     */
    public static Cell unitOf(String regionCode, Iterable<Cell> parts) {
        return combine(regionCode, false, parts);
    }

    private static Cell combine(String regionCode, boolean cityTotal, Iterable<Cell> parts) {
        String key = null;
        Integer year = null;
        BigDecimal value = BigDecimal.ZERO;
        long contributors = 0;
        BigDecimal first = BigDecimal.ZERO;
        BigDecimal second = BigDecimal.ZERO;
        for (Cell u : parts) {
            if (u.cityTotal()) {
                throw new IllegalArgumentException(u.regionCode() + " is a city total, not a unit");
            }
            if (key == null) {
                key = u.measureKey();
                year = u.year();
            } else if (!key.equals(u.measureKey()) || year != u.year()) {
                throw new IllegalArgumentException("parts of one total must share measure and year; "
                        + u.regionCode() + " is " + u.measureKey() + " " + u.year() + ", not " + key + " " + year);
            }
            value = value.add(u.value());
            contributors += u.contributors();
            for (BigDecimal x : new BigDecimal[] {u.largest(), u.secondLargest()}) {
                if (x.compareTo(first) > 0) {
                    second = first;
                    first = x;
                } else if (x.compareTo(second) > 0) {
                    second = x;
                }
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("a total needs at least one part");
        }
        return new Cell(key, year, regionCode, cityTotal, value, contributors, first, second);
    }
}
