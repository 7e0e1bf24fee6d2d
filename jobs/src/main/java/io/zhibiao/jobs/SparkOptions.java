package io.zhibiao.jobs;

import io.zhibiao.lake.Sessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark options every command that starts Spark takes (a picocli mixin). */
public final class SparkOptions {

    @Option(names = "--master", defaultValue = "local[*]",
            description = "Spark master when not launched by spark-submit (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--shuffle-partitions", defaultValue = "4",
            description = "spark.sql.shuffle.partitions (default: ${DEFAULT-VALUE}).")
    int shufflePartitions;

    /** The Delta-enabled session these options describe. */
    public SparkSession session(String appName) {
        return Sessions.create(appName, master, shufflePartitions);
    }
}
