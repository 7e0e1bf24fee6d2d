package io.zhibiao.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the lake's Delta tables visible by name to a Spark SQL session: one database per zone
 * (bronze, silver, gold, published, audit, quarantine), one external table per Delta table, so
 * {@code SELECT * FROM published.target_gap} works in any session opened over the lake. Tables are
 * registered by location only: registering never writes to a table.
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
                if (t.isDirectory() && fs.exists(new Path(t.getPath(), "_delta_log"))) {
                    String name = zone + "." + t.getPath().getName();
                    String location = lake.root() + "/" + zone + "/" + t.getPath().getName();
                    registerTable(spark, name, location);
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void registerTable(SparkSession spark, String name, String location) {
        SessionNames.table(spark, name, location);
    }
}
