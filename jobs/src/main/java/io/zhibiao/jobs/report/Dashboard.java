package io.zhibiao.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes the static dashboard: {@code index.html} (the template with the data inlined, so it opens from file://
 * with no server), {@code data.json} (the same data for other tools), the page's script and style, and Apache
 * ECharts' {@code echarts.min.js} with its licence, taken from the npm release packaged for Maven Central
 * ({@code org.mvnpm:echarts}) on the class path — no CDN, no network.
 */
public final class Dashboard {

    /** Files of the page that come from this package's resources. */
    static final List<String> PAGE_FILES = List.of("dashboard.js", "dashboard.css");

    static final String ECHARTS_FILE = "echarts.min.js";

    /** Where mvnpm's jar of the npm package keeps it, by version. */
    private static final String PACKAGE = "META-INF/resources/_static/echarts/";
    private static final String PACKAGE_POM = "META-INF/maven/org.mvnpm/echarts/pom.properties";

    private Dashboard() {
    }

    /** Writes the dashboard into {@code dir} (a local path or Hadoop URI); returns the files written. */
    public static List<String> write(Configuration hadoop, String dir, Map<String, Object> data) {
        String json = json(data);
        // Inside <script type="application/json"> only "</" could end the element early.
        String html = resource("index.html").replace("{{BANNER}}", banner(data))
                .replace("{{DATA}}", json.replace("</", "<\\/"));
        List<String> written = new ArrayList<>();
        // A private instance: no .crc files beside the page, and the shared cached one is left as it is.
        try (FileSystem fs = FileSystem.newInstance(new Path(dir).toUri(), hadoop)) {
            fs.setWriteChecksum(false);
            write(fs, dir, "index.html", html.getBytes(StandardCharsets.UTF_8), written);
            write(fs, dir, "data.json", json.getBytes(StandardCharsets.UTF_8), written);
            for (String f : PAGE_FILES) {
                write(fs, dir, f, resource(f).getBytes(StandardCharsets.UTF_8), written);
            }
            String echarts = PACKAGE + echartsVersion() + "/";
            write(fs, dir, ECHARTS_FILE, bytes(echarts + "dist/" + ECHARTS_FILE), written);
            write(fs, dir, "echarts-LICENSE.txt", bytes(echarts + "LICENSE"), written);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the dashboard to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /**
     * The 示例数据 banner of a release built from generated data (in the page itself, so it shows without the
     * script); empty for any other release.
     */
    static String banner(Map<String, Object> data) {
        if (!(data.get("release") instanceof Map<?, ?> release) || !Boolean.TRUE.equals(release.get("synthetic"))) {
            return "";
        }
        Object note = release.get("data_note");
        String text = note == null ? io.zhibiao.jobs.SyntheticRelease.NOTE : note.toString();
        return "<div class=\"synthetic-banner\" id=\"synthetic-banner\" role=\"note\">"
                + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "：本页数字由示例数据生成器合成，仅供演示，不是官方统计。</div>";
    }

    /** The ECharts version on the class path. */
    static String echartsVersion() {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(PACKAGE_POM)) {
            if (in == null) {
                throw new IllegalStateException("ECharts (org.mvnpm:echarts) is not on the class path; "
                        + "rebuild zhibiao with `mvn -B -DskipTests package`");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Map<String, Object> data) {
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(FileSystem fs, String dir, String name, byte[] content, List<String> written) throws IOException {
        Path p = new Path(dir, name);
        try (OutputStream out = fs.create(p, true)) {
            out.write(content);
        }
        written.add(p.toString());
    }

    private static String resource(String name) {
        return new String(bytes("io/zhibiao/jobs/report/" + name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String classPathResource) {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(classPathResource)) {
            if (in == null) {
                throw new IllegalStateException(classPathResource + " is missing from the class path; rebuild zhibiao");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
