package io.zhibiao.jobs.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who ran what on the JDBC server: one JSON object a line in {@code <state>/audit/serve-audit-<date>.jsonl} (UTC
 * dates), with the time, event, user, client address, session, statement, outcome, rows, duration and message.
 * Logins are recorded without passwords. Spark reads the files as they are:
 * {@code spark.read().json("<state>/audit")}.
 */
final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private LocalDate day;
    private Writer out;

    AuditLog(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit directory " + dir, e);
        }
    }

    /** One audit record; {@code fields} in the order given, after the time. */
    synchronized void write(String event, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        Instant now = Instant.now();
        line.put("time", now.toString());
        line.put("event", event);
        line.putAll(fields);
        try {
            writer(now).write(JSON.writeValueAsString(line) + "\n");
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            LOG.error("[serve] cannot write the audit log in {}: {}", dir, e.getMessage());
        }
    }

    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    private Writer writer(Instant now) throws IOException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (out == null || !today.equals(day)) {
            if (out != null) {
                out.close();
            }
            day = today;
            out = Files.newBufferedWriter(dir.resolve("serve-audit-" + today + ".jsonl"), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("[serve] closing the audit log: {}", e.getMessage());
            }
            out = null;
        }
    }
}
