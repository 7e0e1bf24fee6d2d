package io.zhibiao.lake;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A small release of three tables, the shape of a real one (a gold table and two published tables): release N
 * holds N + 1 rows in each, every row stamped with N, so a reader can tell whether what it sees is one whole
 * release. Also the main of the process the crash tests kill.
 */
public final class ReleaseFixture {

    static final List<String> TABLES = List.of("gold.values", "published.values", "published.gaps");
    static final StructType SCHEMA = new TableSchema().integer("release_no", "发布批次").integer("k", "序号")
            .string("label", "标签").build();

    private ReleaseFixture() {
    }

    static SparkSession spark() {
        return Sessions.create("zhibiao-lake-test", "local[2]", 2);
    }

    /** Promotes the release after the current one; returns its number. */
    static int publishNext(SparkSession spark, Lake lake) {
        int number = new Releases(spark, lake).current().map(r -> r.number() + 1).orElse(1);
        String run = "run-" + number + "-" + System.nanoTime();
        // as zhibiao run promotes an audited release: from rows in memory, no candidate written
        new ReleaseWriter(spark, lake).promote(run, TABLES, t -> rows(spark, number, t), record(number, run));
        return number;
    }

    /** Release {@code number}'s rows of {@code table}: number + 1 of them, each stamped with the number. */
    static Dataset<Row> rows(SparkSession spark, int number, String table) {
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k <= number; k++) {
            rows.add(RowFactory.create(number, k, table + " of release " + number));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The pointer row of release {@code number} (the columns of Releases.SCHEMA but table_versions). */
    static Map<String, Object> record(int number, String run) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("release_no", number);
        record.put("run_id", run);
        record.put("data_cutoff", LocalDate.of(2025, 12, 31));
        record.put("published_at", Instant.now());
        record.put("input_fingerprint", "fixture-" + number);
        record.put("indicator_catalog_sha256", "-");
        record.put("target_catalog_sha256", "-");
        record.put("indicator_values", (long) number + 1);
        record.put("target_gap_rows", (long) number + 1);
        record.put("synthetic", true);
        record.put("data_note", "fixture");
        return record;
    }

    /** args: lake directory. Publishes the next release (and halts where -Dzhibiao.crash-at says). */
    public static void main(String[] args) {
        SparkSession spark = spark();
        publishNext(spark, Lake.at(Path.of(args[0])));
        spark.stop();
    }
}
