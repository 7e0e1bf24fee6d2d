package io.zhibiao.transforms.standard;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** silver.region as validity periods: what refinement checks codes against and publication restates by. */
public final class RegionTable {

    private RegionTable() {
    }

    /** Every period of silver.region; empty when the lake has no region list yet. */
    public static List<RegionIndex.Period> read(SparkSession spark, Lake lake, String table) {
        String path = lake.silver(table);
        if (!DeltaTables.exists(spark, path)) {
            return List.of();
        }
        return spark.read().format("delta").load(path)
                .select("region_code", "region_name", "region_kind", "valid_from", "valid_to", "successor_code")
                .orderBy("region_code", "valid_from").collectAsList().stream()
                .map(r -> new RegionIndex.Period(r.getString(0), r.getString(1), r.getString(2),
                        r.getDate(3).toLocalDate(), r.isNullAt(4) ? null : r.getDate(4).toLocalDate(), r.getString(5)))
                .toList();
    }
}
