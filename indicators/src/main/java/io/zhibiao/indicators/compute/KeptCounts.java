package io.zhibiao.indicators.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zhibiao.indicators.compute.DeliveryCities.FileRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's delivery row counts kept in the lake for the next run ({@link DeliveryCities}): a small JSON file with
 * the key the counts were read under and the counts (file, year, place code, rows; no delivered value). A file that is
 * missing, unreadable, of another format or of another key is no counts: they are read from bronze again. Written to a
 * temporary name and renamed into place, so a reader sees a whole file or none.
 */
final class KeptCounts {

    private static final Logger LOG = LoggerFactory.getLogger(KeptCounts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final Path file;

    KeptCounts(SparkSession spark, String file) {
        this.spark = spark;
        this.file = new Path(file);
    }

    /** The counts kept under {@code key}, or empty. */
    Optional<List<FileRows>> read(String key) {
        try {
            FileSystem fs = fs();
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            JsonNode root;
            try (InputStream in = fs.open(file)) {
                root = JSON.readTree(in);
            }
            if (root == null || !key.equals(root.path("key").asText(null)) || !root.path("counts").isArray()) {
                return Optional.empty();
            }
            List<FileRows> out = new ArrayList<>();
            for (JsonNode r : root.get("counts")) {
                out.add(new FileRows(r.get(0).asText(), r.get(1).asInt(), r.get(2).isNull() ? null : r.get(2).asText(),
                        r.get(3).asLong()));
            }
            return Optional.of(List.copyOf(out));
        } catch (IOException | RuntimeException e) {
            LOG.info("{}: not used ({}); the counts are read from bronze", file, e.toString());
            return Optional.empty();
        }
    }

    /** Keeps {@code counts} under {@code key}, replacing what the file held; a failure is logged, not thrown. */
    void write(String key, List<FileRows> counts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key);
        ArrayNode rows = root.putArray("counts");
        for (FileRows r : counts) {
            rows.addArray().add(r.file()).add(r.year()).add(r.place()).add(r.rows());
        }
        Path tmp = new Path(file.getParent(), "." + file.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            FileSystem fs = fs();
            fs.mkdirs(file.getParent());
            try (OutputStream out = fs.create(tmp, false)) {
                JSON.writeValue(out, root);
            }
            fs.delete(file, false);
            if (!fs.rename(tmp, file)) {
                fs.delete(tmp, false);
                LOG.info("{}: not kept (rename refused); the next run reads the counts from bronze", file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: not kept ({}); the next run reads the counts from bronze", file, e.toString());
        }
    }

    private FileSystem fs() throws IOException {
        return file.getFileSystem(spark.sparkContext().hadoopConfiguration());
    }
}
