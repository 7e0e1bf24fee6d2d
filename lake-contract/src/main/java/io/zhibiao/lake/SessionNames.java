package io.zhibiao.lake;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;

/** The names the lake gives a session's catalog: databases, and views over a release's tables. */
final class SessionNames {

    private SessionNames() {
    }

    static void database(SparkSession spark, String database) {
        if (!spark.catalog().databaseExists(database)) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
        }
    }

    /** {@code name} (database.table) as a view over {@code query}, replacing a table registered under the name. */
    static void view(SparkSession spark, String name, String query) {
        if (isTable(spark, name)) {
            spark.sql("DROP TABLE " + name);
        }
        spark.sql("CREATE OR REPLACE VIEW " + name + " AS " + query);
    }

    /** {@code name} (database.table) as an external Delta table at {@code location}, replacing a view or table. */
    static void table(SparkSession spark, String name, String location) {
        // External tables: dropping the name (another lake's, or a stale one) never touches data.
        if (isTable(spark, name)) {
            spark.sql("DROP TABLE " + name);
        } else {
            spark.sql("DROP VIEW IF EXISTS " + name);
        }
        spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + location.replace("'", "\\'") + "'");
    }

    private static boolean isTable(SparkSession spark, String name) {
        int dot = name.indexOf('.');
        TableIdentifier id = new TableIdentifier(name.substring(dot + 1), Option.apply(name.substring(0, dot)));
        var catalog = spark.sessionState().catalog();
        try {
            return catalog.tableExists(id) && !catalog.getTableMetadata(id).tableType().name().equals("VIEW");
        } catch (Exception e) {
            // getTableMetadata declares NoSuchDatabase/NoSuchTable: gone between the two calls
            return false;
        }
    }
}
