package io.zhibiao.transforms;

import io.zhibiao.lake.Sessions;
import org.apache.spark.sql.SparkSession;

/** The one Spark session of a test JVM: local[2], two shuffle partitions, no UI. */
public final class SparkTestSession {

    private static SparkSession spark;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = Sessions.create("zhibiao-test", "local[2]", 2);
        }
        return spark;
    }
}
