package io.zhibiao.transforms.ingest;

import static io.zhibiao.transforms.LandingFixture.STATS_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.LakeSnapshot;
import io.zhibiao.transforms.LandingFixture;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.refine.SilverRefine;
import io.zhibiao.transforms.source.SourceRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot be shown complete are rejected whole (issue 12): a last record without its line break, a row
 * with fewer fields than the header, a file with fewer rows than its manifest states. Nothing of them reaches
 * bronze or silver, so the figures built on silver do not move.
 */
class IncompleteDeliveryTest {

    // 财政科学技术支出 is the last column: 103 万元 for 涧西区 in 2024.
    static final String JIANXI = "410305,2024,5000000,480000,2000000,800000,103";
    static final String GAOXIN = "410371,2024,6800000,122800,2200000,1840000,1420";

    private final SparkSession spark = SparkTestSession.get();
    private final SourceRegistry registry = SourceRegistry.loadDefault();

    @TempDir
    Path dir;

    private Lake lake() {
        return Lake.at(dir);
    }

    private IngestReport ingest(String when) throws Exception {
        return new BronzeIngest(spark, lake(), registry).ingest(RunId.at(Instant.parse(when)), Optional.empty(), Optional.empty());
    }

    private IngestReport ingestAndRefine(String when) throws Exception {
        IngestReport r = ingest(when);
        new SilverRefine(spark, lake(), registry, LocalDate.of(2026, 11, 23)).refine(RunId.at(Instant.parse(when)), Optional.empty());
        return r;
    }

    private BigDecimal fiscal(String region) {
        return spark.read().format("delta").load(lake().silver("county_stat"))
                .filter("region_code = '" + region + "' AND stat_year = 2024").head().getAs("fiscal_st_expenditure");
    }

    private long bronzeRowsOf(String file) {
        String bronze = lake().bronze("county_stats");
        return DeltaTables.exists(spark, bronze)
                ? spark.read().format("delta").load(bronze).filter("_source_file = '" + file + "'").count() : 0;
    }

    @Test
    void aDeliveryInBronzeWhoseAuditRowACrashLostIsNotTakenInTwice() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        f.write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER, GAOXIN, JIANXI);
        ingest("2026-11-23T01:00:00Z");
        String file = "landing/county_stats/2024/county_stats_2024.csv";
        assertThat(bronzeRowsOf(file)).isEqualTo(2);
        // A run killed between the bronze append and the audit append: bronze holds the 2 rows, audit/files not the file.
        spark.sql("DELETE FROM delta.`" + lake().files() + "` WHERE source = 'county_stats'");
        IngestReport again = ingest("2026-11-23T02:00:00Z");
        // audit/files accounts for 0 rows of county_stats, bronze has 2: bronze is read, and the file is known there.
        assertThat(bronzeRowsOf(file)).isEqualTo(2);
        assertThat(again.sources().stream().filter(s -> s.source().equals("county_stats")).findFirst().orElseThrow()
                .files()).extracting(FileOutcome::status).containsExactly(FileOutcome.Status.ALREADY_INGESTED);
    }

    @Test
    void countyStatsCutInsideItsLastFieldIsRejectedWholeAndSilverKeeps103() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        f.write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER, GAOXIN, JIANXI);
        ingestAndRefine("2026-11-23T01:00:00Z");
        // 103 万元 = 1,030,000.00 元 in silver
        assertThat(fiscal("410305")).isEqualByComparingTo("1030000.00");
        Map<String, Object> before = LakeSnapshot.of(spark, lake(), registry);

        // The re-delivery's transfer stopped inside the last field: "103" arrived as "1", and no line break after it.
        f.writeExactly("county_stats", "2024", "county_stats_2024_r2.csv", StandardCharsets.UTF_8,
                STATS_HEADER + "\n" + GAOXIN + "\n" + JIANXI.substring(0, JIANXI.length() - 2));
        IngestReport r = ingestAndRefine("2026-11-23T02:00:00Z");

        assertThat(fiscal("410305")).as("涧西区 2024 财政科学技术支出 in silver, 元 (1 万元 would be 10000.00)")
                .isEqualByComparingTo("1030000.00");
        assertThat(r.rejected()).extracting(FileOutcome::file).containsExactly("landing/county_stats/2024/county_stats_2024_r2.csv");
        assertThat(r.rejected().get(0).reason()).isEqualTo("ends without a line break after its last record (line 3, row 2),"
                + " so the record may have been cut off in transfer: every record, the last one too, must end with a line"
                + " break. Re-deliver the whole export.");
        assertThat(LakeSnapshot.of(spark, lake(), registry)).isEqualTo(before);
    }

    @Test
    void aCompleteLastRecordWithoutItsLineBreakIsStillRejected() throws Exception {
        // The department cannot show the last record is whole: "1420" might have been "14205".
        new LandingFixture(dir).writeExactly("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8,
                STATS_HEADER + "\r\n" + JIANXI + "\r\n" + GAOXIN);
        IngestReport r = ingest("2026-11-23T01:00:00Z");
        assertThat(r.rejected()).extracting(FileOutcome::reason).singleElement().asString()
                .startsWith("ends without a line break after its last record (line 3, row 2)");
        assertThat(bronzeRowsOf("landing/county_stats/2024/county_stats_2024.csv")).isZero();
    }

    @Test
    void aRowWithFewerFieldsThanTheHeaderRejectsTheFile() throws Exception {
        // Line 3 lost its last two fields; lines 2 and 4 are whole. Before: line 3 alone was quarantined (ZB-SHAPE).
        new LandingFixture(dir).write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER,
                GAOXIN, "410305,2024,5000000,480000,2000000", "410302,2024,1919700,184300,620500,194400,112");
        IngestReport r = ingest("2026-11-23T01:00:00Z");
        assertThat(r.rejected()).extracting(FileOutcome::reason).singleElement().asString()
                .isEqualTo("line 3 (row 2) has 5 fields, the header 7: a row with fields missing is the mark of an export"
                        + " cut off or corrupted, so none of the file is taken in. Re-deliver the whole export.");
        assertThat(bronzeRowsOf("landing/county_stats/2024/county_stats_2024.csv")).isZero();
    }

    @Test
    void aQuotedFieldOpenAtTheEndOfTheFileRejectsIt() throws Exception {
        new LandingFixture(dir).writeExactly("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8,
                STATS_HEADER + "\n" + GAOXIN + "\n410305,2024,5000000,480000,2000000,800000,\"10\n");
        IngestReport r = ingest("2026-11-23T01:00:00Z");
        assertThat(r.rejected()).extracting(FileOutcome::reason).singleElement().asString()
                .startsWith("ends inside a quoted field that opens on line 3 (row 2)");
        assertThat(bronzeRowsOf("landing/county_stats/2024/county_stats_2024.csv")).isZero();
    }

    @Test
    void aTrailingEmptyLineAndLongerRowsAreAcceptedAsBefore() throws Exception {
        // A blank last line is no sign of truncation; a row with an extra field is quarantined row by row (ZB-SHAPE).
        new LandingFixture(dir).write("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, STATS_HEADER,
                GAOXIN, JIANXI + ",补报", "");
        IngestReport r = ingest("2026-11-23T01:00:00Z");
        assertThat(r.rejected()).isEmpty();
        assertThat(bronzeRowsOf("landing/county_stats/2024/county_stats_2024.csv")).isEqualTo(2);
    }

    @Test
    void aManifestBesideTheFileStatesItsRowsAndIsNeverTakenInAsData() throws Exception {
        LandingFixture f = new LandingFixture(dir);
        String twoRows = STATS_HEADER + "\n" + GAOXIN + "\n" + JIANXI + "\n";
        // 2024: two rows, the manifest says 2 (and gives the size in bytes): taken in.
        f.writeExactly("county_stats", "2024", "county_stats_2024.csv", StandardCharsets.UTF_8, twoRows);
        f.writeExactly("county_stats", "2024", "county_stats_2024.csv.manifest", StandardCharsets.UTF_8,
                "# 统计局 2024 county statistics\nrows=2\nbytes=" + twoRows.getBytes(StandardCharsets.UTF_8).length + "\n");
        // 2023: the manifest says 3, two arrived: the third was lost.
        f.writeExactly("county_stats", "2023", "county_stats_2023.csv", StandardCharsets.UTF_8,
                twoRows.replace(",2024,", ",2023,"));
        f.writeExactly("county_stats", "2023", "county_stats_2023.csv.manifest", StandardCharsets.UTF_8, "rows=3\n");
        // 2022: a manifest nobody can read.
        f.writeExactly("county_stats", "2022", "county_stats_2022.csv", StandardCharsets.UTF_8,
                twoRows.replace(",2024,", ",2022,"));
        f.writeExactly("county_stats", "2022", "county_stats_2022.csv.manifest", StandardCharsets.UTF_8, "rows=two\n");
        // 2021: a manifest whose file never arrived.
        f.writeExactly("county_stats", "2021", "county_stats_2021.csv.manifest", StandardCharsets.UTF_8, "rows=2\n");

        IngestReport r = ingest("2026-11-23T01:00:00Z");

        assertThat(bronzeRowsOf("landing/county_stats/2024/county_stats_2024.csv")).isEqualTo(2);
        assertThat(bronzeRowsOf("landing/county_stats/2023/county_stats_2023.csv")).isZero();
        assertThat(bronzeRowsOf("landing/county_stats/2022/county_stats_2022.csv")).isZero();
        assertThat(r.rejected()).extracting(o -> o.file() + ": " + o.reason()).containsExactly(
                "landing/county_stats/2021/county_stats_2021.csv.manifest: is a manifest without its file:"
                        + " county_stats_2021.csv is not in landing/county_stats/2021/. Deliver the file beside it, or remove"
                        + " the manifest.",
                "landing/county_stats/2022/county_stats_2022.csv: its manifest county_stats_2022.csv.manifest cannot be"
                        + " read: line 1: rows must be a whole number, not 'two'. Write the manifest as key=value lines"
                        + " (rows, bytes, sha256) and re-deliver both.",
                "landing/county_stats/2023/county_stats_2023.csv: has 2 data rows, but its manifest"
                        + " county_stats_2023.csv.manifest states 3: the file is incomplete. Re-deliver the whole export.");
        // audit/files lists the file taken in, never a manifest.
        List<String> audited = spark.read().format("delta").load(lake().files()).select("source_file").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(audited).containsExactly("landing/county_stats/2024/county_stats_2024.csv");
    }
}
