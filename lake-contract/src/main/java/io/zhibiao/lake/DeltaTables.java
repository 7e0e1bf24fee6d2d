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

    public static long version(SparkSession spark, String path) {
        if (!exists(spark, path)) {
            return -1;
        }
        // The latest version from the log's listing (no Spark job, unlike history(1)).
        return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path)
                .update(false, scala.Option.empty(), scala.Option.empty()).version();
    }
}
