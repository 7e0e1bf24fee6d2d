package io.zhibiao.transforms.refine;

import static io.zhibiao.transforms.LandingFixture.GBK;
import static io.zhibiao.transforms.LandingFixture.REGISTER_HEADER;
import static io.zhibiao.transforms.LandingFixture.TAX_HEADER;
import static io.zhibiao.transforms.LandingFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.LakeSnapshot;
import io.zhibiao.transforms.LandingFixture;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.transforms.ingest.BronzeIngest;
import io.zhibiao.transforms.ingest.FileOutcome;
import io.zhibiao.transforms.ingest.IngestReport;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.source.SourceRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-runs change nothing; a corrected re-delivery updates silver; a file that cannot be read changes nothing. */
class RedeliveryTest {

    static final String A = code("410305", "MA4A0001");
    static final String B = code("410371", "MA4A0002");
    static final String D = code("410305", "MA4A0003");

    private final SparkSession spark = SparkTestSession.get();
    private final SourceRegistry registry = SourceRegistry.loadDefault();

    @TempDir
    Path dir;

    private Lake lake() {
        return Lake.at(dir);
    }

    private IngestReport ingestAndRefine(String when, List<BatchAccounting.Entry> out) throws Exception {
        RunId run = RunId.at(Instant.parse(when));
        IngestReport r = new BronzeIngest(spark, lake(), registry).ingest(run, Optional.empty(), Optional.empty());
        out.addAll(new SilverRefine(spark, lake(), registry, LocalDate.of(2026, 11, 23)).refine(run, Optional.empty()).batches());
        return r;
    }

    private void firstDelivery() {
        LandingFixture f = new LandingFixture(dir);
        f.regions();
        f.write("enterprise_register", "2022", "register_2022.csv", StandardCharsets.UTF_8, REGISTER_HEADER,
                A + ",洛阳甲轴承有限公司,410305,C3451,2020-05-01,,小型,存续",
                B + ",洛阳高新乙科技有限公司,410371,I6513,2019-03-15,,微型,存续");
        f.write("tax_returns", "2022", "cit_annual_2022.csv", GBK, TAX_HEADER,
                A + ",洛阳甲轴承有限公司,2022,1000000.00,50000.00,50000.00,是");
    }

    private Map<String, Object> snapshot() {
        return LakeSnapshot.of(spark, lake(), registry);
    }

    @Test
    void runningAgainChangesNothing() throws Exception {
        firstDelivery();
        ingestAndRefine("2026-11-23T01:00:00Z", new java.util.ArrayList<>());
        Map<String, Object> before = snapshot();
        List<BatchAccounting.Entry> second = new java.util.ArrayList<>();
        IngestReport again = ingestAndRefine("2026-11-23T02:00:00Z", second);
        assertThat(second).isEmpty();
        assertThat(again.sources().stream().flatMap(s -> s.files().stream()).map(FileOutcome::status))
                .containsOnly(FileOutcome.Status.ALREADY_INGESTED).hasSize(3);   // regions, register, tax
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void correctedRedeliveryUpdatesInsteadOfDuplicating() throws Exception {
        firstDelivery();
        ingestAndRefine("2026-11-23T01:00:00Z", new java.util.ArrayList<>());
        new LandingFixture(dir).write("enterprise_register", "2022", "register_2022_corrected.csv", StandardCharsets.UTF_8,
                REGISTER_HEADER,
                A + ",洛阳甲轴承有限公司,410305,C3451,2020-05-01,,小型,存续",      // unchanged
                B + ",洛阳高新乙科技有限公司,410371,I6513,2019-03-15,,小型,存续",  // size corrected 微型 → 小型
                D + ",洛阳丁新材料有限公司,410305,C3240,2021-07-01,,中型,存续");   // was missing
        List<BatchAccounting.Entry> batches = new java.util.ArrayList<>();
        ingestAndRefine("2026-11-23T02:00:00Z", batches);
        assertThat(batches).hasSize(1);
        BatchAccounting.Entry e = batches.get(0);
        // 3 rows = 1 inserted (D) + 1 updated (B) + 0 quarantined + 1 duplicate (A, unchanged)
        assertThat(List.of(e.bronzeRows(), e.silverInserted(), e.silverUpdated(), e.quarantined(), e.duplicates()))
                .containsExactly(3L, 1L, 1L, 0L, 1L);
        assertThat(e.balanced()).isTrue();
        var silver = spark.read().format("delta").load(lake().silver("enterprise"));
        assertThat(silver.count()).isEqualTo(3);
        Row b = silver.filter("credit_code = '" + B + "'").head();
        assertThat(b.<String>getAs("size_class")).isEqualTo("小型");
        assertThat(b.<String>getAs("_source_file")).isEqualTo("landing/enterprise_register/2022/register_2022_corrected.csv");
        Row dup = spark.read().format("delta").load(lake().duplicates()).head();
        assertThat(dup.<String>getAs("reason")).isEqualTo("unchanged");
        assertThat(dup.<String>getAs("kept_source_file")).isEqualTo("landing/enterprise_register/2022/register_2022.csv");
    }

    @Test
    void lateDeliveryOfAnOlderPeriodDoesNotOverwriteANewerOne() throws Exception {
        firstDelivery();
        ingestAndRefine("2026-11-23T01:00:00Z", new java.util.ArrayList<>());
        // The 2021 register arrives after the 2022 one, with B as it stood then.
        new LandingFixture(dir).write("enterprise_register", "2021", "register_2021.csv", StandardCharsets.UTF_8,
                REGISTER_HEADER, B + ",洛阳高新乙科技有限公司,410371,I6513,2019-03-15,,中型,存续");
        List<BatchAccounting.Entry> batches = new java.util.ArrayList<>();
        ingestAndRefine("2026-11-23T02:00:00Z", batches);
        BatchAccounting.Entry e = batches.get(0);
        // 1 row = 0 merged + 1 duplicate (superseded by the 2022 delivery silver already holds)
        assertThat(List.of(e.bronzeRows(), e.silverInserted(), e.silverUpdated(), e.duplicates()))
                .containsExactly(1L, 0L, 0L, 1L);
        Row b = spark.read().format("delta").load(lake().silver("enterprise")).filter("credit_code = '" + B + "'").head();
        assertThat(b.<String>getAs("size_class")).isEqualTo("微型");
        Row dup = spark.read().format("delta").load(lake().duplicates()).head();
        assertThat(dup.<String>getAs("reason")).isEqualTo("superseded");
        assertThat(dup.<String>getAs("kept_source_file")).isEqualTo("landing/enterprise_register/2022/register_2022.csv");
    }

    @Test
    void fileThatCannotBeReadIsRejectedAndLeavesTheLakeUnchanged() throws Exception {
        firstDelivery();
        ingestAndRefine("2026-11-23T01:00:00Z", new java.util.ArrayList<>());
        Map<String, Object> before = snapshot();
        // The tax bureau declares GBK; this export came out as UTF-8.
        new LandingFixture(dir).write("tax_returns", "2023", "cit_annual_2023.csv", StandardCharsets.UTF_8, TAX_HEADER,
                A + ",洛阳甲轴承有限公司,2023,1000000.00,50000.00,50000.00,是");
        List<BatchAccounting.Entry> batches = new java.util.ArrayList<>();
        IngestReport r = ingestAndRefine("2026-11-23T02:00:00Z", batches);
        assertThat(r.rejected()).hasSize(1);
        FileOutcome rejected = r.rejected().get(0);
        assertThat(rejected.file()).isEqualTo("landing/tax_returns/2023/cit_annual_2023.csv");
        assertThat(rejected.reason()).startsWith("is not valid GBK after line").contains("it decodes as UTF-8");
        assertThat(batches).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }
}
