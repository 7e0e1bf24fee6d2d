package io.zhibiao.lake;

import java.util.Comparator;

/** An indicator's series for one region, all years: the key of a target path or of a region's values by year. */
public record IndicatorRegion(String indicatorId, String regionCode) implements Comparable<IndicatorRegion> {

    private static final Comparator<IndicatorRegion> ORDER = Comparator.comparing(IndicatorRegion::indicatorId)
            .thenComparing(IndicatorRegion::regionCode);

    public static IndicatorRegion of(String indicatorId, String regionCode) {
        return new IndicatorRegion(indicatorId, regionCode);
    }

    @Override
    public int compareTo(IndicatorRegion o) {
        return ORDER.compare(this, o);
    }
}
