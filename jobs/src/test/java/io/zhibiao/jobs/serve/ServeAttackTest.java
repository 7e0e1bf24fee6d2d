package io.zhibiao.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zhibiao serve} attacked as issue 11 found it attacked, and beyond: the real server in its bubblewrap
 * sandbox over TLS, a BI login, the Hive JDBC driver and a raw Thrift client. Every attempt must be refused with a
 * one-line error (no server stack trace, no server path) while real clients go on being served. Each attempt and
 * the server's answer are printed.
 */
class ServeAttackTest {

    static final int QUERY_TIMEOUT = 10;
    static final long MAX_ROWS = 5000;
    static final String GAP_QUERY = "SELECT target_id, region_name, year, actual, target_value, status_zh "
            + "FROM published.target_gap WHERE target_id = 'LY14-T06' ORDER BY year";

    @TempDir
    static Path dir;
    static SandboxFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new SandboxFixture(dir, SandboxedServer.class.getName(), false, QUERY_TIMEOUT, MAX_ROWS);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.executeQuery(GAP_QUERY).close(); // warm: the first query reads the Delta logs
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The statement's refusal, checked to be a one-line SQL error with no server stack trace or lake path. */
    static SQLException refused(Statement s, String sql) {
        SQLException e = SandboxFixture.failure(s, sql, "attack");
        assertThat(e.getMessage()).as(sql).doesNotContain("\n").doesNotContain(server.lake.toString())
                .doesNotContain("/serving").doesNotContain("\tat ");
        // The Hive driver turns the server's stack trace, when one is sent, into the exception's cause.
        assertThat(e.getCause()).as("server stack trace for %s", sql).isNull();
        return e;
    }

    @Test
    void scriptTransformsRunNothing() throws Exception {
        List<String> attempts = List.of(
                "SELECT TRANSFORM('x') USING 'id' AS (out STRING)",
                "SELECT TRANSFORM(region_code) USING 'cat /etc/passwd' AS (out STRING) FROM published.regions",
                "FROM published.regions SELECT TRANSFORM(region_code) USING 'ls /' AS (out STRING)",
                "MAP 'x' USING 'id' AS (out STRING)",
                "REDUCE 'x' USING 'id' AS (out STRING)",
                "WITH t AS (SELECT TRANSFORM('x') USING 'id' AS (out STRING)) SELECT * FROM t",
                "SELECT * FROM published.regions WHERE region_code IN (SELECT TRANSFORM('x') USING 'id' AS (o STRING))");
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : attempts) {
                SQLException e = refused(s, sql);
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).startsWith("zhibiao serve refuses");
            }
        }
        assertThat(server.audit()).contains("\"statement\":\"SELECT TRANSFORM('x') USING 'id' AS (out STRING)\","
                + "\"outcome\":\"refused\"");
    }

    @Test
    void filesPathsCatalogsReflectionAndTheServersSettingsAreOutOfReach() throws Exception {
        String root = server.lake.toAbsolutePath().toString();
        String landing = server.landingFile().toString();
        List<String> attempts = List.of(
                "SELECT * FROM silver.enterprise",
                "SELECT count(*) FROM delta.`" + root + "/silver/enterprise`",
                "SELECT * FROM text.`" + landing + "`",
                "SELECT * FROM csv.`" + landing + "`",
                "SELECT * FROM text.`" + server.dir.resolve("serve-users.yaml") + "`",
                "SELECT * FROM binaryFile.`" + server.keystore + "`",
                "SELECT * FROM json.`/serving/current`",
                "SELECT * FROM text.`/etc/passwd`",
                "SELECT * FROM published.target_gap WHERE region_code IN (SELECT value FROM text.`/etc/hosts`)",
                "SELECT reflect('java.lang.System', 'getenv', 'HOME')",
                "SELECT java_method('java.lang.System', 'getProperty', 'user.name')",
                "SELECT input_file_name() FROM published.regions",
                "SELECT sum(id) FROM range(0, 1000000000000)",
                "SELECT * FROM published.target_gap VERSION AS OF 0",
                "SELECT * FROM published.target_gap TIMESTAMP AS OF '2020-01-01'",
                "SELECT * FROM table_changes('published.target_gap', 0)",
                "SELECT explode(sequence(1, 100000000))",
                "SELECT repeat('x', 2000000000)",
                "SELECT xpath_string('<a/>', '/a')",
                "SELECT current_timestamp() AS t, uuid()",
                "SET CATALOG atk",
                "SELECT * FROM atk.s.t",
                "SHOW TABLES IN silver",
                "USE silver",
                "SET",
                "SET -v",
                "SET spark.sql.warehouse.dir",
                "SET spark.sql.catalog.atk=org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog",
                "DESCRIBE FORMATTED published.target_gap",
                "DESCRIBE EXTENDED published.target_gap",
                "DESCRIBE DATABASE EXTENDED published",
                "DESCRIBE DATABASE published",
                "SHOW TABLE EXTENDED LIKE '*'",
                "SHOW CREATE TABLE published.target_gap",
                "EXPLAIN SELECT * FROM published.target_gap",
                "DESCRIBE HISTORY published.target_gap",
                "ANALYZE TABLE published.target_gap COMPUTE STATISTICS",
                "CREATE TEMPORARY FUNCTION f AS 'org.apache.hadoop.hive.ql.udf.UDFReflect'",
                "ADD JAR /tmp/x.jar",
                "CACHE TABLE published.target_gap",
                "INSERT OVERWRITE DIRECTORY '/tmp/leak' SELECT * FROM published.target_gap",
                "CREATE TABLE published.copy USING delta AS SELECT * FROM published.target_gap",
                "SELECT /*+ REPARTITION(10000) */ * FROM published.target_gap",
                "SELECT * FROM published.target_gap DISTRIBUTE BY target_id",
                "REFRESH TABLE published.target_gap",
                "UNCACHE TABLE published.target_gap",
                "CLEAR CACHE",
                "RESET",
                "CREATE OR REPLACE TEMPORARY VIEW silver_enterprise AS SELECT 1",
                "SELECT * FROM published.target_gap, LATERAL (SELECT reflect('java.lang.System', 'exit', 0))",
                "SELECT aes_decrypt(unhex('00'), '0000000000000000')",
                "SELECT from_json('{}', 'a INT'), schema_of_json('{}')",
                "SELECT * FROM published.target_gap WHERE target_id = (SELECT max(value) FROM text.`/etc/hosts`)");
        Map<String, String> answers = new LinkedHashMap<>();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : attempts) {
                SQLException e = refused(s, sql);
                assertThat(e.getMessage()).as(sql).contains("zhibiao serve");
                answers.put(sql, e.getMessage());
            }
            // Variable substitution is off: ${…} is text, not the server's environment.
            try (ResultSet rs = s.executeQuery("SELECT '${env:HOME}', '${system:user.name}', '${hiveconf:x}'")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                        .containsExactly("${env:HOME}", "${system:user.name}", "${hiveconf:x}");
            }
            // The session carries on and the time zone is the one setting a client may change.
            s.execute("SET spark.sql.session.timeZone=UTC");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM published.target_gap")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isPositive();
            }
        }
        assertThat(answers).hasSize(attempts.size());
        assertThat(Path.of("/tmp/leak")).doesNotExist();
    }

    @Test
    void settingsInTheUrlOrTheSessionOpenMapAreRefused() throws Exception {
        List<String> extras = List.of(
                "?spark.sql.catalog.atk=org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog;"
                        + "spark.sql.catalog.atk.url=jdbc:derby:memory:atk;create=true",
                "?spark.sql.runSQLOnFiles=true",
                "?hive.server2.authentication=NOSASL",
                "#v=1",
                ";x=1?spark.sql.warehouse.dir=/tmp/w#v=1");
        for (String extra : extras) {
            SQLException e = catchThrowableOfType(() -> DriverManager.getConnection(server.url(extra),
                    SandboxFixture.USER, SandboxFixture.PASSWORD).close(), SQLException.class);
            System.out.println("[attack] URL …/published" + extra);
            System.out.println("[attack]   → " + (e == null ? "connected" : e.getMessage()));
            assertThat((Throwable) e).as(extra).isNotNull();
            assertThat(e.getMessage()).contains("zhibiao serve refuses the connection setting");
        }
        Map<String, String> anonymous = Map.of("set:system:hive.server2.custom.authentication.class",
                "org.apache.hive.service.auth.AnonymousAuthenticationProviderImpl");
        TOpenSessionResp r = server.openSession(anonymous);
        System.out.println("[attack] OpenSession " + anonymous + " → " + r.getStatus().getStatusCode() + " "
                + r.getStatus().getErrorMessage());
        assertThat(r.getStatus().getStatusCode()).isEqualTo(TStatusCode.ERROR_STATUS);
        assertThat(r.getStatus().getErrorMessage()).isEqualTo("zhibiao serve refuses the connection setting "
                + "'set:system:hive.server2.custom.authentication.class': a client may set only the database "
                + "(published), the fetch size and spark.sql.session.timeZone; remove it from the JDBC URL or the "
                + "driver's properties");
        assertThat(r.getStatus().getInfoMessages()).isNull();
        assertThat(server.openSession(Map.of("set:hiveconf:hive.server2.authentication", "NONE")).getStatus()
                .getStatusCode()).isEqualTo(TStatusCode.ERROR_STATUS);
        // Authentication is still on: nobody logs in with a made-up name or a wrong password.
        SQLException anyone = catchThrowableOfType(() -> DriverManager.getConnection(server.url(""), "anyone",
                "anything").close(), SQLException.class);
        assertThat((Throwable) anyone).isNotNull();
        assertThat(anyone.getMessage()).contains("Error validating the login");
        // An allowed map opens a session.
        assertThat(server.openSession(Map.of("use:database", "published")).getStatus().getStatusCode())
                .isEqualTo(TStatusCode.SUCCESS_STATUS);
    }

    @Test
    void aLoggedInClientCannotSendSettingsWithAStatementNorAnnounceAHugeRequest() throws Exception {
        org.apache.thrift.transport.TTransport t = server.login("127.0.0.1", SandboxFixture.USER,
                SandboxFixture.PASSWORD);
        try {
            var client = new org.apache.hive.service.rpc.thrift.TCLIService.Client(
                    new org.apache.thrift.protocol.TBinaryProtocol(t));
            var open = client.OpenSession(new org.apache.hive.service.rpc.thrift.TOpenSessionReq());
            assertThat(open.getStatus().getStatusCode()).isEqualTo(TStatusCode.SUCCESS_STATUS);
            var req = new org.apache.hive.service.rpc.thrift.TExecuteStatementReq(open.getSessionHandle(),
                    "SELECT count(*) FROM published.regions");
            req.setConfOverlay(Map.of("spark.sql.runSQLOnFiles", "true"));
            var resp = client.ExecuteStatement(req);
            System.out.println("[attack] ExecuteStatement with confOverlay {spark.sql.runSQLOnFiles=true} → "
                    + resp.getStatus().getStatusCode() + " " + resp.getStatus().getErrorMessage());
            assertThat(resp.getStatus().getStatusCode()).isEqualTo(TStatusCode.ERROR_STATUS);
            assertThat(resp.getStatus().getErrorMessage())
                    .isEqualTo("zhibiao serve refuses settings sent with a statement (spark.sql.runSQLOnFiles)");
        } finally {
            t.close();
        }
        // Logged in, then a request frame announcing 1 GiB: the connection is closed, nothing is allocated.
        Socket s = server.socket("127.0.0.1");
        org.apache.thrift.transport.TTransport sasl = org.apache.hive.service.auth.PlainSaslHelper.getPlainTransport(
                SandboxFixture.USER, SandboxFixture.PASSWORD, new org.apache.thrift.transport.TSocket(s));
        sasl.open();
        s.getOutputStream().write(ByteBuffer.allocate(4).putInt(1 << 30).array());
        s.getOutputStream().flush();
        int read;
        try {
            read = s.getInputStream().read();
        } catch (java.io.IOException closed) {
            read = -1; // reset rather than closed in order: closed all the same
        }
        System.out.println("[attack] a logged-in client announcing a 1 GiB request → connection closed (read " + read
                + ")");
        assertThat(read).isEqualTo(-1);
        s.close();
        assertThat(server.running.process().isAlive()).isTrue();
        assertThat(server.count("published.regions")).isPositive();
    }

    @Test
    void anUnauthenticatedFloodLeavesARealClientLoggingInWithinTwoSeconds() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 520; i++) { // idle TCP connections that never say a word
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.running.port()), 5000);
                flood.add(s);
            }
            int sent = 0;
            for (int i = 0; i < 40; i++) { // TLS, then a SASL START announcing 100 MB
                try {
                    Socket s = server.socket("127.0.0.1");
                    OutputStream out = s.getOutputStream();
                    out.write(ByteBuffer.allocate(5).put((byte) 1).putInt(100 << 20).array());
                    out.flush();
                    flood.add(s);
                    sent++;
                } catch (java.io.IOException dropped) {
                    // pushed out by the next connection before its handshake: as intended
                }
            }
            System.out.printf("[attack] %d idle connections and %d TLS connections announcing 100 MB logins%n", 520,
                    sent);
            assertThat(sent).isGreaterThan(30);
            long t0 = System.nanoTime();
            try (Connection c = server.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM published.regions")) {
                assertThat(rs.next()).isTrue();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("[attack]   → a real client logged in and counted %d regions in %d ms%n",
                        rs.getLong(1), ms);
                assertThat(ms).isLessThan(2000);
            }
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
        assertThat(server.running.process().isAlive()).isTrue();
    }

    @Test
    void aHeavyQueryIsCutAtTheTimeoutWhileAnotherClientIsAnswered() throws Exception {
        String heavy = "SELECT count(*) FROM published.indicator_values a, published.indicator_values b, "
                + "published.indicator_values c WHERE a.year + b.year > c.year";
        CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.executeQuery(heavy).close();
                return "finished";
            } catch (SQLException e) {
                return String.format("%s after %.1f s: %s", e.getClass().getSimpleName(), (System.nanoTime() - t0) / 1e9,
                        e.getMessage());
            }
        });
        Thread.sleep(3000);
        assertThat(outcome).isNotDone();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            int rows = 0;
            try (ResultSet rs = s.executeQuery(GAP_QUERY)) {
                while (rs.next()) {
                    rows++;
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("[attack] while the heavy query runs, another client's query: %d rows in %d ms%n", rows,
                    ms);
            assertThat(rows).isPositive();
            assertThat(ms).isLessThan(2000);
        }
        String heavyOutcome = outcome.get(QUERY_TIMEOUT + 30, TimeUnit.SECONDS);
        System.out.println("[attack] " + heavy + " → " + heavyOutcome);
        assertThat(heavyOutcome).contains("timed out");
        assertThat(server.audit()).contains("\"outcome\":\"timeout\"");
    }

    @Test
    void aResultOverTheRowCapIsCutOffWithAnError() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            SQLException e = refused(s, "SELECT a.region_code, b.region_code FROM published.regions a, "
                    + "published.regions b, published.regions c");
            assertThat(e.getMessage()).isEqualTo("zhibiao serve: the result has more than " + MAX_ROWS + " rows, the "
                    + "most this server sends; aggregate, filter or add a LIMIT");
            int rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT a.region_code FROM published.regions a, published.regions b, "
                    + "published.regions c LIMIT " + MAX_ROWS)) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).isEqualTo((int) MAX_ROWS);
        }
    }

    @Test
    void twoHundredWrongPasswordsMeetBackOffThenLockoutThatAnOperatorClears() throws Exception {
        long t0 = System.nanoTime();
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            try {
                server.login("127.0.0.2", SandboxFixture.VICTIM, "guess-" + i).close();
            } catch (Exception expected) {
                failed++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String audit = server.audit();
        long checked = audit.lines().filter(l -> l.contains("\"event\":\"login_failed\"")
                && l.contains("\"user\":\"victim\"")).count();
        long refusedUnchecked = audit.lines().filter(l -> l.contains("\"event\":\"login_refused\"")
                && l.contains("\"user\":\"victim\"")).count();
        System.out.printf("[attack] 200 wrong passwords for victim in %.1f s: %d refused, %d checked, %d refused "
                + "unchecked (back-off, lockout)%n", seconds, failed, checked, refusedUnchecked);
        assertThat(failed).isEqualTo(200);
        assertThat(checked).isBetween(3L, 19L);
        assertThat(checked + refusedUnchecked).isEqualTo(200);
        Path lock = LoginThrottle.lockFile(Path.of(server.settings.stateDir(), "lockouts"), SandboxFixture.VICTIM);
        assertThat(lock).exists();
        // Locked: the right password from a fresh address is refused too.
        assertThat(catchThrowableOfType(() -> server.login("127.0.0.3", SandboxFixture.VICTIM,
                SandboxFixture.VICTIM_PASSWORD).close(), Exception.class)).isNotNull();
        // Meanwhile another user from another address logs in at once.
        long t1 = System.nanoTime();
        server.login("127.0.0.1", SandboxFixture.USER, SandboxFixture.PASSWORD).close();
        System.out.printf("[attack]   → finebi from 127.0.0.1 logged in in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        // The operator clears the lock; the right password works again.
        Unlock.run(server.dir.resolve("state"), SandboxFixture.VICTIM);
        assertThat(lock).doesNotExist();
        server.login("127.0.0.3", SandboxFixture.VICTIM, SandboxFixture.VICTIM_PASSWORD).close();
        assertThat(audit).doesNotContain("guess-1").doesNotContain(SandboxFixture.PASSWORD);
    }

    @Test
    void onlyTlsClientsGetIn() throws Exception {
        String plain = "jdbc:hive2://127.0.0.1:" + server.running.port() + "/published";
        long t0 = System.nanoTime();
        SQLException e = catchThrowableOfType(() -> DriverManager.getConnection(plain, SandboxFixture.USER,
                SandboxFixture.PASSWORD).close(), SQLException.class);
        System.out.printf("[attack] plaintext client → %s (%d ms)%n", e == null ? "connected" : e.getMessage(),
                (System.nanoTime() - t0) / 1_000_000);
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getMessage()).contains("Could not open client transport");
        assertThat(server.count("published.targets")).isPositive();
    }

    @Test
    void oneUserMayHoldOnlyItsShareOfSessions() throws Exception {
        List<Connection> mine = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                mine.add(server.connect());
            }
            SQLException e = catchThrowableOfType(() -> server.connect().close(), SQLException.class);
            System.out.println("[attack] a fifth session of finebi → " + e.getMessage());
            assertThat(e.getMessage()).contains("user 'finebi' has 4 sessions open, the most one user may have");
        } finally {
            for (Connection c : mine) {
                c.close();
            }
        }
        server.connect().close();
    }

    @Test
    void theAuditLogSaysWhoRanWhatWithoutPasswords() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.executeQuery(GAP_QUERY).close();
        }
        String audit = server.audit();
        assertThat(audit).contains("\"event\":\"login\",\"user\":\"finebi\",\"address\":\"127.0.0.1\"");
        assertThat(audit.lines().filter(l -> l.contains("\"statement\":\"" + GAP_QUERY + "\"")
                && l.contains("\"outcome\":\"ok\"") && l.contains("\"rows\":5"))).isNotEmpty();
        assertThat(audit).doesNotContain(SandboxFixture.PASSWORD).doesNotContain(SandboxFixture.VICTIM_PASSWORD);
    }

    /** The operator's command, as {@code zhibiao serve unlock NAME --state DIR}. */
    static final class Unlock {
        static void run(Path state, String user) {
            ServeCommand.Unlock u = new ServeCommand.Unlock();
            u.name = user;
            u.state = state;
            u.call();
        }
    }
}
