package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.composite.CompositeSpec;
import io.zhibiao.indicators.compute.IndicatorEngine;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.Releases;
import io.zhibiao.quality.QualityCatalog;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** A run is a list of stages; what each declares it writes is there after a run, and nothing it does not declare. */
class StagesTest {

    @Test
    void everyTableAStageDeclaresItWritesIsInThePublishedSample() {
        SparkSession spark = SparkTestSession.get();
        Lake lake = Lake.at(PublishedSample.lake());
        SourceRegistry registry = SourceRegistry.loadDefault();
        IndicatorCatalog ic = IndicatorCatalog.loadDefault(sql -> IndicatorEngine.sqlProblem(spark, sql));
        TargetCatalog tc = TargetCatalog.loadDefault(ic);
        LakeJob job = new LakeJob(spark, lake, registry, LocalDate.of(2026, 11, 23), new PrintStream(OutputStream.nullOutputStream()))
                .withCatalogs(new LakeJob.Catalogs(ic, tc, QualityCatalog.loadDefault(), CompositeSpec.loadDefault(ic)));
        List<LakeJob.Stage> stages = job.stages(Optional.empty());
        assertThat(stages).extracting(LakeJob.Stage::name).containsExactly("ingest", "refine", "indicators");
        // ingest goes on after a rejected file (exit 3); refine and indicators stop the run when they fail
        assertThat(stages).extracting(LakeJob.Stage::stopsOnFailure).containsExactly(false, true, true);

        // a source is written when something was delivered for it (the scale-0.01 sample has no incubator files)
        List<SourceSpec> delivered = registry.sources().stream()
                .filter(src -> java.nio.file.Files.isDirectory(PublishedSample.lake().resolve("landing").resolve(src.id())))
                .toList();
        assertThat(delivered.size()).isBetween(12, registry.sources().size());
        List<String> written = new ArrayList<>();
        for (LakeJob.Stage s : stages) {
            for (String t : s.writes()) {
                if (t.contains("<source>")) {
                    delivered.forEach(src -> written.add(t.replace("<source>", src.id())));
                } else if (t.contains("<table>")) {
                    delivered.stream().map(SourceSpec::silver).distinct()
                            .forEach(silver -> written.add(t.replace("<table>", silver)));
                } else {
                    written.add(t);
                }
            }
        }
        // the sample has no over-factor re-delivery, so audit.revision_warnings is declared but not written
        List<String> absent = written.stream().filter(t -> !DeltaTables.exists(spark, lake.table(t))).toList();
        assertThat(absent).containsExactly("audit.revision_warnings");
        // every delivered source's bronze and silver tables, the 12 release tables and the pointer among them
        assertThat(written).contains(Releases.TABLE, "published.target_gap", "gold.indicator_values", "bronze.tax_returns",
                "silver.tax_return", "audit.checks");
        assertThat(written.stream().filter(t -> t.startsWith("bronze."))).hasSize(delivered.size());
    }
}
