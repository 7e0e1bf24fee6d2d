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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance of generated files: a landing file is synthetic in audit/files exactly when landing/_synthetic.json
 * lists its path and SHA-256; the marker itself is never read as a delivery.
 */
class SyntheticMarkerTest {

    static final String JIANXI_2023 = "410305,2023,4800000,479000,1900000,760000,98";
    static final String JIANXI_2024 = "410305,2024,5000000,480000,2000000,800000,103";

    private final SparkSession spark = SparkTestSession.get();
    private final SourceRegistry registry = SourceRegistry.loadDefault();

    @TempDir
    Path dir;

    private Lake lake() {
        return Lake.at(dir);
    }

    private void ingest(String when) throws Exception {
        new BronzeIngest(spark, lake(), registry).ingest(RunId.at(Instant.parse(when)), Optional.empty(), Optional.empty());
    }

    /** source_file → synthetic (null for rows ingested before the column existed). */
    private Map<String, Boolean> audited() {
        Map<String, Boolean> out = new TreeMap<>();
        for (Row r : spark.read().format("delta").load(lake().files()).select("source_file", "synthetic").collectAsList()) {
            out.put(r.getString(0), r.isNullAt(1) ? null : r.getBoolean(1));
        }
        return out;
    }

    private String sha(Path p) throws Exception {
        FileSystem fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        return BronzeIngest.sha256(fs, new org.apache.hadoop.fs.Path(p.toUri()));
    }

    @Test
    void onlyFilesListedWithTheirBytesAreSynthetic() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        Path generated = f.write("county_stats", "2023", "county_stats_2023.csv", StandardCharsets.UTF_8, STATS_HEADER,
                JIANXI_2023);
        Path real = f.write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER,
                JIANXI_2024);
        Map<String, String> listed = new LinkedHashMap<>();
        listed.put("county_stats/2023/county_stats_2023.csv", sha(generated));
        // Listed, but the file at that path is not the generated one (edited, or replaced by a real delivery).
        listed.put("county_stats/2024/county_stats_2024.csv", "0".repeat(64));
        new SyntheticMarker("test-generator", 7L, 0.5, List.of("洛阳市"), listed).write(dir.resolve("landing"));
        assertThat(sha(real)).isNotEqualTo("0".repeat(64));

        ingest("2026-11-30T01:00:00Z");

        Map<String, Boolean> audited = audited();
        assertThat(audited).containsEntry("landing/county_stats/2023/county_stats_2023.csv", true)
                .containsEntry("landing/county_stats/2024/county_stats_2024.csv", false)
                .doesNotContainKey("landing/" + SyntheticMarker.NAME);
        assertThat(audited.entrySet().stream().filter(e -> e.getKey().startsWith("landing/regions/")).map(Map.Entry::getValue))
                .isNotEmpty().containsOnly(false);
        assertThat(SyntheticMarker.anyIngested(spark, lake())).isTrue();
    }

    @Test
    void aLandingFolderWithoutTheMarkerIsReal() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        f.write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER, JIANXI_2024);
        ingest("2026-11-30T01:00:00Z");
        assertThat(audited()).containsOnlyKeys("landing/regions/2021/xzqh.csv",
                "landing/county_stats/2024/county_stats_2024.csv");
        assertThat(audited().values()).containsOnly(false);
        assertThat(SyntheticMarker.anyIngested(spark, lake())).isFalse();
    }

    @Test
    void rowsIngestedBeforeTheColumnExistedCountAsReal() throws Exception {
        // An older lake: audit/files without the synthetic column, one file recorded.
        StructType old = new StructType(java.util.Arrays.stream(io.zhibiao.lake.audit.AuditTables.FILES.schema().fields())
                .filter(x -> !x.name().equals("synthetic")).toArray(org.apache.spark.sql.types.StructField[]::new));
        Row before = RowFactory.create("county_stats", "landing/county_stats/2022/county_stats_2022.csv", "a".repeat(64),
                "2022", "b1", 10L, 1L, "UTF-8", new String[0], java.sql.Timestamp.from(Instant.parse("2025-01-01T00:00:00Z")));
        DeltaTables.append(spark.createDataFrame(List.of(before), old), lake().files(), "old");
        assertThat(SyntheticMarker.anyIngested(spark, lake())).isFalse();

        LandingFixture f = new LandingFixture(dir);
        f.regions();
        Path generated = f.write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER,
                JIANXI_2024);
        new SyntheticMarker("test-generator", 7L, 0.5, List.of(),
                Map.of("county_stats/2024/county_stats_2024.csv", sha(generated))).write(dir.resolve("landing"));
        ingest("2026-11-30T01:00:00Z");

        Map<String, Boolean> audited = audited();
        assertThat(audited).containsEntry("landing/county_stats/2022/county_stats_2022.csv", null)
                .containsEntry("landing/county_stats/2024/county_stats_2024.csv", true);
        assertThat(SyntheticMarker.anyIngested(spark, lake())).isTrue();
        assertThat(spark.read().format("delta").load(lake().files()).schema().apply("synthetic").getComment().get())
                .isEqualTo("示例数据（由生成器合成，非官方数据）/ synthetic sample");
        assertThat(DataTypes.BooleanType).isEqualTo(spark.read().format("delta").load(lake().files()).schema()
                .apply("synthetic").dataType());
    }

    @Test
    void anUnreadableMarkerStopsTheIngest() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        Files.writeString(dir.resolve("landing").resolve(SyntheticMarker.NAME), "{\"files\": 3}");
        assertThatThrownBy(() -> ingest("2026-11-30T01:00:00Z")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("_synthetic.json marks generated sample files but cannot be read (it has no list of files)");
        assertThat(DeltaTables.exists(spark, lake().files())).isFalse();
    }
}
