package io.zhibiao.lake;

import java.util.Comparator;

/** One cell of the indicator tables: an indicator's value for a region in a year. Ordered by all three. */
public record CellKey(String indicatorId, String regionCode, int year) implements Comparable<CellKey> {

    private static final Comparator<CellKey> ORDER = Comparator.comparing(CellKey::indicatorId)
            .thenComparing(CellKey::regionCode).thenComparingInt(CellKey::year);

    public static CellKey of(String indicatorId, String regionCode, int year) {
        return new CellKey(indicatorId, regionCode, year);
    }

    /** The region and year of the cell. */
    public RegionYear regionYear() {
        return new RegionYear(regionCode, year);
    }

    @Override
    public int compareTo(CellKey o) {
        return ORDER.compare(this, o);
    }
}
