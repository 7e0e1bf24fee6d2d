package io.zhibiao.lake.published;

import io.zhibiao.lake.LakeTable;
import java.util.List;

/**
 * The tables a release consists of: gold (values with numerators and denominators, target gaps and county
 * comparison as computed) and published (what BI tools, exports and the JDBC server read: labelled, rounded as
 * declared, confidential cells withheld). Each is written as a whole per release and read through
 * {@link io.zhibiao.lake.Releases}.
 */
public final class PublishedTables {

    public static final LakeTable<GoldIndicatorValue> GOLD_INDICATOR_VALUES = new LakeTable<>("gold", "indicator_values",
            GoldIndicatorValue.class, List.of("indicator_id", "region_code", "year"), List.of());
    public static final LakeTable<TargetGapRow> GOLD_TARGET_GAP = new LakeTable<>("gold", "target_gap",
            TargetGapRow.class, List.of("target_id", "region_code", "year"), List.of());
    public static final LakeTable<CountyComparisonRow> GOLD_COUNTY_COMPARISON = new LakeTable<>("gold",
            "county_comparison", CountyComparisonRow.class, List.of("indicator_id", "region_code", "year"), List.of());
    public static final LakeTable<PublishedIndicatorValue> INDICATOR_VALUES = new LakeTable<>("published",
            "indicator_values", PublishedIndicatorValue.class,
            List.of("release_no", "indicator_id", "region_code", "year"), List.of());
    public static final LakeTable<TargetGapRow> TARGET_GAP = new LakeTable<>("published", "target_gap",
            TargetGapRow.class, List.of("release_no", "target_id", "region_code", "year"), List.of());
    public static final LakeTable<CountyComparisonRow> COUNTY_COMPARISON = new LakeTable<>("published",
            "county_comparison", CountyComparisonRow.class, List.of("release_no", "indicator_id", "region_code", "year"),
            List.of());
    public static final LakeTable<CatalogIndicator> INDICATORS = new LakeTable<>("published", "indicators",
            CatalogIndicator.class, List.of("release_no", "indicator_id"), List.of());
    public static final LakeTable<CatalogTarget> TARGETS = new LakeTable<>("published", "targets", CatalogTarget.class,
            List.of("release_no", "target_id"), List.of());
    public static final LakeTable<CompositeIndexRow> COMPOSITE_INDEX = new LakeTable<>("published", "composite_index",
            CompositeIndexRow.class, List.of("release_no", "index_id", "region_code", "year"), List.of());
    public static final LakeTable<CompositeSensitivity> COMPOSITE_SENSITIVITY = new LakeTable<>("published",
            "composite_sensitivity", CompositeSensitivity.class, List.of("release_no", "index_id", "city_code", "year"),
            List.of());
    public static final LakeTable<RegionPeriod> REGIONS = new LakeTable<>("published", "regions", RegionPeriod.class,
            List.of("release_no", "region_code", "valid_from"), List.of());
    public static final LakeTable<Revision> REVISIONS = new LakeTable<>("published", "revisions", Revision.class,
            List.of("release_no", "indicator_id", "region_code", "year"), List.of());

    /** Every table of a release, in the order promotion writes them. */
    public static final List<LakeTable<?>> RELEASE = List.of(GOLD_INDICATOR_VALUES, GOLD_TARGET_GAP,
            GOLD_COUNTY_COMPARISON, INDICATOR_VALUES, TARGET_GAP, COUNTY_COMPARISON, INDICATORS, TARGETS, COMPOSITE_INDEX,
            COMPOSITE_SENSITIVITY, REGIONS, REVISIONS);

    private PublishedTables() {
    }

    /** The names of {@link #RELEASE}, as zone.table. */
    public static List<String> releaseNames() {
        return RELEASE.stream().map(LakeTable::qualified).toList();
    }
}
