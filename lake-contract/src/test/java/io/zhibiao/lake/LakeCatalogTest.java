package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

class LakeCatalogTest {

    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = Sessions.create("zhibiao-lake-test", "local[2]", 2);
    }

    private static void table(Path lake, String zone, String name, int rows) {
        spark.range(rows).toDF("n").write().format("delta").mode("overwrite").save(lake.resolve(zone).resolve(name).toString());
    }

    private static long created(String zone, String table) throws Exception {
        return spark.sessionState().catalog().getTableMetadata(new TableIdentifier(table, Option.apply(zone))).createTime();
    }

    @Test
    void registeringAgainKeepsNamesThatPointAtTheSameTable(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("lake"));
        table(root, "gold", "zb_catalog_kept", 3);
        Lake lake = Lake.at(root.toString());

        assertThat(LakeCatalog.register(spark, lake)).containsExactly("gold.zb_catalog_kept");
        long createdAt = created("gold", "zb_catalog_kept");
        spark.catalog().cacheTable("gold.zb_catalog_kept");
        Thread.sleep(20);

        // A table added since is registered; the one already there is not dropped and created again.
        table(root, "gold", "zb_catalog_new", 2);
        assertThat(LakeCatalog.register(spark, lake)).containsExactlyInAnyOrder("gold.zb_catalog_kept", "gold.zb_catalog_new");
        assertThat(created("gold", "zb_catalog_kept")).isEqualTo(createdAt);
        assertThat(spark.catalog().isCached("gold.zb_catalog_kept")).isTrue();
        assertThat(spark.sql("SELECT count(*) FROM gold.zb_catalog_new").first().getLong(0)).isEqualTo(2);
        spark.catalog().uncacheTable("gold.zb_catalog_kept");
    }

    @Test
    void aNameThatPointsAtAnotherLakeIsReplaced(@TempDir Path dir) {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        table(one, "audit", "zb_catalog_moved", 1);
        table(two, "audit", "zb_catalog_moved", 4);

        LakeCatalog.register(spark, Lake.at(one.toString()));
        assertThat(spark.sql("SELECT count(*) FROM audit.zb_catalog_moved").first().getLong(0)).isEqualTo(1);
        LakeCatalog.register(spark, Lake.at(two.toString()));
        assertThat(spark.sql("SELECT count(*) FROM audit.zb_catalog_moved").first().getLong(0)).isEqualTo(4);
        URI at = LakeCatalog.location(spark, "audit", "zb_catalog_moved").orElseThrow();
        assertThat(at.getPath()).isEqualTo(two.resolve("audit").resolve("zb_catalog_moved").toUri().getPath().replaceAll("/$", ""));
    }

    /**
     * Found by the kill harness: a run halted while promotion was creating a table left published/&lt;table&gt; with an
     * empty _delta_log (and a data file), and every later run failed registering it. Such a folder is no table yet.
     */
    @Test
    void aTableFolderWithoutACommitIsNotRegistered(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("lake"));
        table(root, "published", "zb_catalog_whole", 2);
        Path half = Files.createDirectories(root.resolve("published/zb_catalog_half/_delta_log"));
        Files.writeString(half.resolveSibling("part-00000-halted.snappy.parquet"), "not finished");
        assertThat(LakeCatalog.register(spark, Lake.at(root.toString()))).containsExactly("published.zb_catalog_whole");
        // Once the write is made again, the table is there like any other.
        table(root, "published", "zb_catalog_half", 3);
        assertThat(LakeCatalog.register(spark, Lake.at(root.toString())))
                .containsExactlyInAnyOrder("published.zb_catalog_whole", "published.zb_catalog_half");
        assertThat(spark.sql("SELECT count(*) FROM published.zb_catalog_half").first().getLong(0)).isEqualTo(3);
    }
}
