package io.zhibiao.jobs;

import io.delta.tables.DeltaTable;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.Releases;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.SessionScope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zhibiao maintain}: compacts the tables that grow by small appends (Delta OPTIMIZE: bronze, quarantine,
 * audit) and removes the data files no kept release reads any more (VACUUM, every table of the lake's zones).
 *
 * <p>The retention follows the releases kept, not the clock alone: the last {@code --keep-releases} releases (12 by
 * default) stay readable with {@code --release N}. A file a kept release reads was removed from its table only after
 * that release was published, so VACUUM keeps every file removed since the oldest kept release was published (plus
 * an hour), and never less than Delta's own 7 days. Older releases stay listed in published.releases, with their
 * rows in published.revisions; reading their tables again is refused by name ({@code _state/maintained.json}).
 *
 * <p>Silver is not compacted: a release's fingerprint and the kept measure queries are keyed on silver's Delta
 * versions, and an OPTIMIZE commit would make the next run publish an identical release. A writer: it takes the lake's
 * lock like {@code run}.
 */
@Command(name = "maintain", description = "Compact small files (OPTIMIZE bronze, quarantine, audit) and remove data files"
        + " no kept release reads (VACUUM). The last --keep-releases releases stay readable with --release N.")
final class Maintain implements Callable<Integer> {

    static final String MIN_HOURS = "zhibiao.maintain.min-retention-hours";
    static final String MARGIN_MINUTES = "zhibiao.maintain.margin-minutes";
    private static final List<String> ZONES = List.of("bronze", "silver", "quarantine", "audit", "gold", "published");
    private static final List<String> COMPACTED = List.of("bronze", "quarantine", "audit");

    @CommandLine.Mixin
    Zhibiao.LakeOptions options = new Zhibiao.LakeOptions();

    @CommandLine.Mixin
    Zhibiao.LockOptions lock = new Zhibiao.LockOptions();

    @Option(names = "--keep-releases", defaultValue = "12",
            description = "How many of the latest releases stay readable with --release N (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--dry-run", description = "Say what would be compacted and removed; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        if (keep < 1) {
            throw io.zhibiao.lake.ZhibiaoErrors.keepAtLeastOneRelease(keep);
        }
        options.lockOptions = lock;
        RunId run = RunId.at(Instant.now());
        return options.writing("maintain", run, () -> maintain(options.spark(), options.lake(System.out)));
    }

    private int maintain(SparkSession spark, Lake lake) throws IOException {
        List<Releases.Release> all = new Releases(spark, lake).all();
        long minHours = Long.getLong(MIN_HOURS, 168);
        Duration margin = Duration.ofMinutes(Long.getLong(MARGIN_MINUTES, 60));
        Instant now = Instant.now();
        List<Releases.Release> kept = all.subList(Math.max(0, all.size() - keep), all.size());
        double hours = minHours;
        if (!kept.isEmpty()) {
            Duration since = Duration.between(kept.get(0).publishedAt().toInstant(), now).plus(margin);
            hours = Math.max(minHours, since.toMillis() / 3_600_000.0);
        }
        System.out.printf("zhibiao maintain: %d release(s); keeping %s readable: files removed from tables in the last"
                        + " %.2f hours stay%s%n", all.size(),
                kept.isEmpty() ? "none published" : "releases " + kept.get(0).number() + "–" + kept.get(kept.size() - 1).number(),
                hours, dryRun ? " (dry run: nothing changes)" : "");
        List<String> tables = tables(spark, lake);
        long compacted = 0;
        long removed = 0;
        try (SessionScope scope = SessionScope.open(spark)) {
            // Delta refuses a retention below a table's own deletedFileRetentionDuration (3650 days on the release
            // tables, so that nothing else ever vacuums a release away); the retention here is the kept releases'.
            scope.conf("spark.databricks.delta.retentionDurationCheck.enabled", "false");
            // VACUUM lists a table's folder in as many tasks as this says (10,000 by default): a few are plenty here.
            scope.conf("spark.sql.sources.parallelPartitionDiscovery.parallelism", "4");
            for (String t : tables) {
                String name = lake.relative(t);
                if (!dryRun && COMPACTED.contains(name.substring(0, name.indexOf('/')))
                        && DeltaTable.forPath(spark, t).detail().select("numFiles").head().getLong(0) > 1) {
                    Row m = DeltaTable.forPath(spark, t).optimize().executeCompaction().select("metrics.numFilesRemoved",
                            "metrics.numFilesAdded").head();
                    if (m.getLong(0) > 0) {
                        System.out.printf("  optimize %-36s %d files into %d%n", name, m.getLong(0), m.getLong(1));
                        compacted += m.getLong(0);
                    }
                }
                // Files on disk that the current snapshot does not hold: what VACUUM may remove (if old enough). A
                // table without any (append-only bronze, a fresh cache) is not listed again by a VACUUM.
                long onDisk = dataFiles(spark, t);
                long live = DeltaTable.forPath(spark, t).detail().select("numFiles").head().getLong(0);
                if (onDisk > live) {
                    long gone;
                    if (dryRun) {
                        gone = spark.sql("VACUUM delta.`" + t.replace("`", "``") + "` RETAIN " + hours + " HOURS DRY RUN")
                                .count();
                    } else {
                        DeltaTable.forPath(spark, t).vacuum(hours);
                        gone = onDisk - dataFiles(spark, t);
                    }
                    if (gone > 0) {
                        System.out.printf("  vacuum   %-36s %d data files %s%n", name, gone, dryRun ? "would go" : "removed");
                        removed += gone;
                    }
                }
            }
        }
        if (!dryRun && !kept.isEmpty()) {
            writeState(spark, lake, kept.get(0).number(), now, hours);
        }
        System.out.printf("zhibiao maintain: %d tables, %d small files compacted, %d data files %s%n", tables.size(),
                compacted, removed, dryRun ? "would be removed" : "removed");
        return ExitCode.OK;
    }

    /** Every Delta table in the lake's zones (zone/table folders with a _delta_log). */
    private static List<String> tables(SparkSession spark, Lake lake) throws IOException {
        List<String> out = new ArrayList<>();
        for (String zone : ZONES) {
            Path z = new Path(lake.zone(zone));
            FileSystem fs = z.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(z)) {
                continue;
            }
            for (FileStatus t : fs.listStatus(z)) {
                String path = lake.zone(zone) + "/" + t.getPath().getName();
                if (t.isDirectory() && DeltaTables.exists(spark, path)) {
                    out.add(path);
                }
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    /** Parquet files under a table's folder, its log and hidden folders aside. */
    private static long dataFiles(SparkSession spark, String table) throws IOException {
        Path root = new Path(table);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        long n = 0;
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            Path p = it.next().getPath();
            String rel = p.toUri().getPath().substring(root.toUri().getPath().length());
            if (p.getName().endsWith(".parquet") && !rel.contains("/_") && !rel.contains("/.")) {
                n++;
            }
        }
        return n;
    }

    /** {@code _state/maintained.json}: the oldest release whose tables are still readable. */
    private static void writeState(SparkSession spark, Lake lake, int oldest, Instant at, double hours) throws IOException {
        Path p = new Path(Releases.maintainedState(lake));
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream out = fs.create(p, true)) {
            out.write(("{\"oldest_readable_release\": " + oldest + ", \"vacuumed_at\": \"" + at + "\", \"retention_hours\": "
                    + hours + "}\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
