package io.zhibiao.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Delta table's row count read from its log, without Spark: the checksum file Delta writes beside each commit
 * ({@code _delta_log/<version>.crc}) lists, for a small table, every active file with its statistics, and the rows
 * are the sum of their {@code numRecords}. A count through Spark needs the table's state rebuilt by a Spark job the
 * first time a version is read (and the query planned), which is most of what a run pays for looking at a table it
 * does not otherwise read.
 *
 * <p>Only an exact answer is given: empty when the latest commit has no checksum file (a writer stopped between its
 * commit and the checksum), when the checksum does not list the files (Delta leaves them out of large tables), or
 * when any file lacks {@code numRecords} or carries a deletion vector — the caller then counts with Spark.
 */
public final class DeltaLogRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");

    private DeltaLogRows() {
    }

    /** The rows of the table's latest version, when its log states them exactly. */
    public static OptionalLong of(Configuration conf, String table) {
        try {
            Path log = new Path(table, "_delta_log");
            FileSystem fs = log.getFileSystem(conf);
            long latest = -1;
            FileStatus[] listed;
            try {
                listed = fs.listStatus(log);
            } catch (FileNotFoundException e) {
                return OptionalLong.empty();
            }
            for (FileStatus f : listed) {
                Matcher m = COMMIT.matcher(f.getPath().getName());
                if (m.matches()) {
                    latest = Math.max(latest, Long.parseLong(m.group(1)));
                }
            }
            if (latest < 0) {
                return OptionalLong.empty();
            }
            Path crc = new Path(log, String.format("%020d.crc", latest));
            JsonNode checksum;
            try (InputStream in = fs.open(crc)) {
                checksum = JSON.readTree(in);
            } catch (FileNotFoundException e) {
                return OptionalLong.empty();
            }
            return rows(checksum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows a checksum's file list states, or empty when it does not state them all. */
    static OptionalLong rows(JsonNode checksum) throws IOException {
        JsonNode files = checksum.get("allFiles");
        JsonNode numFiles = checksum.get("numFiles");
        if (files == null || !files.isArray() || numFiles == null || numFiles.asLong(-1) != files.size()) {
            return OptionalLong.empty();
        }
        long rows = 0;
        for (JsonNode f : files) {
            JsonNode dv = f.get("deletionVector");
            JsonNode stats = f.get("stats");
            if (dv != null && !dv.isNull() || stats == null || !stats.isTextual()) {
                return OptionalLong.empty();
            }
            JsonNode n = JSON.readTree(stats.asText()).get("numRecords");
            if (n == null || !n.canConvertToLong()) {
                return OptionalLong.empty();
            }
            rows += n.asLong();
        }
        return OptionalLong.of(rows);
    }
}
