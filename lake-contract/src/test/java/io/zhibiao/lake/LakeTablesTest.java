package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.published.PublishedTables;
import io.zhibiao.lake.published.RegionPeriod;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed rows in and out of a real Delta table through LakeTables: append, merge on the key, versions, time travel. */
class LakeTablesTest {

    private final SparkSession spark = ReleaseFixture.spark();

    private static RegionPeriod region(String code, String name) {
        return new RegionPeriod(1, code, name, "市辖区", LocalDate.of(1983, 1, 1), null, null, code, name);
    }

    @Test
    void appendMergeAndTimeTravelOnTheTablesPlace(@TempDir Path dir) {
        Lake lake = Lake.at(dir);
        LakeTables tables = LakeTables.delta(spark, lake);
        assertThat(tables.exists(PublishedTables.REGIONS)).isFalse();
        assertThat(tables.version(PublishedTables.REGIONS)).isEqualTo(-1);

        tables.append(PublishedTables.REGIONS, List.of(region("410302", "老城区"), region("410303", "西工区")), "t:1");
        assertThat(dir.resolve("published/regions/_delta_log")).isDirectory();
        assertThat(tables.version(PublishedTables.REGIONS)).isZero();

        // 410303 renamed, 410305 new: key (release_no, region_code, valid_from) matches the first only
        tables.merge(PublishedTables.REGIONS, List.of(region("410303", "西工区（新）"), region("410305", "涧西区")), "t:2");
        assertThat(tables.version(PublishedTables.REGIONS)).isEqualTo(1);
        List<RegionPeriod> now = tables.readAll(PublishedTables.REGIONS).stream()
                .sorted(Comparator.comparing(RegionPeriod::regionCode)).toList();
        assertThat(now).extracting(RegionPeriod::regionName).containsExactly("老城区", "西工区（新）", "涧西区");
        // version 0 still holds the two rows first appended
        assertThat(tables.readAt(PublishedTables.REGIONS, 0).count()).isEqualTo(2);
        assertThat(tables.readAt(PublishedTables.REGIONS, 0).filter("region_code = '410303'").first()
                .<String>getAs("region_name")).isEqualTo("西工区");
        // the labels travel with the rows
        assertThat(tables.read(PublishedTables.REGIONS).schema().apply("region_name").getComment().get()).isEqualTo("区划名称");

        tables.overwriteInCandidate("run-9", PublishedTables.REGIONS, List.of(region("410306", "吉利区")));
        assertThat(tables.candidatePath("run-9", PublishedTables.REGIONS)).isEqualTo(lake.root() + "/_candidates/run-9/published/regions");
        assertThat(spark.read().format("delta").load(tables.candidatePath("run-9", PublishedTables.REGIONS)).count()).isEqualTo(1);
        // the published table itself is untouched by the candidate
        assertThat(tables.read(PublishedTables.REGIONS).count()).isEqualTo(3);
    }
}
