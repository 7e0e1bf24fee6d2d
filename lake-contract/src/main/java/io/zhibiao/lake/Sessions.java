package io.zhibiao.lake;

import io.zhibiao.lake.fs.ForklessLocalFileSystem;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way zhibiao builds a Spark session, so every entry point gets Delta and the same settings.
 *
 * <p>A JVM has one Spark context, and so one master: a second {@link #create} in the same JVM (a test suite, a
 * notebook's kernel) returns the session that exists. It does not pretend to honour what it cannot: a different
 * master is logged as a warning naming both, and the session keeps its own. The shuffle partitions are a runtime
 * setting and are applied to the existing session (also logged when they change). Everything else a caller wants
 * to change on a session goes through a {@link SessionScope}.
 */
public final class Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
    /** Delta's check, after each commit, of the file list its checksum file holds (Delta 3.3's setting). */
    static final String CRC_VERIFICATION = "spark.databricks.delta.allFilesInCrc.verificationMode.enabled";
    /**
     * The session extensions of every zhibiao session, in order: kept file lists plan Delta scans ({@link
     * ScanFileLists}) before Delta's own planning would, then Delta.
     */
    public static final String EXTENSIONS = ScanFileLists.class.getName() + ",io.delta.sql.DeltaSparkSessionExtension";

    private Sessions() {
    }

    /**
     * A session with Delta Lake enabled. When launched by spark-submit the master and resources come from
     * there; otherwise {@code defaultMaster} (e.g. local[*]) is used. When this JVM has a session already, that
     * one is returned; see the class comment.
     */
    public static SparkSession create(String appName, String defaultMaster, int shufflePartitions) {
        Optional<SparkSession> existing = existing();
        if (existing.isPresent()) {
            SparkSession spark = existing.get();
            masterMismatch(spark, defaultMaster).ifPresent(LOG::warn);
            String asked = String.valueOf(shufflePartitions);
            String had = spark.conf().get(SHUFFLE_PARTITIONS);
            if (!had.equals(asked)) {
                LOG.info("{}: {} was {} in the session that exists, now {}", appName, SHUFFLE_PARTITIONS, had, asked);
                spark.conf().set(SHUFFLE_PARTITIONS, asked);
            }
            SparkSession.setActiveSession(spark);
            return spark;
        }
        SparkSession.Builder b = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", EXTENSIONS)
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config(SHUFFLE_PARTITIONS, String.valueOf(shufflePartitions))
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.session.timeZone", "Asia/Shanghai")
                .config("spark.sql.ansi.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // A column added to sources.yaml reaches silver through MERGE as it reaches bronze through append.
                .config("spark.databricks.delta.schema.autoMerge.enabled", "true")
                // In a session not on UTC, Delta 3.3 rebuilds a table's whole state after every commit to check the file
                // list it wrote into the checksum file — a Spark job per commit. Its reason is partition values of
                // timestamp type; the lake's tables are not partitioned, and scans take their lists from those files.
                .config(CRC_VERIFICATION + ".forceOnNonUTC.enabled", "false")
                // The lake's tables are registered by location (LakeCatalog); nothing is ever managed here.
                .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/zhibiao-spark-warehouse");
        // Local lakes: no chmod/readlink child process per file written (ForklessLocalFileSystem).
        for (var e : ForklessLocalFileSystem.HADOOP_SETTINGS.entrySet()) {
            b = b.config("spark.hadoop." + e.getKey(), e.getValue());
        }
        if (!launchedWithMaster()) {
            b = b.master(defaultMaster).config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }

    /**
     * Why {@code spark} is not on {@code asked}: a warning naming the session's master and the one asked for, or empty
     * when they agree or spark-submit chose the master (then {@code asked}, a default, does not apply).
     */
    static Optional<String> masterMismatch(SparkSession spark, String asked) {
        String actual = spark.sparkContext().master();
        if (launchedWithMaster() || actual.equals(asked)) {
            return Optional.empty();
        }
        return Optional.of("a Spark session exists in this JVM with master " + actual + "; master " + asked
                + " was asked for and is not used (one Spark context per JVM: start a new process for another master)");
    }

    private static boolean launchedWithMaster() {
        return System.getProperty("spark.master") != null;
    }

    private static Optional<SparkSession> existing() {
        scala.Option<SparkSession> s = SparkSession.getActiveSession();
        if (s.isEmpty()) {
            s = SparkSession.getDefaultSession();
        }
        return s.isDefined() && !s.get().sparkContext().isStopped() ? Optional.of(s.get()) : Optional.empty();
    }
}
