package io.zhibiao.lake;

import org.apache.spark.sql.SparkSession;

/** The one way zhibiao builds a Spark session, so every entry point gets Delta and the same settings. */
public final class Sessions {

    private Sessions() {
    }

    /**
     * A session with Delta Lake enabled. When launched by spark-submit the master and resources come from
     * there; otherwise {@code defaultMaster} (e.g. local[*]) is used.
     */
    public static SparkSession create(String appName, String defaultMaster, int shufflePartitions) {
        SparkSession.Builder b = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.session.timeZone", "Asia/Shanghai")
                .config("spark.sql.ansi.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // A column added to sources.yaml reaches silver through MERGE as it reaches bronze through append.
                .config("spark.databricks.delta.schema.autoMerge.enabled", "true")
                // The lake's tables are registered by location (LakeCatalog); nothing is ever managed here.
                .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/zhibiao-spark-warehouse");
        if (System.getProperty("spark.master") == null) {
            b = b.master(defaultMaster).config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }
}
