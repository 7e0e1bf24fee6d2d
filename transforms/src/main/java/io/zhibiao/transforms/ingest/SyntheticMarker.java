package io.zhibiao.transforms.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Which landing files a generator invented: {@code landing/_synthetic.json}, written by the sample generator at
 * the landing root (the leading '_' keeps ingest from reading it as a delivery) and copied with the landing folder.
 * It names the generator, its seed and scale, and every generated file by its path under landing/ and SHA-256.
 * Ingest marks a file synthetic when its path and bytes are listed: a department's real file dropped into a sample
 * lake, or a generated file edited by hand, is not. A release is synthetic when any file the lake ingested is
 * ({@link #anyIngested}).
 */
public record SyntheticMarker(String generator, long seed, double scale, List<String> cities, Map<String, String> files) {

    /** The marker's name at the landing root. */
    public static final String NAME = "_synthetic.json";
    /** What a synthetic release says about itself (published.releases.data_note, dashboard, workbook, table comments). */
    public static final String DATA_NOTE = "示例数据 — synthetic sample, not official statistics";
    /** A marker lists a few hundred files; anything much larger is not one. */
    private static final int MAX_BYTES = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Whether the file at {@code landingPath} (relative to landing/, '/'-separated) with these bytes was generated. */
    public boolean covers(String landingPath, String sha256) {
        return sha256.equalsIgnoreCase(files.get(landingPath));
    }

    /** Writes the marker into {@code landing}; {@code files} maps the path under landing/ to the file's SHA-256. */
    public void write(java.nio.file.Path landing) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("synthetic", true);
        m.put("note", DATA_NOTE);
        m.put("generator", generator);
        m.put("seed", seed);
        m.put("scale", scale);
        m.put("cities", cities);
        m.put("files", files.entrySet().stream().map(e -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("path", e.getKey());
            f.put("sha256", e.getValue());
            return f;
        }).toList());
        java.nio.file.Files.createDirectories(landing);
        JSON.writeValue(landing.resolve(NAME).toFile(), m);
    }

    /**
     * The marker at the root of {@code landing}, if there is one.
     *
     * @throws IllegalStateException when there is a marker that cannot be read: ingesting then would publish invented
     *                               figures as real ones
     */
    public static Optional<SyntheticMarker> read(FileSystem fs, Path landing) throws IOException {
        Path p = new Path(landing, NAME);
        if (!fs.exists(p)) {
            return Optional.empty();
        }
        byte[] content;
        try (InputStream in = fs.open(p)) {
            content = in.readNBytes(MAX_BYTES + 1);
        }
        try {
            if (content.length > MAX_BYTES) {
                throw new IOException("it is larger than " + MAX_BYTES + " bytes");
            }
            JsonNode n = JSON.readTree(content);
            if (n == null || !n.path("files").isArray()) {
                throw new IOException("it has no list of files");
            }
            Map<String, String> files = new LinkedHashMap<>();
            for (JsonNode f : n.get("files")) {
                if (!f.path("path").isTextual() || !f.path("sha256").isTextual()) {
                    throw new IOException("a file entry lacks path or sha256: " + f);
                }
                files.put(f.get("path").asText(), f.get("sha256").asText());
            }
            List<String> cities = n.path("cities").isArray()
                    ? java.util.stream.StreamSupport.stream(n.get("cities").spliterator(), false).map(JsonNode::asText).toList()
                    : List.of();
            return Optional.of(new SyntheticMarker(n.path("generator").asText(""), n.path("seed").asLong(),
                    n.path("scale").asDouble(), cities, files));
        } catch (IOException e) {
            throw new IllegalStateException(p + " marks generated sample files but cannot be read (" + e.getMessage()
                    + "); restore it from the generator (zhibiao generate) or remove it if the landing files are real", e);
        }
    }

    /**
     * Whether any file the lake ingested was generated: audit/files rows with {@code synthetic} true. Lakes ingested
     * before the column existed hold none (missing counts as false).
     */
    public static boolean anyIngested(SparkSession spark, Lake lake) {
        if (!DeltaTables.exists(spark, lake.files())) {
            return false;
        }
        var files = spark.read().format("delta").load(lake.files());
        Set<String> columns = Arrays.stream(files.columns()).collect(Collectors.toSet());
        return columns.contains("synthetic") && !files.filter(functions.col("synthetic").equalTo(true)).isEmpty();
    }
}
