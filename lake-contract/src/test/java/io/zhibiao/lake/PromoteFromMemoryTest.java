package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release promoted from rows held in memory (as {@code zhibiao run} does once the audit passes): nothing is written
 * under _candidates, every table lands at its place, and a table that cannot be written leaves the previous release
 * current.
 */
class PromoteFromMemoryTest {

    private final SparkSession spark = ReleaseFixture.spark();

    private Dataset<Row> rows(int release, String table) {
        return ReleaseFixture.rows(spark, release, table);
    }

    private static Map<String, Object> record(int number, String run) {
        return ReleaseFixture.record(number, run);
    }

    @Test
    void promotedFromMemoryWithoutACandidateAndAFailedWriteKeepsThePreviousRelease(@TempDir Path dir) {
        Lake lake = Lake.at(dir);
        ReleaseWriter writer = new ReleaseWriter(spark, lake);
        Releases.Release one = writer.promote("run-1", ReleaseFixture.TABLES, t -> rows(1, t), record(1, "run-1"));

        assertThat(one.number()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("_candidates"))).isFalse();
        Releases releases = new Releases(spark, lake);
        for (String t : ReleaseFixture.TABLES) {
            // release 1 holds 2 rows per table, stamped 1, at the version the pointer names
            assertThat(releases.read(one, t).collectAsList()).as(t).hasSize(2)
                    .allSatisfy(r -> assertThat(r.getInt(0)).isEqualTo(1));
        }
        assertThat(one.versions()).containsOnlyKeys(ReleaseFixture.TABLES.toArray(new String[0]));

        // the second table's rows fail when computed: the promotion fails before its pointer commit
        String broken = ReleaseFixture.TABLES.get(1);
        assertThatThrownBy(() -> writer.promote("run-2", ReleaseFixture.TABLES, t -> t.equals(broken)
                ? spark.sql("SELECT CAST(raise_error('cannot compute " + t + "') AS INT) AS release_no, 0 AS k, 'x' AS label")
                : rows(2, t), record(2, "run-2"))).hasMessageContaining("cannot compute " + broken);
        Releases.Release current = new Releases(spark, lake).current().orElseThrow();
        assertThat(current.number()).isEqualTo(1);
        for (String t : ReleaseFixture.TABLES) {
            assertThat(releases.read(current, t).collectAsList()).as(t).hasSize(2);
        }
        // the write beside the failed one had finished when the failure came back: no thread of it is still writing
        // (the first table holds release 2's three rows at its latest version, hidden by the pointer)
        assertThat(spark.read().format("delta").load(lake.table(ReleaseFixture.TABLES.get(0))).count()).isEqualTo(3);
    }
}
