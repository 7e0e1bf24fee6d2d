package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.Lake;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run compares with the last successful one before it starts Spark; plain files, no Spark. */
class UpToDateTest {

    @TempDir
    Path dir;

    private void write(String rel, String text) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private UpToDate.State state() throws Exception {
        return new UpToDate(Lake.at(dir), UpToDate.hadoopConf()).take("decl");
    }

    @Test
    void aFileCorrectedInPlaceWithTheSameSizeAndTimeIsNew() throws Exception {
        write("landing/rd_survey/2024/a.csv", "code,amount\n1,123\n");
        Path file = dir.resolve("landing/rd_survey/2024/a.csv");
        FileTime t = Files.getLastModifiedTime(file);
        UpToDate.State before = state();
        assertThat(before.landingFiles()).isEqualTo(1);
        assertThat(state().sameInputs(before)).isTrue();
        // 123 → 124: same length, and the supplier's time stamp kept (cp -p): only the content tells.
        write("landing/rd_survey/2024/a.csv", "code,amount\n1,124\n");
        Files.setLastModifiedTime(file, t);
        assertThat(state().sameInputs(before)).isFalse();
        write("landing/rd_survey/2024/a.csv", "code,amount\n1,123\n");
        assertThat(state().sameInputs(before)).isTrue();
        write("landing/rd_survey/2025/b.csv", "code,amount\n");
        assertThat(state().landingFiles()).isEqualTo(2);
        assertThat(state().sameInputs(before)).isFalse();
    }

    @Test
    void anyCommitToAnyTableOfTheZonesIsAChangeButCandidatesAndStagingAreNot() throws Exception {
        write("silver/patent/_delta_log/00000000000000000000.json", "{}");
        write("silver/patent/_delta_log/00000000000000000001.json", "{}");
        write("silver/patent/_delta_log/00000000000000000001.crc", "{}");
        write("audit/files/_delta_log/00000000000000000000.json", "{}");
        write("quarantine/rows/_delta_log/00000000000000000003.json", "{}");
        write("_candidates/r1/published/target_gap/_delta_log/00000000000000000000.json", "{}");
        UpToDate up = new UpToDate(Lake.at(dir), UpToDate.hadoopConf());
        assertThat(up.tableVersions()).containsExactly(
                java.util.Map.entry("audit/files", 0L), java.util.Map.entry("quarantine/rows", 3L),
                java.util.Map.entry("silver/patent", 1L));
        UpToDate.State before = up.take("decl");
        write("_candidates/r2/published/target_gap/_delta_log/00000000000000000000.json", "{}");
        write("_staging/r2/x.parquet", "x");
        assertThat(up.take("decl").sameInputs(before)).isTrue();
        write("audit/files/_delta_log/00000000000000000001.json", "{}");
        assertThat(up.take("decl").sameInputs(before)).isFalse();
        // What a run records when it ends: the tables as they are now, landing as it was when the run started.
        write("landing/patents/2025/new.csv", "x\n");
        UpToDate.State after = up.afterRun(before);
        assertThat(after.tables()).isEqualTo(up.take("decl").tables()).isNotEqualTo(before.tables());
        assertThat(after.landing()).isEqualTo(before.landing()).isNotEqualTo(up.take("decl").landing());
        assertThat(up.take("other declarations").sameInputs(up.take("decl"))).isFalse();
    }

    @Test
    void aRecordedRunReadsBackAndAnUnreadableRecordIsAsIfAbsent() throws Exception {
        write("landing/regions/2021/r.csv", "x\n");
        UpToDate up = new UpToDate(Lake.at(dir), UpToDate.hadoopConf());
        assertThat(up.recorded()).isEmpty();
        UpToDate.State s = up.take("decl");
        up.record("20261130T000000000Z", 4, "2026-11-30T00:00:00Z", s);
        UpToDate.Recorded r = up.recorded().orElseThrow();
        assertThat(r.runId()).isEqualTo("20261130T000000000Z");
        assertThat(r.release()).isEqualTo(4);
        assertThat(r.state()).isEqualTo(s);
        assertThat(r.exitCode()).isZero();
        assertThat(r.reason()).isNull();
        // A run the quality gate held back is recorded with its exit code and reason (the next run with the same
        // inputs gives that verdict at once); a record written before exit codes were kept reads as a run that ended 0.
        up.record("20261201T000000000Z", 4, "2026-12-01T00:00:00Z", s, io.zhibiao.lake.ExitCode.BLOCKED,
                "quality gate blocked the release: QC-ANOM-TAX-ROWS; release 4 stays published");
        UpToDate.Recorded held = up.recorded().orElseThrow();
        assertThat(held.exitCode()).isEqualTo(5);
        assertThat(held.reason()).isEqualTo("quality gate blocked the release: QC-ANOM-TAX-ROWS; release 4 stays published");
        assertThat(held.state().sameInputs(s)).isTrue();
        Files.writeString(dir.resolve("_state/last-run.json"), "{\"run_id\": \"20261129T000000000Z\", \"finished_at\": \"x\","
                + " \"state\": {\"landing\": \"a\", \"landing_files\": 1, \"tables\": \"b\", \"table_count\": 0,"
                + " \"declarations\": \"decl\"}}");
        assertThat(up.recorded().orElseThrow().exitCode()).isZero();
        up.record("20261130T000000000Z", 4, "2026-11-30T00:00:00Z", s);
        // No stray temporary file beside it.
        try (var files = Files.list(dir.resolve("_state"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("last-run.json");
        }
        Files.writeString(dir.resolve("_state/last-run.json"), "{not json");
        assertThat(up.recorded()).isEmpty();
        up.forget();
        assertThat(Files.exists(dir.resolve("_state/last-run.json"))).isFalse();
    }

    @Test
    void theDeclarationsDigestFollowsEveryTextInOrder() {
        assertThat(UpToDate.digest(List.of("a", "b"))).isEqualTo(UpToDate.digest(List.of("a", "b")))
                .isNotEqualTo(UpToDate.digest(List.of("b", "a"))).isNotEqualTo(UpToDate.digest(List.of("ab")))
                .hasSize(64);
    }
}
