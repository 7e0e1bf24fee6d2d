package io.zhibiao.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Parquet files of a Delta table's latest version, from its {@code _delta_log} without Spark: the newest classic
 * checkpoint (read by DuckDB, which is there anyway) then every JSON commit after it, adds minus removes.
 * Deletion vectors and v2 checkpoints are refused, not ignored: a file list that leaves them out would be wrong.
 */
final class DeltaLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
    private static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint(?:\\.(\\d{10})\\.(\\d{10}))?\\.parquet");
    private static final Pattern V2_CHECKPOINT = Pattern.compile("\\d{20}\\.checkpoint\\.[0-9a-f-]{36}\\.(json|parquet)");

    private DeltaLog() {
    }

    static boolean isTable(Path table) {
        return Files.isDirectory(table.resolve("_delta_log"));
    }

    /** Absolute paths of the active data files, in log order. */
    static List<Path> activeFiles(Path table, Connection duck) throws IOException, SQLException {
        Path log = table.resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            throw new IOException(table + " is not a Delta table: it has no _delta_log");
        }
        TreeMap<Long, Path> commits = new TreeMap<>();
        TreeMap<Long, Map<Integer, Path>> checkpoints = new TreeMap<>();
        Map<Long, Integer> checkpointParts = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(log)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                Matcher c = COMMIT.matcher(name);
                Matcher k = CHECKPOINT.matcher(name);
                if (c.matches()) {
                    commits.put(Long.parseLong(c.group(1)), p);
                } else if (k.matches()) {
                    long v = Long.parseLong(k.group(1));
                    int part = k.group(2) == null ? 1 : Integer.parseInt(k.group(2));
                    int parts = k.group(3) == null ? 1 : Integer.parseInt(k.group(3));
                    checkpoints.computeIfAbsent(v, x -> new TreeMap<>()).put(part, p);
                    checkpointParts.put(v, parts);
                } else if (V2_CHECKPOINT.matcher(name).matches()) {
                    throw new IOException(p + " is a v2 checkpoint, which this reader does not replay");
                }
            }
        }
        Map<String, Boolean> active = new LinkedHashMap<>();
        long from = -1;
        for (Long v : checkpoints.descendingKeySet()) {
            if (checkpoints.get(v).size() == checkpointParts.get(v)) {
                readCheckpoint(new ArrayList<>(checkpoints.get(v).values()), duck, active);
                from = v;
                break;
            }
        }
        if (from < 0 && !commits.isEmpty() && commits.firstKey() != 0) {
            throw new IOException(log + " starts at version " + commits.firstKey() + " without a checkpoint to start from");
        }
        for (Map.Entry<Long, Path> e : commits.tailMap(from, false).entrySet()) {
            try (BufferedReader r = Files.newBufferedReader(e.getValue(), StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    if (n.has("add")) {
                        if (n.get("add").hasNonNull("deletionVector")) {
                            throw new IOException(e.getValue() + ": a file with a deletion vector; this reader does not apply them");
                        }
                        active.put(n.get("add").get("path").asText(), true);
                    } else if (n.has("remove")) {
                        active.remove(n.get("remove").get("path").asText());
                    }
                }
            }
        }
        List<Path> out = new ArrayList<>();
        for (String p : active.keySet()) {
            out.add(resolve(table, p));
        }
        return out;
    }

    private static void readCheckpoint(List<Path> parts, Connection duck, Map<String, Boolean> active)
            throws SQLException, IOException {
        StringBuilder list = new StringBuilder();
        for (Path p : parts) {
            list.append(list.length() == 0 ? "" : ", ").append(Duck.literal(p.toString()));
        }
        String sql = "SELECT add.path, add.deletionVector IS NOT NULL FROM read_parquet([" + list + "], union_by_name = true) "
                + "WHERE add IS NOT NULL AND add.path IS NOT NULL";
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                if (rs.getBoolean(2)) {
                    throw new IOException(parts.get(0) + ": a file with a deletion vector; this reader does not apply them");
                }
                active.put(rs.getString(1), true);
            }
        } catch (SQLException e) {
            // A checkpoint without deletion vectors has no add.deletionVector column at all.
            if (!String.valueOf(e.getMessage()).contains("deletionVector")) {
                throw e;
            }
            try (Statement st = duck.createStatement();
                 ResultSet rs = st.executeQuery("SELECT add.path FROM read_parquet([" + list + "], union_by_name = true) "
                         + "WHERE add IS NOT NULL AND add.path IS NOT NULL")) {
                while (rs.next()) {
                    active.put(rs.getString(1), true);
                }
            }
        }
    }

    /** A log path is a URI relative to the table (percent-encoded), or absolute. */
    private static Path resolve(Path table, String logPath) {
        URI uri = URI.create(logPath);
        if (uri.isAbsolute()) {
            return Path.of(uri);
        }
        return table.resolve(uri.getPath());
    }
}
