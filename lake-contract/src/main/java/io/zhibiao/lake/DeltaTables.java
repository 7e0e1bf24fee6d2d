package io.zhibiao.lake;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Small helpers over Delta tables addressed by path. */
public final class DeltaTables {

    private DeltaTables() {
    }

    public static boolean exists(SparkSession spark, String path) {
        return DeltaTable.isDeltaTable(spark, path);
    }

    /** The table, or an empty frame of {@code schema} when it does not exist yet. */
    public static Dataset<Row> readOrEmpty(SparkSession spark, String path, StructType schema) {
        if (exists(spark, path)) {
            return spark.read().format("delta").load(path);
        }
        return spark.createDataFrame(List.of(), schema);
    }

    /** Appends in one commit, tagged so the commit can be found in the table history. */
    public static void append(Dataset<Row> rows, String path, String commitTag) {
        rows.write().format("delta").mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .option("userMetadata", commitTag)
                .save(path);
    }

    /** Creates an empty table with {@code schema} if there is none yet. */
    public static void createIfMissing(SparkSession spark, String path, StructType schema) {
        if (!exists(spark, path)) {
            // An empty append creates the table (version 0) with the schema and its column comments.
            spark.createDataFrame(List.of(), schema).write().format("delta").mode(SaveMode.Append).save(path);
        }
    }

    /**
     * The rows of the table's latest version: from its log's checksum file where that states them
     * ({@link DeltaLogRows}, no Spark job), else counted by Spark; 0 when there is no table.
     */
    public static long rows(SparkSession spark, String path) {
        java.util.OptionalLong logged = DeltaLogRows.of(spark.sparkContext().hadoopConfiguration(), path);
        if (logged.isPresent()) {
            return logged.getAsLong();
        }
        return exists(spark, path) ? spark.read().format("delta").load(path).count() : 0;
    }

    /**
     * The table's identity as it is now, "table id@version" (empty when there is no table): two reads with the same
     * identity read the same rows. The id is the one Delta gives a table when it is created, so a table deleted and
     * made again at the same path is another identity even at the same version. From the log, no Spark job.
     */
    public static java.util.Optional<String> identity(SparkSession spark, String path) {
        if (!exists(spark, path)) {
            return java.util.Optional.empty();
        }
        org.apache.spark.sql.delta.Snapshot s = org.apache.spark.sql.delta.DeltaLog.forTable(spark, path)
                .update(false, scala.Option.empty(), scala.Option.empty());
        return java.util.Optional.of(s.metadata().id() + "@" + s.version());
    }

    public static long version(SparkSession spark, String path) {
        if (!exists(spark, path)) {
            return -1;
        }
        // The latest version from the log's listing (no Spark job, unlike history(1)).
        return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path)
                .update(false, scala.Option.empty(), scala.Option.empty()).version();
    }
}
