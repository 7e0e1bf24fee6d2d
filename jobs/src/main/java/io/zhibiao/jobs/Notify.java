package io.zhibiao.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zhibiao.lake.ExitCode;
import io.zhibiao.transforms.source.CatalogException;
import io.zhibiao.transforms.standard.Masking;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells someone how a writing command ended: a webhook (an HTTP POST of a small JSON document) or a command (the
 * same as one line on its standard input, e.g. {@code mail}), as a notify file declares (ops/notify.example.yaml):
 *
 * <pre>
 * notify:
 *   - webhook: https://hooks.example.org/zhibiao     # http or https only; redirects are not followed
 *     when: [failed, rejected input, unbalanced, blocked, locked]   # default: every outcome but ok
 *     timeout: 10s
 *   - command: mail -s zhibiao stats-office@localhost  # run by /bin/sh -c, the line on its standard input
 *     when: [all]
 * </pre>
 *
 * What is sent names the lake, command, run, exit code and outcome, the release, and the command's one-line reason
 * (credit codes masked, as everywhere): never a delivered value. A notification that fails is a warning on standard
 * error and changes no exit code.
 */
final class Notify {

    /** The outcome names {@code when} takes: {@link ExitCode#name} of each code, and {@code all}. */
    static final List<String> OUTCOMES = List.of("ok", "failed", "usage", "rejected input", "unbalanced", "blocked", "locked");

    /** One declared receiver. */
    record Target(String webhook, String command, Set<String> when, Duration timeout) {
        boolean wants(int exitCode) {
            return when.contains("all") || when.contains(ExitCode.name(exitCode));
        }
    }

    /** How a command ended: what is sent. */
    record Outcome(String lake, String command, String runId, int exitCode, Integer release, String reason,
                   Instant startedAt, Instant finishedAt, String host) {
        String outcome() {
            return ExitCode.name(exitCode);
        }

        String line() {
            return "zhibiao " + command + " on " + lake + " (run " + runId + ", " + host + ") ended with exit " + exitCode
                    + " (" + outcome() + ")" + (release == null ? "" : "; release " + release + " is current")
                    + (reason == null ? "" : ": " + reason);
        }

        byte[] json() {
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("lake", lake);
            n.put("command", command);
            n.put("run_id", runId);
            n.put("exit_code", exitCode);
            n.put("outcome", outcome());
            if (release != null) {
                n.put("release", release);
            } else {
                n.putNull("release");
            }
            n.put("reason", reason);
            n.put("started_at", startedAt.toString());
            n.put("finished_at", finishedAt.toString());
            n.put("seconds", Duration.between(startedAt, finishedAt).toMillis() / 1000.0);
            n.put("host", host);
            n.put("text", line());
            return n.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private final List<Target> targets;
    private final Consumer<String> warn;

    Notify(List<Target> targets, Consumer<String> warn) {
        this.targets = targets;
        this.warn = warn;
    }

    /** The file given (--notify, else ZHIBIAO_NOTIFY), or nobody to tell. */
    static Notify from(Path file, Consumer<String> warn) {
        if (file == null) {
            String env = System.getenv("ZHIBIAO_NOTIFY");
            file = env == null || env.isBlank() ? null : Path.of(env);
        }
        return new Notify(file == null ? List.of() : load(file), warn);
    }

    static List<Target> load(Path file) {
        String name = file.toString();
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CatalogException(name, null, "cannot be read as YAML: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("notify");
        if (list == null || !list.isArray()) {
            throw new CatalogException(name, null, "needs a list under 'notify:' (entries with webhook: or command:)");
        }
        List<Target> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : list) {
            i++;
            String where = "notify entry " + i;
            for (var it = e.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!List.of("webhook", "command", "when", "timeout").contains(k)) {
                    throw new CatalogException(name, where, "unknown key '" + k + "' (webhook, command, when, timeout)");
                }
            }
            String webhook = e.hasNonNull("webhook") ? e.get("webhook").asText() : null;
            String command = e.hasNonNull("command") ? e.get("command").asText() : null;
            if ((webhook == null) == (command == null)) {
                throw new CatalogException(name, where, "give exactly one of webhook: or command:");
            }
            if (webhook != null) {
                URI uri;
                try {
                    uri = URI.create(webhook);
                } catch (IllegalArgumentException bad) {
                    throw new CatalogException(name, where, "webhook '" + webhook + "' is not a URL");
                }
                if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                        || uri.getHost() == null) {
                    throw new CatalogException(name, where, "webhook must be an http:// or https:// URL with a host, not '"
                            + webhook + "'");
                }
            }
            Set<String> when = new LinkedHashSet<>();
            if (e.has("when")) {
                for (JsonNode w : e.get("when").isArray() ? e.get("when") : List.of(e.get("when"))) {
                    String v = w.asText().trim().toLowerCase(Locale.ROOT);
                    if (!v.equals("all") && !OUTCOMES.contains(v)) {
                        throw new CatalogException(name, where, "when: '" + v + "' is not an outcome; use all or " + OUTCOMES);
                    }
                    when.add(v);
                }
            } else {
                when.addAll(OUTCOMES.subList(1, OUTCOMES.size()));
            }
            Duration timeout = Duration.ofSeconds(10);
            if (e.has("timeout")) {
                try {
                    timeout = Zhibiao.parseDuration(e.get("timeout").asText());
                } catch (RuntimeException bad) {
                    throw new CatalogException(name, where, "timeout: " + bad.getMessage());
                }
            }
            out.add(new Target(webhook, command, when, timeout));
        }
        return out;
    }

    boolean any() {
        return !targets.isEmpty();
    }

    /** Sends {@code o} to every target that wants its outcome; failures are warnings. */
    void send(Outcome o) {
        Outcome masked = new Outcome(o.lake(), o.command(), o.runId(), o.exitCode(), o.release(),
                o.reason() == null ? null : Masking.maskCodes(o.reason()), o.startedAt(), o.finishedAt(), o.host());
        for (Target t : targets) {
            if (!t.wants(o.exitCode())) {
                continue;
            }
            try {
                if (t.webhook() != null) {
                    post(t, masked);
                } else {
                    command(t, masked);
                }
            } catch (IOException | RuntimeException e) {
                warn.accept("notification to " + (t.webhook() != null ? t.webhook() : "command '" + t.command() + "'")
                        + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                warn.accept("notification interrupted");
                return;
            }
        }
    }

    private static void post(Target t, Outcome o) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(t.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(t.webhook())).timeout(t.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "zhibiao")
                .POST(HttpRequest.BodyPublishers.ofByteArray(o.json())).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode());
        }
    }

    private static void command(Target t, Outcome o) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", t.command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((o.line() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(t.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("did not end within " + t.timeout().toSeconds() + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("exited " + p.exitValue());
        }
    }
}
