package io.zhibiao.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.fs.ForklessLocalFileSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Whether a {@code run} has anything to do, decided before Spark starts. A run that ends with exit 0 records what it
 * started from and what it left: the SHA-256 of every landing file (by path), the version of every Delta table in
 * the lake's zones (the highest commit in its {@code _delta_log}), and a digest of the declarations and the build
 * that computed them. The next run takes the same three and, when all three are equal, says so in one line and
 * exits 0 without starting Spark: the current release already is what a full run would publish.
 *
 * <p>Anything else — a new, changed or removed landing file (content, not time stamps, is compared), a commit to any
 * table by anyone (ingest, refine, check, a repair by hand), other catalogs or another build, or a failed last run
 * (no record is written then) — makes the run do its full work.
 */
final class UpToDate {

    private static final Pattern COMMIT = Pattern.compile("^(\\d{20})\\.json$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The three digests and what they cover. */
    record State(String landing, int landingFiles, String tables, int tableCount, String declarations) {
        boolean sameInputs(State o) {
            return landing.equals(o.landing) && tables.equals(o.tables) && declarations.equals(o.declarations);
        }
    }

    /**
     * The last whole run as recorded: its id, the release current after it, its state, and how it ended: 0, or
     * {@link io.zhibiao.lake.ExitCode#BLOCKED} with its reason (the quality gate held the release back).
     */
    record Recorded(String runId, Integer release, String finishedAt, State state, int exitCode, String reason) {
    }

    private final Lake lake;
    private final FileSystem fs;

    UpToDate(Lake lake, Configuration conf) {
        this.lake = lake;
        try {
            // A private instance (not Hadoop's shared cache, which Spark's file systems come from later), without
            // checksum files beside the record.
            this.fs = FileSystem.newInstance(new Path(lake.root()).toUri(), conf);
            fs.setWriteChecksum(false);
            fs.setVerifyChecksum(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Hadoop configuration for a check without Spark: the forkless local file system, and whatever
     * {@code spark.hadoop.*} settings spark-submit passed as system properties (HDFS or S3 credentials).
     */
    static Configuration hadoopConf() {
        Configuration c = new Configuration();
        ForklessLocalFileSystem.HADOOP_SETTINGS.forEach(c::set);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop."))
                .forEach(k -> c.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
        return c;
    }

    /** The lake as it is now, with {@code declarations} the digest of what the run would compute with. */
    State take(String declarations) throws IOException {
        MessageDigest landing = sha256();
        int files = 0;
        Path landingDir = new Path(lake.landing());
        if (fs.exists(landingDir)) {
            Map<String, LocatedFileStatus> byPath = new TreeMap<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(landingDir, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                byPath.put(lake.relative(f.getPath().toString()), f);
            }
            for (Map.Entry<String, LocatedFileStatus> e : byPath.entrySet()) {
                landing.update((e.getKey() + "\n" + e.getValue().getLen() + "\n" + contentDigest(e.getValue().getPath())
                        + "\n").getBytes(StandardCharsets.UTF_8));
                files++;
            }
        }
        Map<String, Long> versions = tableVersions();
        return new State(hex(landing), files, tablesDigest(versions), versions.size(), declarations);
    }

    /**
     * {@code before} with the tables as they are now: what a run records after it ends (landing as it found it, so a
     * file that arrived meanwhile is new to the next run; the tables as it left them). Landing is not read again.
     */
    State afterRun(State before) throws IOException {
        Map<String, Long> versions = tableVersions();
        return new State(before.landing(), before.landingFiles(), tablesDigest(versions), versions.size(),
                before.declarations());
    }

    private static String tablesDigest(Map<String, Long> versions) {
        MessageDigest tables = sha256();
        versions.forEach((t, v) -> tables.update((t + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
        return hex(tables);
    }

    /** Every Delta table under the lake's zones (not landing, not the internal _folders), with its latest version. */
    Map<String, Long> tableVersions() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        Path root = new Path(lake.root());
        if (!fs.exists(root)) {
            return out;
        }
        for (FileStatus zone : fs.listStatus(root)) {
            String name = zone.getPath().getName();
            if (zone.isDirectory() && !name.equals("landing") && !name.startsWith("_") && !name.startsWith(".")) {
                collectTables(zone.getPath(), 3, out);
            }
        }
        return out;
    }

    private void collectTables(Path dir, int depth, Map<String, Long> out) throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        for (FileStatus c : children) {
            if (c.isDirectory() && c.getPath().getName().equals("_delta_log")) {
                long version = -1;
                for (FileStatus commit : fs.listStatus(c.getPath())) {
                    var m = COMMIT.matcher(commit.getPath().getName());
                    if (m.matches()) {
                        version = Math.max(version, Long.parseLong(m.group(1)));
                    }
                }
                out.put(lake.relative(dir.toString()), version);
                return;
            }
        }
        if (depth == 0) {
            return;
        }
        for (FileStatus c : children) {
            String n = c.getPath().getName();
            if (c.isDirectory() && !n.startsWith("_") && !n.startsWith(".") && !n.contains("=")) {
                collectTables(c.getPath(), depth - 1, out);
            }
        }
    }

    Optional<Recorded> recorded() throws IOException {
        Path p = new Path(lake.lastRunState());
        if (!fs.exists(p)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(p)) {
            JsonNode n = JSON.readTree(in);
            JsonNode s = n.path("state");
            return Optional.of(new Recorded(n.path("run_id").asText(), n.hasNonNull("release") ? n.get("release").asInt() : null,
                    n.path("finished_at").asText(), new State(s.path("landing").asText(), s.path("landing_files").asInt(),
                    s.path("tables").asText(), s.path("table_count").asInt(), s.path("declarations").asText()),
                    n.path("exit_code").asInt(0), n.hasNonNull("reason") ? n.get("reason").asText() : null));
        } catch (IOException e) {
            return Optional.empty(); // unreadable: as if absent, the run does its full work and writes it anew
        }
    }

    /** Records a successful run's state, atomically (written beside, then renamed over the last one). */
    void record(String runId, Integer release, String finishedAt, State state) throws IOException {
        record(runId, release, finishedAt, state, 0, null);
    }

    /** Records a run's state and how it ended (0, or exit 5 with the reason), atomically. */
    void record(String runId, Integer release, String finishedAt, State state, int exitCode, String reason)
            throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", runId);
        if (release != null) {
            n.put("release", release);
        }
        n.put("finished_at", finishedAt);
        if (exitCode != 0) {
            n.put("exit_code", exitCode);
            n.put("reason", reason);
        }
        ObjectNode s = n.putObject("state");
        s.put("landing", state.landing());
        s.put("landing_files", state.landingFiles());
        s.put("tables", state.tables());
        s.put("table_count", state.tableCount());
        s.put("declarations", state.declarations());
        Path target = new Path(lake.lastRunState());
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + runId + ".tmp");
        fs.mkdirs(target.getParent());
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not move " + tmp + " to " + target);
        }
    }

    /** Forgets the last run's state, so the next run does its full work. */
    void forget() throws IOException {
        fs.delete(new Path(lake.lastRunState()), false);
    }

    /** A digest over named texts (declarations, the build's identity), in the order given. */
    static String digest(List<String> parts) {
        MessageDigest d = sha256();
        for (String p : parts) {
            d.update(p.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
        }
        return hex(d);
    }

    /** The build that runs: the jar's size and time, or the class folder's path when run from a build tree. */
    static String buildIdentity() {
        try {
            var src = UpToDate.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return "unknown";
            }
            java.io.File f = new java.io.File(src.getLocation().toURI());
            return f.isFile() ? f.getName() + ":" + f.length() + ":" + f.lastModified() : f.getPath();
        } catch (java.net.URISyntaxException | SecurityException e) {
            return "unknown";
        }
    }

    private String contentDigest(Path file) throws IOException {
        return contentDigest(fs, file);
    }

    /** The SHA-256 of a file's bytes, hex (also what {@code zhibiao status} compares with audit/files). */
    static String contentDigest(FileSystem fs, Path file) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = fs.open(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return hex(d);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    /** The texts a run's declarations come from, for {@link #digest}: each file given, else the bundled resource. */
    static List<String> declarationTexts(List<Map.Entry<String, java.nio.file.Path>> named) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, java.nio.file.Path> e : named) {
            out.add(e.getKey());
            if (e.getValue() != null) {
                out.add(java.nio.file.Files.readString(e.getValue(), StandardCharsets.UTF_8));
            } else {
                try (InputStream in = UpToDate.class.getClassLoader().getResourceAsStream(e.getKey())) {
                    out.add(in == null ? "(missing)" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        out.add(buildIdentity());
        return out;
    }
}
