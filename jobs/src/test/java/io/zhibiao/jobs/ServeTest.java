package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatPath;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.zhibiao.jobs.serve.PublishedServer;
import io.zhibiao.jobs.serve.ServeSettings;
import io.zhibiao.jobs.serve.ServeUsers;
import io.zhibiao.jobs.serve.ServingRelease;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zhibiao serve} as a BI tool meets it: the thrift server started in this JVM on a free port over the shared
 * published sample, queried with the Hive JDBC driver. Each query and its answer or error is printed, so a reader
 * of the test output sees exactly what a client saw.
 */
class ServeTest {

    static final String USER = "finebi";
    static final String PASSWORD = "指标-serve-test-2026";
    static final String GAP_QUERY = "SELECT target_id, indicator_zh, region_name, year, actual, target_value, gap, status_zh "
            + "FROM published.target_gap WHERE target_id = 'LY14-T06' ORDER BY year";

    @TempDir
    static Path dir;
    static Path lake;
    static SparkSession spark;
    static PublishedServer server;
    static String url;

    @BeforeAll
    static void startTheServer() throws Exception {
        lake = PublishedSample.lake();
        spark = SparkTestSession.get();
        Path users = dir.resolve("serve-users.yaml");
        ServeUsers.put(users, USER, PASSWORD);
        Path serving = dir.resolve("serving");
        ServingRelease.materialise(spark, Lake.at(lake), serving);
        server = PublishedServer.start(spark, ServeSettings.forTest(serving.toString(), dir.resolve("state").toString(),
                true, null, null).withUsers(ServeUsers.load(users)));
        url = "jdbc:hive2://127.0.0.1:" + server.port() + "/published";
        Class.forName("org.apache.hive.jdbc.HiveDriver");
        System.out.println("[serve-test] server at " + url + " serving " + server.tables());
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    @Test
    void metadataListsThePublishedTablesAndTheirChineseColumnLabels() throws SQLException {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            List<String> schemas = new ArrayList<>();
            try (ResultSet rs = md.getSchemas()) {
                while (rs.next()) {
                    schemas.add(rs.getString("TABLE_SCHEM"));
                }
            }
            System.out.println("[serve-test] getSchemas() → " + schemas);
            assertThat(schemas).contains("published").doesNotContain("bronze", "silver", "gold", "audit", "quarantine");

            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, "%", "%", null)) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
                }
            }
            System.out.println("[serve-test] getTables(null, \"%\", \"%\", null) → " + tables);
            assertThat(tables).contains("published.target_gap", "published.indicator_values", "published.releases")
                    .allMatch(t -> t.startsWith("published."));

            Map<String, String> remarks = new LinkedHashMap<>();
            List<String> printed = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, "published", "target_gap", "%")) {
                while (rs.next()) {
                    remarks.put(rs.getString("COLUMN_NAME"), rs.getString("REMARKS"));
                    printed.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " — "
                            + rs.getString("REMARKS"));
                }
            }
            System.out.println("[serve-test] getColumns(null, \"published\", \"target_gap\", \"%\") → " + remarks.size()
                    + " columns:");
            printed.forEach(line -> System.out.println("[serve-test]   " + line));
            assertThat(remarks).containsEntry("status_zh", "状态").containsEntry("indicator_zh", "指标")
                    .containsEntry("region_name", "地区").containsEntry("year", "评估年度");

            try (Statement s = c.createStatement()) {
                System.out.println("[serve-test] SHOW TABLES → " + column(s, "SHOW TABLES", 2));
                List<String> describe = column(s, "DESCRIBE published.target_gap", 1, 3);
                System.out.println("[serve-test] DESCRIBE published.target_gap → " + describe.subList(0, 6) + " …");
                assertThat(describe).contains("status_zh 状态");
            }
        }
    }

    @Test
    void everyServedTableOfTheSampleReleaseIsCommentedAsSyntheticData() throws SQLException {
        String comment = "示例数据 — synthetic sample, not official statistics（本批次由示例数据生成器合成，非官方统计数据）";
        try (Connection c = connect()) {
            Map<String, String> remarks = new LinkedHashMap<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "published", "%", null)) {
                while (rs.next()) {
                    remarks.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
                }
            }
            System.out.println("[serve-test] getTables REMARKS → " + remarks);
            assertThat(remarks).containsKeys("target_gap", "indicator_values", "releases")
                    .allSatisfy((table, remark) -> assertThat(remark).as(table).isEqualTo(comment));
        }
        // DESCRIBE EXTENDED is refused over JDBC; the served copy's Delta tables hold the comment as their description.
        for (String t : List.of("target_gap", "indicator_values", "releases")) {
            assertThat(io.delta.tables.DeltaTable.forPath(spark, dir.resolve("serving/release-1/published").resolve(t)
                    .toString()).detail().select("description").first().getString(0)).as(t).isEqualTo(comment);
        }
    }

    @Test
    void theTargetGapTableReadsAsSparkReadsItFromTheLake() throws SQLException {
        List<List<Object>> served = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GAP_QUERY)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(normal(rs.getObject(i)));
                }
                served.add(row);
            }
        }
        System.out.println("[serve-test] " + GAP_QUERY);
        served.forEach(r -> System.out.println("[serve-test]   " + r));

        List<List<Object>> direct = new ArrayList<>();
        for (Row r : spark.read().format("delta").load(lake.resolve("published/target_gap").toString())
                .where("target_id = 'LY14-T06'").orderBy("year")
                .select("target_id", "indicator_zh", "region_name", "year", "actual", "target_value", "gap", "status_zh")
                .collectAsList()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                row.add(normal(r.get(i)));
            }
            direct.add(row);
        }
        assertThat(served).isNotEmpty().isEqualTo(direct);
        assertThat(served).allMatch(r -> r.get(1).equals("高新技术企业数"));
    }

    @Test
    void aWrongPasswordOrUnknownUserIsRefused() {
        SQLException wrong = catchThrowableOfType(() -> DriverManager.getConnection(url, USER, "not-the-password"),
                SQLException.class);
        System.out.println("[serve-test] connect as " + USER + " with a wrong password → " + wrong.getMessage());
        assertThat(wrong.getMessage()).contains("Error validating the login");

        SQLException unknown = catchThrowableOfType(() -> DriverManager.getConnection(url, "mallory", PASSWORD),
                SQLException.class);
        System.out.println("[serve-test] connect as mallory (not in the users file) → " + unknown.getMessage());
        assertThat(unknown.getMessage()).contains("Error validating the login");
    }

    @Test
    void everyForbiddenOperationIsAClearSqlErrorAndTheServerKeepsServing() throws SQLException {
        String root = lake.toAbsolutePath().toString();
        List<String> forbidden = List.of(
                "SELECT * FROM silver.enterprise",
                "SELECT * FROM gold.indicator_values",
                "SELECT * FROM bronze.tax_returns",
                "SELECT count(*) FROM delta.`" + root + "/silver/enterprise`",
                "SELECT * FROM parquet.`" + root + "/silver/enterprise`",
                "SELECT * FROM text.`" + root + "/sample-manifest.json`",
                "SELECT * FROM published.target_gap WHERE region_code IN (SELECT region_code FROM silver.enterprise)",
                "WITH e AS (SELECT * FROM delta.`" + root + "/silver/tax_return`) SELECT count(*) FROM e",
                "SELECT * FROM table_changes_by_path('" + root + "/silver/enterprise', 0)",
                "SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
                "DESCRIBE delta.`" + root + "/silver/enterprise`",
                "SHOW TABLES IN silver",
                "USE silver",
                "CREATE TABLE published.notes (note STRING) USING delta",
                "CREATE TABLE published.copy AS SELECT * FROM published.target_gap",
                "CREATE TEMPORARY VIEW v AS SELECT * FROM published.target_gap",
                "INSERT INTO published.target_gap SELECT * FROM published.target_gap",
                "INSERT OVERWRITE DIRECTORY '" + root + "/../leak' SELECT * FROM published.target_gap",
                "UPDATE published.target_gap SET status_zh = '已实现'",
                "DELETE FROM published.target_gap",
                "MERGE INTO published.target_gap t USING published.target_gap s ON t.target_id = s.target_id "
                        + "WHEN MATCHED THEN DELETE",
                "DROP TABLE published.target_gap",
                "TRUNCATE TABLE published.target_gap",
                "CREATE DATABASE scratch",
                "ALTER TABLE published.target_gap ADD COLUMNS (note STRING)",
                "ALTER TABLE published.target_gap SET TBLPROPERTIES ('x' = 'y')",
                "CACHE TABLE published.target_gap",
                "SET spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                "SET spark.sql.runSQLOnFiles=true",
                "ADD JAR " + root + "/evil.jar",
                "VACUUM published.target_gap",
                "OPTIMIZE published.target_gap",
                "DESCRIBE HISTORY published.target_gap",
                "RESTORE TABLE published.target_gap TO VERSION AS OF 0");
        Map<String, String> refusals = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : forbidden) {
                SQLException e = catchThrowableOfType(() -> s.execute(sql), SQLException.class);
                assertThat((Throwable) e).as("refused: %s", sql).isNotNull();
                refusals.put(sql, e.getSQLState() + " " + e.getMessage());
                System.out.println("[serve-test] " + sql);
                System.out.println("[serve-test]   → SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
                assertThat(e.getMessage()).as(sql).contains("zhibiao serve");
                assertThat(e.getSQLState()).as(sql).isEqualTo("42501");
            }
            // The same session carries on after every refusal.
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM published.target_gap")) {
                assertThat(rs.next()).isTrue();
                long rows = rs.getLong(1);
                System.out.println("[serve-test] after " + forbidden.size() + " refusals: SELECT count(*) FROM "
                        + "published.target_gap → " + rows);
                assertThat(rows).isEqualTo(spark.read().format("delta").load(lake.resolve("published/target_gap").toString())
                        .count());
            }
        }
        assertThat(refusals).hasSize(forbidden.size());
        // Nothing was written: no new table, the published table unchanged, no directory made.
        assertThatPath(lake.resolve("published/notes")).doesNotExist();
        assertThatPath(lake.resolve("published/copy")).doesNotExist();
        assertThatPath(lake.getParent().resolve("leak")).doesNotExist();
    }

    @Test
    void aNewReleaseCopiedInIsServedWithoutARestart() throws Exception {
        Path serving = dir.resolve("serving");
        // A second "release": release 1's copy without one table, made current as `serve` does (rename into place).
        Path two = serving.resolve("release-2");
        try (var files = java.nio.file.Files.walk(serving.resolve("release-1"))) {
            for (Path p : files.toList()) {
                Path q = two.resolve(serving.resolve("release-1").relativize(p).toString());
                if (p.toString().contains("composite_sensitivity")) {
                    continue;
                }
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(q);
                } else {
                    java.nio.file.Files.copy(p, q);
                }
            }
        }
        point(serving, "release-2");
        try {
            awaitRelease("release-2");
            try (Connection c = connect(); Statement s = c.createStatement()) {
                List<String> tables = column(s, "SHOW TABLES", 2);
                System.out.println("[serve-test] after release-2 was made current: SHOW TABLES → " + tables);
                assertThat(tables).contains("target_gap").doesNotContain("composite_sensitivity");
            }
        } finally {
            point(serving, "release-1");
            awaitRelease("release-1");
        }
    }

    static void point(Path serving, String release) throws Exception {
        Path tmp = serving.resolve(".current-test");
        java.nio.file.Files.writeString(tmp, release + "\n");
        java.nio.file.Files.move(tmp, serving.resolve("current"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void awaitRelease(String release) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!server.release().equals(release) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.release()).isEqualTo(release);
    }

    /** One column (or two, joined by a space) of every row of a statement's result. */
    static List<String> column(Statement s, String sql, int... columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int c : columns) {
                    b.append(b.length() == 0 ? "" : " ").append(rs.getString(c));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** Decimals compared by value, whatever scale each side carries. */
    static Object normal(Object v) {
        return v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros().toPlainString() : v;
    }
}
