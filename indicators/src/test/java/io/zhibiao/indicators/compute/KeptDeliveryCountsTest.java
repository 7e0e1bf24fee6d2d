package io.zhibiao.indicators.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.Lake;
import io.zhibiao.lake.Sessions;
import io.zhibiao.transforms.source.SourceRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery row counts a writing run keeps in lake/_cache/deliveries for the next run: used while the bronze table
 * they were read from is at the same version, read again once it is written, not used by --full, and never standing
 * in for the delivered files, which are read from audit/files every time.
 */
class KeptDeliveryCountsTest {

    @TempDir
    Path dir;

    private static final CityRegions LUOYANG = new CityRegions(new CityRegions.Region("410300", "洛阳市", "city"),
            List.of(new CityRegions.Region("410302", "老城区", "district"), new CityRegions.Region("410305", "涧西区", "district")));
    private static final CityRegions XINXIANG = new CityRegions(new CityRegions.Region("410700", "新乡市", "city"),
            List.of(new CityRegions.Region("410702", "红旗区", "district")));

    @Test
    void keptCountsServeTheNextRunUntilBronzeIsWrittenAndFullReadsBronzeAgain() throws Exception {
        SparkSession spark = Sessions.create("zhibiao-kept-counts-test", "local[2]", 2);
        Lake lake = Lake.at(dir);
        SourceRegistry registry = SourceRegistry.loadDefault();
        // county_stats places its rows by region_code (sources.yaml). 2024: Luoyang's file, two districts; 2025:
        // Luoyang's file again; no Xinxiang file yet.
        bronze(spark, lake, SaveMode.Overwrite,
                "('landing/county_stats/2024/county_stats_2024.csv', '2024', '410302'),"
                        + "('landing/county_stats/2024/county_stats_2024.csv', '2024', '410305'),"
                        + "('landing/county_stats/2025/county_stats_2025.csv', '2025', '410305')");
        files(spark, lake, SaveMode.Overwrite, "('county_stats', 'landing/county_stats/2024/county_stats_2024.csv', '2024'),"
                + "('county_stats', 'landing/county_stats/2025/county_stats_2025.csv', '2025')");

        Map<String, Set<Integer>> first = covered(spark, lake, registry, true, true);
        assertThat(first).isEqualTo(Map.of("410300", Set.of(2024, 2025)));
        Path kept = dir.resolve("_cache/deliveries/county_stats.json");
        assertThat(kept).exists();
        // what is kept: per file, year and place, the rows counted (1 + 1 in 2024, 1 in 2025); no delivered value
        String json = Files.readString(kept, StandardCharsets.UTF_8);
        assertThat(json).contains("[\"landing/county_stats/2024/county_stats_2024.csv\",2024,\"410302\",1]",
                "[\"landing/county_stats/2024/county_stats_2024.csv\",2024,\"410305\",1]",
                "[\"landing/county_stats/2025/county_stats_2025.csv\",2025,\"410305\",1]");

        // The next run (another JVM, which holds no counts) reads the kept file while bronze is at the same version. Shown by a kept file edited to place 2025's rows in Xinxiang:
        // with the file used, 2025 is Xinxiang's and no longer Luoyang's.
        edit(kept, json.replace("[\"landing/county_stats/2025/county_stats_2025.csv\",2025,\"410305\",1]",
                "[\"landing/county_stats/2025/county_stats_2025.csv\",2025,\"410702\",1]"));
        clearHeldCounts();
        assertThat(covered(spark, lake, registry, true, true))
                .isEqualTo(Map.of("410300", Set.of(2024), "410700", Set.of(2025)));
        // --full reads bronze whatever was kept, and keeps what it read
        clearHeldCounts();
        assertThat(covered(spark, lake, registry, true, false)).isEqualTo(first);
        assertThat(Files.readString(kept, StandardCharsets.UTF_8)).isEqualTo(json);

        // An empty Xinxiang file for 2025 is a delivery with no bronze row: bronze keeps its version and the kept
        // counts serve, but the files are read from audit/files, so the empty file counts. Its series
        // (county_stats_410700_.csv) has no placed row anywhere, so it covers nobody: coverage is unchanged.
        files(spark, lake, SaveMode.Append, "('county_stats', 'landing/county_stats/2025/county_stats_410700_2025.csv', '2025')");
        clearHeldCounts();
        assertThat(covered(spark, lake, registry, true, true)).isEqualTo(first);
        // Xinxiang's 2024 file arrives with one row of 红旗区: bronze is written (a new version), so the kept counts
        // no longer match and bronze is read: 2024 for Xinxiang, and through its series, the empty 2025 file too.
        bronze(spark, lake, SaveMode.Append, "('landing/county_stats/2024/county_stats_410700_2024.csv', '2024', '410702')");
        files(spark, lake, SaveMode.Append, "('county_stats', 'landing/county_stats/2024/county_stats_410700_2024.csv', '2024')");
        assertThat(covered(spark, lake, registry, true, true))
                .isEqualTo(Map.of("410300", Set.of(2024, 2025), "410700", Set.of(2024, 2025)));
        assertThat(Files.readString(kept, StandardCharsets.UTF_8))
                .contains("[\"landing/county_stats/2024/county_stats_410700_2024.csv\",2024,\"410702\",1]");

        // A placing that does not keep (a read-only command) writes nothing; a kept file that cannot be read is no
        // counts, and bronze is read.
        edit(kept, "{\"key\": \"");
        clearHeldCounts();
        assertThat(covered(spark, lake, registry, false, true))
                .isEqualTo(Map.of("410300", Set.of(2024, 2025), "410700", Set.of(2024, 2025)));
        assertThat(Files.readString(kept, StandardCharsets.UTF_8)).isEqualTo("{\"key\": \"");
    }

    private static Map<String, Set<Integer>> covered(SparkSession spark, Lake lake, SourceRegistry registry, boolean keep,
                                                    boolean reuse) {
        return new DeliveryCities(spark, lake, registry, List.of(LUOYANG, XINXIANG), keep, reuse).coveredYears("county_stat");
    }

    private static void bronze(SparkSession spark, Lake lake, SaveMode mode, String rows) {
        spark.sql("SELECT * FROM VALUES " + rows + " AS t(_source_file, _period, region_code)")
                .write().format("delta").mode(mode).save(lake.bronze("county_stats"));
    }

    private static void files(SparkSession spark, Lake lake, SaveMode mode, String rows) {
        spark.sql("SELECT * FROM VALUES " + rows + " AS t(source, source_file, period)")
                .write().format("delta").mode(mode).save(lake.files());
    }

    /** Replaces a kept file's text, with the checksum file Hadoop's local file system keeps beside it. */
    private static void edit(Path kept, String text) throws java.io.IOException {
        Files.writeString(kept, text, StandardCharsets.UTF_8);
        Files.deleteIfExists(kept.resolveSibling("." + kept.getFileName() + ".crc"));
    }

    /** The next run's JVM holds no counts of its own. */
    private static void clearHeldCounts() {
        DeliveryCities.forgetHeldCounts();
    }
}
