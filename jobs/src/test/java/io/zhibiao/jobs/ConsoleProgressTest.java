package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress display without Spark: the log line's figures, and the bar drawn by me.tongfei:progressbar. */
class ConsoleProgressTest {

    @Test
    void aLogLineSaysStepsOfTotalRowsElapsedAndEta() {
        ConsoleProgress.Lines lines = new ConsoleProgress.Lines("refine", 12, "sources");
        // 5 of 12 done in 10 s: 2 s a step, 7 to go → 14 s.
        assertThat(lines.line(5, 8198, "tax_returns", Duration.ofSeconds(10)))
                .isEqualTo("5/12 sources (tax_returns), 8,198 rows so far, 10.0s elapsed, ETA 14.0s");
        assertThat(ConsoleProgress.eta(Duration.ofSeconds(3), 0, 4)).isEqualTo("?");
        assertThat(ConsoleProgress.eta(Duration.ofSeconds(3), 4, 4)).isEqualTo("0s");
    }

    @Test
    void aBarShowsTheStageTheStepsAndTheRows() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new ConsoleProgress(true, err);
        try (Progress.Stage s = p.stage("ingest", 3, "sources")) {
            s.step("regions", 16);
            s.step("tax_returns", 8198);
            s.step("patents", 655);
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        // The last frame: 3 of 3 sources, the last step and the rows so far (16 + 8,198 + 655 = 8,869).
        assertThat(drawn).contains("ingest", "3/3", "sources", "patents, 8,869 rows");
    }
}
