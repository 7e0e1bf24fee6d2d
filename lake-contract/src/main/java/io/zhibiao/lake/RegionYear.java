package io.zhibiao.lake;

import java.util.Comparator;

/** A region in a year: the key of a city's or county's figures. Ordered by region, then year. */
public record RegionYear(String regionCode, int year) implements Comparable<RegionYear> {

    private static final Comparator<RegionYear> ORDER = Comparator.comparing(RegionYear::regionCode)
            .thenComparingInt(RegionYear::year);

    public static RegionYear of(String regionCode, int year) {
        return new RegionYear(regionCode, year);
    }

    @Override
    public int compareTo(RegionYear o) {
        return ORDER.compare(this, o);
    }
}
