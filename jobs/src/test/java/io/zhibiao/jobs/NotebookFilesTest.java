package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The notebooks as committed (default suite, no Jupyter needed): kept with the outputs of one clean run from top to
 * bottom, no error or standard-error output, no execution timestamps, images of modest size, and nothing that looks
 * like a unified social credit code in any output — the notebooks show aggregates only. {@link NotebooksTest}
 * executes them.
 */
class NotebookFilesTest {

    /** GB 32100-2015: registration authority and kind (2), administrative division (6), organisation code (9), check (1). */
    static final Pattern CREDIT_CODE = Pattern.compile("(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])");
    static final int MAX_IMAGE_CHARS = 200_000;

    static List<String> notebooks() {
        return NotebooksTest.notebooks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void isCommittedWithTheOutputsOfOneCleanRun(String name) throws IOException {
        Path file = NotebooksTest.notebooksDir().resolve(name);
        JsonNode nb = new ObjectMapper().readTree(file.toFile());
        assertThat(nb.path("metadata").path("kernelspec").path("name").asText()).isEqualTo("python3");
        int expected = 1;
        int outputs = 0;
        List<String> problems = new ArrayList<>();
        for (JsonNode cell : nb.path("cells")) {
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            String src = NotebooksTest.source(cell);
            // run once, top to bottom, in one kernel
            if (!cell.path("execution_count").isInt() || cell.path("execution_count").asInt() != expected) {
                problems.add("execution_count " + cell.path("execution_count") + " where " + expected + " was expected: " + src);
            }
            expected++;
            if (cell.path("metadata").has("execution")) {
                problems.add("execution timestamps kept (run nbconvert with --ExecutePreprocessor.record_timing=False): " + src);
            }
            for (JsonNode o : cell.path("outputs")) {
                outputs++;
                String type = o.path("output_type").asText();
                if (type.equals("error")) {
                    problems.add("error output " + o.path("ename").asText() + ": " + src);
                }
                if (type.equals("stream") && o.path("name").asText().equals("stderr")) {
                    problems.add("standard error output: " + String.join("", NotebooksTest.textOf(o.path("text"))));
                }
                JsonNode png = o.path("data").path("image/png");
                if (!png.isMissingNode() && String.join("", NotebooksTest.textOf(png)).length() > MAX_IMAGE_CHARS) {
                    problems.add("an image of more than " + MAX_IMAGE_CHARS + " base64 characters: " + src);
                }
                List<String> texts = new ArrayList<>(NotebooksTest.textOf(o.path("text")));
                o.path("data").fields().forEachRemaining(e -> {
                    if (!e.getKey().startsWith("image/")) {
                        texts.addAll(NotebooksTest.textOf(e.getValue()));
                    }
                });
                Matcher m = CREDIT_CODE.matcher(String.join("", texts));
                if (m.find()) {
                    problems.add("a credit code in an output (" + m.group().substring(0, 4) + "…): " + src);
                }
            }
        }
        assertThat(problems).as(name).isEmpty();
        assertThat(outputs).as(name + ": committed without outputs").isGreaterThan(3);
    }
}
