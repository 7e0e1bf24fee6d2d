package io.zhibiao.lake;

import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tagged commits (Delta userMetadata "zhibiao:…") of the tables a job writes, read once per table and job.
 * A job consults it to skip a write a crashed earlier run already committed. Safe to share between a job's threads.
 */
public final class TaggedCommits {

    private final SparkSession spark;
    private final Map<String, Map<String, Long>> byTable = new java.util.concurrent.ConcurrentHashMap<>();

    public TaggedCommits(SparkSession spark) {
        this.spark = spark;
    }

    public Optional<Long> version(String path, String tag) {
        return Optional.ofNullable(tags(path).get(tag));
    }

    public boolean has(String path, String tag) {
        return tags(path).containsKey(tag);
    }

    private Map<String, Long> tags(String path) {
        return byTable.computeIfAbsent(path, p -> {
            Map<String, Long> m = new HashMap<>();
            if (DeltaTables.exists(spark, p)) {
                for (Row r : DeltaTable.forPath(spark, p).history().select("version", "userMetadata")
                        .filter("userMetadata LIKE 'zhibiao:%'").collectAsList()) {
                    m.putIfAbsent(r.getString(1), r.getLong(0));
                }
            }
            return m;
        });
    }
}
