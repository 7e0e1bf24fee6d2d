package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeLock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writing command's outcome sent to a webhook (a real HTTP receiver on 127.0.0.1) and to a command, as a notify
 * file declares: what is sent, when, and that a receiver that fails or redirects changes no exit code.
 */
class NotifyTest {

    @TempDir
    static Path dir;
    static Path lake;
    static HttpServer server;
    static final List<String> received = new CopyOnWriteArrayList<>();
    static String base;

    @BeforeAll
    static void receiver() throws Exception {
        lake = PublishedSample.copy(dir.resolve("lake"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", x -> {
            received.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.createContext("/broken", x -> {
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", base + "/hook");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static Path notifyFile(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void outcomesReachTheWebhookAndTheCommandThatWantThem() throws Exception {
        Path mailed = dir.resolve("mailed.txt");
        Path file = notifyFile("notify.yaml", "notify:\n"
                + "  - webhook: " + base + "/hook\n    when: [all]\n"
                + "  - command: cat >> " + mailed + "\n    when: [locked, blocked]\n");
        received.clear();

        // Nothing new: exit 0, sent to the webhook (all), not to the command (locked, blocked only).
        Cli.Result ok = Cli.zhibiao("run", "--lake", lake.toString(), "--notify", file.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).startsWith("POST application/json; charset=utf-8\n");
        JsonNode sent = new ObjectMapper().readTree(received.get(0).substring(received.get(0).indexOf('\n') + 1));
        assertThat(sent.get("command").asText()).isEqualTo("run");
        assertThat(sent.get("exit_code").asInt()).isZero();
        assertThat(sent.get("outcome").asText()).isEqualTo("ok");
        assertThat(sent.get("release").asInt()).isEqualTo(1);
        assertThat(sent.get("lake").asText()).isEqualTo(Lake.at(lake).root());
        assertThat(sent.get("reason").isNull()).isTrue();
        assertThat(mailed).doesNotExist();

        // Another writer holds the lake: exit 6, sent to both, with the holder named.
        try (LakeLock held = LakeLock.of(Lake.at(lake), new Configuration(), "20261201T020000000Z", "run",
                LakeLock.Settings.defaults(), line -> { })) {
            assertThat(held.acquire(Duration.ZERO)).isEmpty();
            Cli.Result busy = Cli.zhibiao("ingest", "--lake", lake.toString(), "--notify", file.toString());
            assertThat(busy.exit()).isEqualTo(ExitCode.LOCKED);
        }
        assertThat(received).hasSize(2);
        JsonNode locked = new ObjectMapper().readTree(received.get(1).substring(received.get(1).indexOf('\n') + 1));
        assertThat(locked.get("command").asText()).isEqualTo("ingest");
        assertThat(locked.get("exit_code").asInt()).isEqualTo(ExitCode.LOCKED);
        assertThat(locked.get("outcome").asText()).isEqualTo("locked");
        assertThat(locked.get("reason").asText()).contains("is being written by run 20261201T020000000Z");
        assertThat(Files.readString(mailed)).startsWith("zhibiao ingest on " + Lake.at(lake).root() + " (run ")
                .contains(") ended with exit 6 (locked): the lake ").endsWith("\n");
    }

    @Test
    void aReceiverThatFailsOrRedirectsIsAWarningAndTheExitCodeStays() throws Exception {
        Path file = notifyFile("failing.yaml", "notify:\n  - webhook: " + base + "/broken\n    when: all\n"
                + "  - webhook: " + base + "/moved\n    when: [ok]\n"
                + "  - webhook: http://127.0.0.1:9/nobody\n    when: [ok]\n    timeout: 2s\n");
        received.clear();
        Cli.Result r = Cli.zhibiao("run", "--lake", lake.toString(), "--notify", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("zhibiao: warning: notification to " + base + "/broken failed: HTTP 500",
                "zhibiao: warning: notification to " + base + "/moved failed: HTTP 302",
                "zhibiao: warning: notification to http://127.0.0.1:9/nobody failed: ");
        assertThat(received).as("the redirect was not followed").isEmpty();
    }

    @Test
    void aNotifyFileThatCannotWorkIsAUsageErrorBeforeAnythingIsDone() throws Exception {
        for (String[] bad : List.of(
                new String[] {"notify:\n  - webhook: file:///etc/passwd\n", "notify entry 1: webhook must be an http://"},
                new String[] {"notify:\n  - webhook: " + base + "/hook\n    command: true\n",
                    "notify entry 1: give exactly one of webhook: or command:"},
                new String[] {"notify:\n  - command: true\n    when: [sometimes]\n", "notify entry 1: when: 'sometimes' is not"},
                new String[] {"notify:\n  - command: true\n    retries: 3\n", "notify entry 1: unknown key 'retries'"},
                new String[] {"hooks: []\n", "needs a list under 'notify:'"})) {
            Path file = notifyFile("bad.yaml", bad[0]);
            Cli.Result r = Cli.zhibiao("run", "--lake", lake.toString(), "--notify", file.toString());
            assertThat(r.exit()).as(bad[0]).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).as(bad[0]).contains("zhibiao: error: " + file + ": ").contains(bad[1]);
        }
        assertThat(lake.resolve("_lock/writer.json")).doesNotExist();
    }
}
