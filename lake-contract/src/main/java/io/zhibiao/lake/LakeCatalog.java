package io.zhibiao.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;

/**
 * Makes the lake's Delta tables visible by name to a Spark SQL session: one database per zone
 * (bronze, silver, gold, published, audit, quarantine), one external table per Delta table, so
 * {@code SELECT * FROM published.target_gap} works in any session opened over the lake. Tables are
 * registered by location only: registering never writes to a table.
 *
 * <p>Registering is idempotent: a name that already points at the table's location is left as it is (no DROP and
 * CREATE, so its cached data and creation time survive); a name pointing elsewhere (another lake's table) is replaced.
 * A job may therefore register after every step that adds tables, and only the new names are created.
 */
public final class LakeCatalog {

    public static final List<String> ZONES = List.of("bronze", "silver", "gold", "published", "audit", "quarantine");

    private LakeCatalog() {
    }

    /**
     * Registers every Delta table under the lake's zones; returns the qualified names registered. Once the lake has
     * a release, {@code published.*} and {@code gold.*} name the current release's tables as views at the versions
     * it wrote ({@link Releases}): a query never mixes two releases, even while the next one is being promoted. The
     * names are fixed when registered; register again to see a release published since.
     */
    public static List<String> register(SparkSession spark, Lake lake) {
        List<String> names = new ArrayList<>();
        java.util.Optional<Releases.Release> current = new Releases(spark, lake).current();
        for (String zone : ZONES) {
            if (current.isPresent() && !current.get().versions().isEmpty()
                    && (zone.equals("published") || zone.equals("gold"))) {
                names.addAll(new Releases(spark, lake).register(current.get(), zone, zone));
            } else {
                names.addAll(registerZone(spark, lake, zone));
            }
        }
        return names;
    }

    /**
     * Registers the Delta tables of one zone only, each as its folder holds it now (a session that must not see the
     * others, e.g. the JDBC server's, which serves one release copied out of the lake); returns the qualified names
     * registered, none when the zone has no folder yet. A lake's own {@code published} zone is read through
     * {@link #register} instead, which pins the current release.
     */
    public static List<String> registerZone(SparkSession spark, Lake lake, String zone) {
        if (!ZONES.contains(zone)) {
            throw new IllegalArgumentException("unknown lake zone '" + zone + "'; the zones are " + ZONES);
        }
        List<String> names = new ArrayList<>();
        try {
            Path root = new Path(lake.root());
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path dir = new Path(root, zone);
            if (!fs.isDirectory(dir)) {
                return names;
            }
            spark.sql("CREATE DATABASE IF NOT EXISTS " + zone);
            for (FileStatus t : fs.listStatus(dir)) {
                if (t.isDirectory() && committed(fs, new Path(t.getPath(), "_delta_log"))) {
                    String name = zone + "." + t.getPath().getName();
                    String location = lake.root() + "/" + zone + "/" + t.getPath().getName();
                    registerTable(spark, fs, zone, t.getPath().getName(), location);
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Whether a table folder's log holds a commit. A process killed while creating a table (a first write halted
     * mid-promotion) leaves the folder and an empty {@code _delta_log}: no table yet, and registering it would fail
     * every later run until the write that creates it is made again.
     */
    static boolean committed(FileSystem fs, Path log) throws IOException {
        if (!fs.isDirectory(log)) {
            return false;
        }
        for (FileStatus f : fs.listStatus(log)) {
            String n = f.getPath().getName();
            if (n.matches("\\d{20}\\.json") || n.matches("\\d{20}\\.checkpoint(\\..*)?\\.parquet")) {
                return true;
            }
        }
        return false;
    }

    private static void registerTable(SparkSession spark, FileSystem fs, String zone, String table, String location) {
        String name = zone + "." + table;
        Optional<URI> current = location(spark, zone, table);
        if (current.isPresent() && sameLocation(fs, current.get(), location)) {
            return;
        }
        SessionNames.table(spark, name, location);
    }

    /** Where {@code zone.table} points in the session's catalog, if the name is registered. */
    static Optional<URI> location(SparkSession spark, String zone, String table) {
        TableIdentifier id = new TableIdentifier(table, Option.apply(zone));
        if (!spark.sessionState().catalog().tableExists(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(spark.sessionState().catalog().getTableMetadata(id).location());
        } catch (Exception e) {
            // gone meanwhile, or a view (a release's pinned name), which has no location of its own
            return Optional.empty();
        }
    }

    private static boolean sameLocation(FileSystem fs, URI registered, String location) {
        return fs.makeQualified(new Path(registered)).equals(fs.makeQualified(new Path(location)));
    }
}
