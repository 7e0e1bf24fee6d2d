package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.files.TahoeBatchFileIndex;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans planned from kept file lists ({@link ScanFileLists}) read what Delta's own planning reads: the latest version
 * at planning time, a time-travel version, a table made again at the same path, an overwrite, a merge, a version whose
 * checksum file is gone — and the checksum's file list is the one Delta's state holds.
 */
class ScanFileListsTest {

    private final SparkSession spark = ReleaseFixture.spark();

    private Dataset<Row> table(Path t) {
        return spark.read().format("delta").load(t.toString());
    }

    private static Set<Long> ids(Dataset<Row> d) {
        Set<Long> ids = new TreeSet<>();
        d.collectAsList().forEach(r -> ids.add(r.getLong(0)));
        return ids;
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> s = new TreeSet<>();
        for (long i = from; i < to; i++) {
            s.add(i);
        }
        return s;
    }

    private static List<String> scanIndexes(Dataset<Row> d) {
        SparkPlan plan = d.queryExecution().executedPlan();
        return scala.collection.JavaConverters.seqAsJavaList(plan.collectLeaves()).stream()
                .filter(p -> p instanceof FileSourceScanExec)
                .map(p -> ((FileSourceScanExec) p).relation().location().getClass().getSimpleName()).toList();
    }

    private static Set<String> paths(scala.collection.Seq<AddFile> files) {
        Set<String> s = new TreeSet<>();
        scala.collection.JavaConverters.seqAsJavaList(files).forEach(f -> s.add(f.path()));
        return s;
    }

    @Test
    void everyReadSeesTheVersionDeltaWouldPlanAt(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        spark.range(0, 3).write().format("delta").save(t.toString());
        spark.range(3, 6).write().format("delta").mode("append").save(t.toString());
        ScanFileLists.Counts before = ScanFileLists.counts();

        // the rule is in effect: the scan's index is a list, not Delta's log-backed index
        Dataset<Row> live = table(t);
        assertThat(scanIndexes(live)).containsExactly(TahoeBatchFileIndex.class.getSimpleName());
        assertThat(ids(live)).isEqualTo(range(0, 6));
        // version 1's list came from its checksum file (two files, a small unpartitioned table), and a second read reuses it
        assertThat(ids(table(t).filter("id > 1"))).isEqualTo(range(2, 6));
        ScanFileLists.Counts after = ScanFileLists.counts();
        assertThat(after.fromChecksum() - before.fromChecksum()).isEqualTo(1);
        assertThat(after.reused() - before.reused()).isGreaterThanOrEqualTo(1);
        assertThat(after.fromState()).isEqualTo(before.fromState());

        // a query planned after a commit, on a frame made before it, reads the new version as Delta's planning does:
        // ids 0–8 (a frame already run keeps the plan it ran with, as with Delta's own planning)
        spark.range(6, 9).write().format("delta").mode("append").save(t.toString());
        assertThat(ids(live.select("id"))).isEqualTo(range(0, 9));
        assertThat(live.count()).isEqualTo(9);
        // time travel reads the version asked for, by frame and by SQL
        assertThat(ids(spark.read().format("delta").option("versionAsOf", 0).load(t.toString()))).isEqualTo(range(0, 3));
        assertThat(ids(spark.sql("SELECT id FROM delta.`" + t + "` VERSION AS OF 1"))).isEqualTo(range(0, 6));
        // one query, two reads of the table: one version (9 rows each side of the union)
        assertThat(table(t).unionAll(table(t)).count()).isEqualTo(18);

        // an overwrite removes the old files from the list: ids 100–101 only
        spark.range(100, 102).write().format("delta").mode("overwrite").save(t.toString());
        assertThat(ids(table(t))).isEqualTo(range(100, 102));
        // a merge updates 101 (to 101, a rewritten file) and inserts 102–103: ids 100–103
        DeltaTable.forPath(spark, t.toString()).as("t").merge(spark.range(101, 104).toDF().as("s"), "t.id = s.id")
                .whenMatched().updateAll().whenNotMatched().insertAll().execute();
        assertThat(ids(table(t))).isEqualTo(range(100, 104));
    }

    @Test
    void aTableMadeAgainAtTheSamePathIsNotReadFromTheOldList(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        spark.range(0, 5).write().format("delta").save(t.toString());
        assertThat(ids(table(t))).isEqualTo(range(0, 5));
        deleteTree(t);
        // version 0 again, another table id, other rows
        spark.range(50, 52).write().format("delta").save(t.toString());
        assertThat(ids(table(t))).isEqualTo(range(50, 52));
    }

    @Test
    void withoutItsChecksumFileAVersionsListComesFromDeltasState(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        spark.range(0, 4).write().format("delta").save(t.toString());
        spark.range(4, 7).write().format("delta").mode("append").save(t.toString());
        spark.range(7, 8).write().format("delta").mode("append").save(t.toString());
        Files.delete(t.resolve("_delta_log/00000000000000000002.crc"));
        DeltaLog.clearCache();
        ScanFileLists.Counts before = ScanFileLists.counts();
        assertThat(ids(table(t))).isEqualTo(range(0, 8));
        assertThat(ScanFileLists.counts().fromState() - before.fromState()).isEqualTo(1);
    }

    @Test
    void theChecksumsListIsTheListDeltasStateHolds(@TempDir Path dir) {
        Path t = dir.resolve("t");
        spark.range(0, 10).repartition(3).write().format("delta").save(t.toString());
        spark.range(10, 12).write().format("delta").mode("append").save(t.toString());
        DeltaTable.forPath(spark, t.toString()).delete("id % 3 = 0");
        DeltaTable.forPath(spark, t.toString()).as("t").merge(spark.range(5, 15).toDF().as("s"), "t.id = s.id")
                .whenMatched().updateAll().whenNotMatched().insertAll().execute();
        Snapshot s = DeltaLog.forTable(spark, t.toString()).update(false, scala.Option.empty(), scala.Option.empty());
        assertThat(s.checksumOpt().isDefined()).isTrue();
        assertThat(s.checksumOpt().get().allFiles().isDefined()).isTrue();
        Set<String> fromChecksum = paths(s.checksumOpt().get().allFiles().get());
        Set<String> fromState = paths(scala.Predef.wrapRefArray((AddFile[]) s.allFiles().collect()).toSeq());
        assertThat(fromChecksum).isEqualTo(fromState).isNotEmpty();
        // the delete removes 0, 3, 6 and 9 of ids 0–11; the merge of 5–14 inserts 6, 9 and 12–14: ids 0–14 but 0 and 3
        Set<Long> expected = range(0, 15);
        expected.removeAll(Set.of(0L, 3L));
        assertThat(ids(table(t))).isEqualTo(expected);
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
