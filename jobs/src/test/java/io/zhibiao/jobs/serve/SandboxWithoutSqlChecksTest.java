package io.zhibiao.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox on its own: the server started in bubblewrap with both SQL checks switched off
 * ({@link UncheckedSandboxedServer}), so Spark runs whatever a client sends. Script transforms still run nothing
 * (there is no shell to run), the lake, its landing files, the users file and the keystore are not there to be
 * read, the copied release cannot be written, and the process is an unprivileged user with an empty environment.
 */
class SandboxWithoutSqlChecksTest {

    @TempDir
    static Path dir;
    static SandboxFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new SandboxFixture(dir, UncheckedSandboxedServer.class.getName(), false, 60, 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String error(Statement s, String sql) {
        return SandboxFixture.failure(s, sql, "sandbox-only").getMessage();
    }

    static String value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            System.out.println("[sandbox-only] " + sql + " → " + rs.getString(1));
            return rs.getString(1);
        }
    }

    @Test
    void theChecksAreReallyOff() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            // reflect() is refused by both checks; here it runs, which is what makes the rest of this class mean something
            assertThat(value(s, "SELECT reflect('java.lang.System', 'getProperty', 'user.name')"))
                    .isEqualTo("zhibiao-serve");
            assertThat(value(s, "SELECT reflect('java.lang.System', 'getenv', 'HOME')")).isEqualTo("/tmp");
            assertThat(value(s, "SELECT count(*) FROM range(0, 10)")).isEqualTo("10");
        }
    }

    @Test
    void scriptTransformsFindNoProgramToRun() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT TRANSFORM('x') USING 'id' AS (out STRING)",
                    "SELECT TRANSFORM('x') USING '/usr/lib/jvm/java-17-openjdk-amd64/bin/java -version' AS (o STRING)",
                    "MAP 'x' USING 'cat /etc/passwd' AS (out STRING)")) {
                assertThat(error(s, sql)).contains("Cannot run program");
            }
        }
    }

    @Test
    void theLakeTheLandingFilesTheUsersAndTheKeyAreNotThere() throws Exception {
        String root = server.lake.toAbsolutePath().toString();
        Path landing = server.landingFile();
        List<String> missing = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "SELECT * FROM text.`" + landing + "`",
                    "SELECT count(*) FROM delta.`" + root + "/silver/enterprise`",
                    "SELECT count(*) FROM delta.`" + root + "/published/target_gap` VERSION AS OF 0",
                    "SELECT * FROM text.`" + server.dir.resolve("serve-users.yaml") + "`",
                    "SELECT * FROM binaryFile.`" + server.keystore + "`",
                    "SELECT * FROM text.`/etc/shadow`",
                    "SELECT * FROM text.`/root`")) {
                String answer = error(s, sql);
                assertThat(answer).containsAnyOf("PATH_NOT_FOUND", "Path does not exist", "No such file or directory");
                missing.add(sql);
            }
            // What is there: the copied release only, one version of each table, and nothing of the state's secrets.
            assertThat(value(s, "SELECT count(*) FROM text.`/serving/current`")).isEqualTo("1");
            assertThat(value(s, "SELECT count(*) FROM (SELECT DISTINCT input_file_name() "
                    + "FROM json.`/serving/*/published/target_gap/_delta_log/*.json`)"))
                    .isEqualTo("1");
        }
        assertThat(missing).hasSize(7);
    }

    @Test
    void theCopiedReleaseCannotBeChanged() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            String rows = value(s, "SELECT count(*) FROM published.target_gap");
            String answer = error(s, "INSERT INTO published.target_gap SELECT * FROM published.target_gap");
            assertThat(answer).containsIgnoringCase("read-only file system");
            assertThat(value(s, "SELECT count(*) FROM published.target_gap")).isEqualTo(rows);
            assertThat(error(s, "INSERT OVERWRITE DIRECTORY '/serving/leak' SELECT 1")).isNotBlank();
        }
        assertThat(Path.of(server.settings.servingDir(), "leak")).doesNotExist();
    }
}
