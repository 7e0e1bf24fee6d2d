package io.zhibiao.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** An in-memory DuckDB and the few statement helpers the tools share. */
final class Duck {

    private Duck() {
    }

    static Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    static void exec(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\n  in: " + sql, e);
        }
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A DuckDB list literal of file paths, for read_parquet([...]) and read_csv([...]). */
    static String files(List<Path> paths) {
        return paths.stream().map(p -> literal(p.toString())).collect(Collectors.joining(", ", "[", "]"));
    }
}
