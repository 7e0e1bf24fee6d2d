package io.zhibiao.transforms.refine;

import static io.zhibiao.transforms.LandingFixture.REGISTER_HEADER;
import static io.zhibiao.transforms.LandingFixture.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.transforms.LandingFixture;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.transforms.ingest.BronzeIngest;
import io.zhibiao.transforms.source.SourceRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two refiners with different cut-off dates in one session: each checks dates against its own cut-off (the checks'
 * session functions are scoped to the refine, not shared by name), and neither leaves a function in the session.
 */
class CutoffPerRefinerTest {

    static final String OLD = code("410305", "MA3X7K2P");
    static final String NEW = code("410371", "MA3X7K2Q");

    private static Lake lake(Path root) {
        LandingFixture f = new LandingFixture(root);
        f.regions();
        f.write("enterprise_register", "2024", "register_2024.csv", StandardCharsets.UTF_8, REGISTER_HEADER,
                OLD + ",洛阳甲轴承有限公司,410305,C3451,2020-05-01,,小型,存续",
                NEW + ",洛阳高新壬科技有限公司,410371,I6513,2024-03-15,,微型,存续");
        return Lake.at(root);
    }

    private static List<String> silverCodes(SparkSession spark, Lake lake) {
        return spark.read().format("delta").load(lake.silver("enterprise")).select("credit_code").orderBy("credit_code")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    @Test
    void eachRefinerChecksDatesAgainstItsOwnCutoff(@TempDir Path early, @TempDir Path late) throws Exception {
        SparkSession spark = SparkTestSession.get();
        SourceRegistry registry = SourceRegistry.loadDefault();
        RunId run = RunId.at(Instant.parse("2026-11-23T02:00:00Z"));
        Lake earlyLake = lake(early);
        Lake lateLake = lake(late);
        new BronzeIngest(spark, earlyLake, registry).ingest(run, Optional.empty(), Optional.empty());
        new BronzeIngest(spark, lateLake, registry).ingest(run, Optional.empty(), Optional.empty());

        // Both built before either runs: with session-wide names the second one's checks replaced the first one's.
        SilverRefine before2024 = new SilverRefine(spark, earlyLake, registry, LocalDate.of(2023, 12, 31));
        SilverRefine now = new SilverRefine(spark, lateLake, registry, LocalDate.of(2026, 11, 23));
        before2024.refine(run, Optional.empty());
        now.refine(run, Optional.empty());

        assertThat(silverCodes(spark, earlyLake)).containsExactly(OLD);
        List<Row> quarantined = spark.read().format("delta").load(earlyLake.quarantine())
                .filter(col("source").equalTo("enterprise_register")).collectAsList();
        assertThat(quarantined).hasSize(1);
        assertThat(quarantined.get(0).<String>getAs("rule_id")).isEqualTo("ZB-DATE");
        assertThat(quarantined.get(0).<String>getAs("value")).isEqualTo("2024-03-15");
        assertThat(quarantined.get(0).<String>getAs("message")).contains("2023-12-31");

        assertThat(silverCodes(spark, lateLake)).containsExactly(OLD, NEW).isSortedAccordingTo(String::compareTo);
        assertThat(spark.read().format("delta").load(lateLake.quarantine())
                .filter(col("source").equalTo("enterprise_register")).count()).isZero();

        List<String> left = spark.catalog().listFunctions().collectAsList().stream()
                .filter(Function::isTemporary).map(Function::name).filter(n -> n.startsWith("zb_")).toList();
        assertThat(left).as("session functions left after the refines").isEmpty();
    }
}
