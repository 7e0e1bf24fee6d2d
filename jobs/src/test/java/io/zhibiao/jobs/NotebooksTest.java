package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhibiao.transforms.SparkTestSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analysts' notebooks ({@code notebooks/*.ipynb}) executed headless against the shared small published sample,
 * as an analyst would run them: Debian's {@code /usr/bin/jupyter nbconvert --execute} with the IPython kernel of
 * Debian's {@code /usr/bin/python3}, which starts a JVM in-process with JPype and reads the lake with Spark and
 * Delta. A notebook fails when nbconvert fails or any cell's output is an error (a failed {@code assert} in a cell
 * is one); notebook 03 must have checked as many published values as the release has for the indicators it
 * reproduces, and notebook 02 must have drawn its charts.
 * The kernel's JVM gets this test JVM's class path ({@code ZHIBIAO_CLASSPATH}), so no packaged jar is needed:
 * under {@code mvn verify} the tests run before {@code package}.
 * Needs {@code scripts/install-jupyter.sh}; runs with {@code mvn -Pclients} ({@code .ci/run-clients}).
 */
@Tag("clients")
class NotebooksTest {

    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The line notebook 03 ends with, e.g. {@code checked 212 published values: hte_count=120, rd_intensity=44}. */
    static final Pattern CHECKED = Pattern.compile("checked (\\d+) published values: (.*)");

    @TempDir
    static Path work;
    static Path lake;
    static final Map<String, Executed> EXECUTED = new LinkedHashMap<>();
    static final ObjectMapper JSON = new ObjectMapper();

    record Executed(String name, int exit, String log, JsonNode notebook, double seconds) {
    }

    @BeforeAll
    static void jupyterIsInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(JUPYTER), "no /usr/bin/jupyter: run scripts/install-jupyter.sh");
        Assumptions.assumeTrue(run(List.of(PYTHON.toString(), "-c",
                        "import nbconvert, nbclient, ipykernel, jpype, pandas, matplotlib"), Map.of(), 2).exit() == 0,
                "Debian's python3 lacks nbconvert, ipykernel, jpype, pandas or matplotlib: run scripts/install-jupyter.sh");
        lake = PublishedSample.lake();
    }

    static Path notebooksDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("notebooks/zhibiao_nb.py"))) {
                return d.resolve("notebooks");
            }
        }
        throw new IllegalStateException("no notebooks/zhibiao_nb.py above " + Path.of("").toAbsolutePath());
    }

    static List<String> notebooks() {
        try (Stream<Path> files = Files.list(notebooksDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Executes a notebook once per test JVM (into a temporary directory; the committed one is not touched). */
    static synchronized Executed executed(String name) {
        return EXECUTED.computeIfAbsent(name, n -> {
            Path out = work.resolve("executed");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ZHIBIAO_LAKE", lake.toString());
            // the kernel's JVM: this JVM's class path and Java, since jobs/target/zhibiao.jar may not be built yet
            env.put("ZHIBIAO_CLASSPATH", System.getProperty("java.class.path"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("ZHIBIAO_JAVA_OPTS", "-Xmx2g");
            // Jupyter's own state in the temporary directory: no user kernelspec or IPython profile changes the run
            env.put("JUPYTER_DATA_DIR", work.resolve("jupyter-data").toString());
            env.put("JUPYTER_RUNTIME_DIR", work.resolve("jupyter-runtime").toString());
            env.put("IPYTHONDIR", work.resolve("ipython").toString());
            env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
            long started = System.nanoTime();
            Result r = run(List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.kernel_name=python3",
                    "--output-dir", out.toString(), notebooksDir().resolve(n).toString()), env, 30);
            double seconds = (System.nanoTime() - started) / 1e9;
            JsonNode nb = null;
            Path file = out.resolve(n);
            if (Files.isRegularFile(file)) {
                try {
                    nb = JSON.readTree(file.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            System.out.printf("notebook %s: exit %d in %.1f s%n", n, r.exit(), seconds);
            return new Executed(n, r.exit(), r.output(), nb, seconds);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void everyCellRunsWithoutAnError(String name) {
        Executed e = executed(name);
        assertThat(e.exit()).as(name + ": nbconvert failed:\n" + tail(e.log(), 60)).isZero();
        assertThat(e.notebook()).as(name + ": no executed notebook written").isNotNull();
        List<String> errors = new ArrayList<>();
        int code = 0;
        for (JsonNode cell : e.notebook().path("cells")) {
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            code++;
            assertThat(cell.path("execution_count").isInt()).as(name + ": a cell did not run: " + source(cell)).isTrue();
            for (JsonNode o : cell.path("outputs")) {
                if ("error".equals(o.path("output_type").asText())) {
                    errors.add(o.path("ename").asText() + ": " + o.path("evalue").asText() + "\n  in: " + source(cell));
                }
            }
        }
        assertThat(errors).as(name).isEmpty();
        assertThat(code).as(name + ": code cells").isGreaterThan(3);
    }

    @Test
    void theNotebooksAreTheThreeOfTheIssue() {
        assertThat(notebooks()).contains("01-explore-the-lake.ipynb", "02-county-comparison.ipynb",
                "03-reproduce-an-indicator.ipynb");
    }

    @Test
    void theReproductionCheckedEveryPublishedValueOfItsIndicators() {
        Executed e = executed("03-reproduce-an-indicator.ipynb");
        assertThat(e.exit()).as(tail(e.log(), 60)).isZero();
        String text = text(e.notebook());
        Matcher m = CHECKED.matcher(text);
        assertThat(m.find()).as("notebook 03 prints 'checked N published values: …'; it printed:\n" + tail(text, 40))
                .isTrue();
        long total = Long.parseLong(m.group(1));
        Map<String, Long> perIndicator = new LinkedHashMap<>();
        for (String part : m.group(2).trim().split(",\\s*")) {
            String[] kv = part.split("=");
            perIndicator.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
        }
        System.out.println("notebook 03: " + m.group());
        assertThat(perIndicator).hasSizeGreaterThanOrEqualTo(2);
        assertThat(perIndicator.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);

        // as many as the release publishes (not withheld, not empty) for those indicators: none was skipped
        SparkSession spark = SparkTestSession.get();
        Map<String, Long> published = new LinkedHashMap<>();
        for (Row r : spark.read().format("delta").load(lake.resolve("published/indicator_values").toString())
                .filter("suppressed IS NULL AND value IS NOT NULL").groupBy("indicator_id").count().collectAsList()) {
            published.put(r.getString(0), r.getLong(1));
        }
        for (Map.Entry<String, Long> c : perIndicator.entrySet()) {
            assertThat(c.getValue()).as(c.getKey()).isPositive().isEqualTo(published.get(c.getKey()));
        }
        // a withheld cell is skipped, and the notebook says how many
        assertThat(text).contains("withheld");
    }

    @Test
    void theCountyComparisonDrewItsCharts() throws IOException {
        Executed e = executed("02-county-comparison.ipynb");
        assertThat(e.exit()).as(tail(e.log(), 60)).isZero();
        List<BufferedImage> images = new ArrayList<>();
        for (JsonNode cell : e.notebook().path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                JsonNode png = o.path("data").path("image/png");
                if (!png.isMissingNode()) {
                    String b64 = png.isArray() ? String.join("", textOf(png)) : png.asText();
                    images.add(ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b64))));
                }
            }
        }
        assertThat(images).as("PNG outputs of notebook 02").hasSizeGreaterThanOrEqualTo(2);
        for (BufferedImage image : images) {
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isBetween(300, 2000);
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    colours.add(image.getRGB(x, y) & 0xFFFFFF);
                }
            }
            // bars, axes, anti-aliased text: not an empty frame
            assertThat(colours.size()).isGreaterThan(20);
        }
    }

    /** All text a notebook printed (stream outputs and text/plain results). */
    static String text(JsonNode nb) {
        StringBuilder b = new StringBuilder();
        for (JsonNode cell : nb.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                textOf(o.path("text")).forEach(b::append);
                textOf(o.path("data").path("text/plain")).forEach(b::append);
                b.append('\n');
            }
        }
        return b.toString();
    }

    static List<String> textOf(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n.isTextual()) {
            out.add(n.asText());
        }
        return out;
    }

    static String source(JsonNode cell) {
        String s = String.join("", textOf(cell.path("source")));
        return s.length() > 200 ? s.substring(0, 200) + " …" : s;
    }

    static String tail(String s, int lines) {
        String[] all = s.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Map<String, String> env, int minutes) {
        try {
            Path log = Files.createTempFile(work, "process", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // no pyenv or virtualenv settings leak into Debian's python
            pb.environment().remove("PYTHONPATH");
            pb.environment().remove("PYTHONHOME");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after " + minutes + " min)");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
