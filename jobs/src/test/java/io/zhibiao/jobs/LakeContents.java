package io.zhibiao.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What a lake holds, table by table, as two lakes built from the same landing files must hold it whatever the path
 * their runs took (killed and rerun, incremental or {@code --full}): bronze, silver, quarantine, audit/duplicates,
 * audit/files, gold and published, each as the SHA-256 of its rows' sorted JSON after dropping the columns that name a
 * run or a moment.
 */
final class LakeContents {

    /** Columns that name a run or a moment, never the data: different in any two runs, however correct. */
    static final List<String> RUN_COLUMNS = List.of("_batch_id", "batch_id", "kept_batch_id", "_ingested_at",
            "ingested_at", "_refined_at", "refined_at", "recorded_at", "quarantined_at", "run_id", "published_at",
            "computed_at", "checked_at", "seconds", "table_versions", "input_fingerprint");

    /** Audit tables that log runs (one row per attempt, so a killed run adds rows) rather than hold data. */
    static final List<String> RUN_LOGS = List.of("audit/runs", "audit/checks", "audit/accounting",
            "audit/revision_warnings");

    private LakeContents() {
    }

    /** zone/table → "N rows sha256"; bronze also lists any (file checksum, period, row) held twice. */
    static Map<String, String> of(SparkSession spark, Path lake) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String zone : List.of("bronze", "silver", "quarantine", "audit", "gold", "published")) {
            Path z = lake.resolve(zone);
            if (!Files.isDirectory(z)) {
                continue;
            }
            try (Stream<Path> tables = Files.list(z)) {
                for (Path t : tables.sorted().toList()) {
                    String name = zone + "/" + t.getFileName();
                    if (!Files.isDirectory(t.resolve("_delta_log")) || RUN_LOGS.contains(name)) {
                        continue;
                    }
                    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, t.toString())) {
                        out.put(name, "a table folder without a commit (left by a stopped write)");
                        continue;
                    }
                    Dataset<Row> d = spark.read().format("delta").load(t.toString());
                    List<String> keep = Arrays.stream(d.columns()).filter(c -> !RUN_COLUMNS.contains(c)).toList();
                    if (zone.equals("bronze")) {
                        long rows = d.count();
                        long distinct = d.select("_file_sha256", "_period", "_row_number").distinct().count();
                        if (rows != distinct) {
                            out.put(name + " (file, period, row) twice", (rows - distinct) + " rows");
                        }
                    }
                    List<String> json = d.select(functions.to_json(functions.struct(keep.stream().map(functions::col)
                            .toArray(Column[]::new)))).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
                    out.put(name, json.size() + " rows " + sha256(String.join("\n", json)));
                }
            }
        }
        return out;
    }

    /** The tables whose contents differ between two lakes, or that only one of them holds. */
    static List<String> differing(Map<String, String> expected, Map<String, String> got) {
        List<String> differs = new java.util.ArrayList<>();
        for (String t : expected.keySet()) {
            if (!expected.get(t).equals(got.get(t))) {
                differs.add(t);
            }
        }
        for (String t : got.keySet()) {
            if (!expected.containsKey(t)) {
                differs.add(t + " (not in the other lake)");
            }
        }
        return differs;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
