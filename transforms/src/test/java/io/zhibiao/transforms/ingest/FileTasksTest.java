package io.zhibiao.transforms.ingest;

import static io.zhibiao.transforms.LandingFixture.STATS_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.LandingFixture;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landing files are read in Spark tasks (issue 17): packed by size over the task slots, checked to their end before
 * any row is taken, and read again for their rows only if their bytes are still the ones checked.
 */
class FileTasksTest {

    private final SparkSession spark = SparkTestSession.get();
    private final SourceRegistry registry = SourceRegistry.loadDefault();

    @TempDir
    Path dir;

    private static String row(int i) {
        // a county code of Luoyang (410300 + i) and the six numbers of county_stats for 2024
        return (410300 + i) + ",2024,5000000,480000,2000000,800000," + (100 + i);
    }

    private static String[] stats(int rows) {
        String[] lines = new String[rows + 1];
        lines[0] = STATS_HEADER;
        for (int i = 1; i <= rows; i++) {
            lines[i] = row(i);
        }
        return lines;
    }

    private FileTasks.FileToRead toRead(Path file) throws IOException {
        String sha = FileTasks.sha256(Files.newInputStream(file));
        return new FileTasks.FileToRead("county_stats", file.toUri().toString(),
                "landing/county_stats/2024/" + file.getFileName(), sha, "2024", Files.size(file),
                Files.getLastModifiedTime(file).toMillis());
    }

    @Test
    void filesAreCheckedInTasksAndTheirResultsComeBackInTheGivenOrder() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        // five files of 9, 1, 5, 0 and 3 rows, one of 1 row with two undeclared columns, and one cut off (no line break
        // after its last record)
        List<FileTasks.FileToRead> files = new ArrayList<>();
        int[] rows = {9, 1, 5, 0, 3};
        for (int i = 0; i < rows.length; i++) {
            files.add(toRead(f.write("county_stats", "2024", "s" + i + ".csv", StandardCharsets.UTF_8, stats(rows[i]))));
        }
        // a file with two columns sources.yaml does not declare, kept in _extra_columns
        files.add(toRead(f.write("county_stats", "2024", "extra.csv", StandardCharsets.UTF_8,
                STATS_HEADER + ",备注,填报人", row(7) + ",待核,王")));
        files.add(toRead(f.writeExactly("county_stats", "2024", "cut.csv", StandardCharsets.UTF_8,
                STATS_HEADER + "\n" + row(1) + "\n" + row(2))));
        List<Long> tasks = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                tasks.add(end.taskInfo().taskId());
            }
        };
        spark.sparkContext().addSparkListener(listener);
        List<FileTasks.Checked> checked;
        try {
            checked = FileTasks.check(spark, registry.sources(), files);
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        // local[2]: seven files packed into two tasks
        assertThat(tasks).hasSize(2);
        assertThat(checked).extracting(FileTasks.Checked::rows).containsExactly(9L, 1L, 5L, 0L, 3L, 1L, 0L);
        assertThat(checked.subList(0, 6)).allMatch(FileTasks.Checked::accepted);
        assertThat(checked.get(5).extraHeaders()).containsExactly("备注", "填报人");
        assertThat(checked.get(0).charset()).isEqualTo("UTF-8");
        // the SHA-256 of the bytes the rows were read from, the one the driver computed when it listed the file
        assertThat(checked.get(2).sha256()).isEqualTo(files.get(2).sha256());
        assertThat(checked.get(6).accepted()).isFalse();
        assertThat(checked.get(6).rejection()).startsWith("ends without a line break after its last record (line 3, row 2)");

        // The rows of the six accepted files: 9 + 1 + 5 + 0 + 3 + 1 = 19, with their lineage, in two partitions.
        SourceSpec stats = registry.require("county_stats");
        Dataset<Row> out = FileTasks.rows(spark, stats, BronzeIngest.bronzeSchema(stats), files.subList(0, 6),
                List.of(9L, 1L, 5L, 0L, 3L, 1L), "b1", Timestamp.from(Instant.parse("2026-12-02T00:00:00Z")));
        assertThat(out.rdd().getNumPartitions()).isEqualTo(2);
        assertThat(out.count()).isEqualTo(19);
        Row extra = out.filter("_source_file = 'landing/county_stats/2024/extra.csv'").head();
        assertThat(extra.<scala.collection.Map<String, String>>getAs("_extra_columns").get("备注").get()).isEqualTo("待核");
        assertThat(out.filter("_source_file = 'landing/county_stats/2024/extra.csv'")
                .selectExpr("_extra_columns['填报人']").head().getString(0)).isEqualTo("王");
        Row third = out.filter("_source_file = 'landing/county_stats/2024/s2.csv' AND _row_number = 3").head();
        assertThat(third.<String>getAs("region_code")).isEqualTo("410303");
        assertThat(third.<Long>getAs("_line_number")).isEqualTo(4L);
        assertThat(third.<String>getAs("_file_sha256")).isEqualTo(files.get(2).sha256());
        assertThat(third.<String>getAs("_batch_id")).isEqualTo("b1");
    }

    @Test
    void aFileChangedAfterItWasCheckedFailsTheWriteAndNothingIsCommitted() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        Path file = f.write("county_stats", "2024", "s.csv", StandardCharsets.UTF_8, stats(3));
        FileTasks.FileToRead read = toRead(file);
        assertThat(FileTasks.check(spark, registry.sources(), List.of(read)).get(0).rows()).isEqualTo(3);
        // The supplier's upload is still going on: a fourth row arrives after the check.
        Files.writeString(file, String.join("\n", stats(4)) + "\n", StandardCharsets.UTF_8);
        SourceSpec stats = registry.require("county_stats");
        String bronze = Lake.at(dir).bronze("county_stats");
        Dataset<Row> rows = FileTasks.rows(spark, stats, BronzeIngest.bronzeSchema(stats), List.of(read), List.of(3L),
                "b1", Timestamp.from(Instant.now()));
        assertThatThrownBy(() -> DeltaTables.append(rows, bronze, "test"))
                .hasStackTraceContaining("landing/county_stats/2024/s.csv changed while it was being ingested (its SHA-256 is now")
                .hasStackTraceContaining("nothing of its source was taken in this run");
        assertThat(DeltaTables.exists(spark, bronze)).isFalse();
    }

    @Test
    void identicalFilesInOneRunAreOneDeliveryUnlessTheFirstIsRejected() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        // a.csv, b.csv and c.csv hold the same two rows. a.csv's manifest states 3 rows, so a.csv is rejected; b.csv is
        // then the delivery (2 rows to bronze) and c.csv the same delivery again, not judged by its own manifest (which
        // states 5), as when the files were read one after the other.
        for (String name : List.of("a.csv", "b.csv", "c.csv")) {
            f.write("county_stats", "2024", name, StandardCharsets.UTF_8, stats(2));
        }
        f.writeExactly("county_stats", "2024", "a.csv.manifest", StandardCharsets.UTF_8, "rows=3\n");
        f.writeExactly("county_stats", "2024", "c.csv.manifest", StandardCharsets.UTF_8, "rows=5\n");
        IngestReport report = new BronzeIngest(spark, Lake.at(dir), registry)
                .ingest(RunId.at(Instant.parse("2026-12-02T01:00:00Z")), Optional.empty(), Optional.of("county_stats"));
        List<FileOutcome> files = report.sources().get(0).files();
        assertThat(files).extracting(FileOutcome::file).containsExactly("landing/county_stats/2024/a.csv",
                "landing/county_stats/2024/b.csv", "landing/county_stats/2024/c.csv");
        assertThat(files).extracting(FileOutcome::status).containsExactly(FileOutcome.Status.REJECTED,
                FileOutcome.Status.INGESTED, FileOutcome.Status.ALREADY_INGESTED);
        assertThat(files.get(0).reason()).contains("states 3");
        assertThat(report.rowsIngested()).isEqualTo(2);
        assertThat(spark.read().format("delta").load(Lake.at(dir).bronze("county_stats")).count()).isEqualTo(2);

        // Next run: b.csv has gained a manifest that cannot be read. The delivery is in the lake, so none of the three
        // copies is judged again (a.csv's bytes too are now a delivery the lake holds).
        f.writeExactly("county_stats", "2024", "b.csv.manifest", StandardCharsets.UTF_8, "rows=two\n");
        IngestReport again = new BronzeIngest(spark, Lake.at(dir), registry)
                .ingest(RunId.at(Instant.parse("2026-12-02T02:00:00Z")), Optional.empty(), Optional.of("county_stats"));
        assertThat(again.sources().get(0).files()).extracting(FileOutcome::status).containsExactly(
                FileOutcome.Status.ALREADY_INGESTED, FileOutcome.Status.ALREADY_INGESTED,
                FileOutcome.Status.ALREADY_INGESTED);
        assertThat(again.rowsIngested()).isZero();
    }
}
