package io.zhibiao.jobs;

import io.delta.tables.DeltaTable;
import io.zhibiao.lake.Concurrently;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * default) stay readable with {@code --release N}. For each table of the oldest kept release, the commit that wrote
 * its version there is the line: every file that release (or a later one) reads was added by that commit or later and
 * removed, if at all, after it, so only files removed before it (less an hour) go — and never a file removed less than
 * Delta's own 7 days ago. Tables no release reads keep the 7 days. A table with nothing old enough to remove is not
 * vacuumed at all (found from its log and a listing first). Older releases stay listed in published.releases, with
 * their rows in published.revisions; reading their tables again is refused by name ({@code _state/maintained.json}).
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
        long floor = now.toEpochMilli() - minHours * 3_600_000L;
        // Per table of the oldest kept release: the commit that wrote its version there. A file that release reads
        // was added by then and removed (if ever) by a later commit; a file removed before it no kept release reads.
        Map<String, Long> cutoffs = new HashMap<>();
        if (!kept.isEmpty()) {
            for (Map.Entry<String, Long> e : kept.get(0).versions().entrySet()) {
                String path = lake.table(e.getKey());
                long written = commitTime(spark, path, e.getValue())
                        .orElse(kept.get(0).publishedAt().toInstant().toEpochMilli());
                cutoffs.put(path, Math.min(floor, written - margin.toMillis()));
            }
        }
        System.out.printf("zhibiao maintain: %d release(s); keeping %s readable (their files stay, and every file removed"
                        + " less than %d hours ago)%s%n", all.size(),
                kept.isEmpty() ? "none published" : "releases " + kept.get(0).number() + "–" + kept.get(kept.size() - 1).number(),
                minHours, dryRun ? "; dry run: nothing changes" : "");
        List<String> tables = tables(spark, lake);
        long compacted = 0;
        long removed = 0;
        try (SessionScope scope = SessionScope.open(spark)) {
            // Delta refuses a retention below a table's own deletedFileRetentionDuration (3650 days on the release
            // tables, so that nothing else ever vacuums a release away); the retention here is the kept releases'.
            scope.conf("spark.databricks.delta.retentionDurationCheck.enabled", "false");
            // VACUUM lists a table's folder in as many tasks as this says (10,000 by default): a few are plenty here.
            scope.conf("spark.sql.sources.parallelPartitionDiscovery.parallelism", "4");
            // Tables are independent: two (or the driver threads' number) are compacted and vacuumed at once, most
            // of each being the driver's work on the table's log and listing. Reported in table order.
            Map<String, TableMaintained> done;
            try {
                done = Concurrently.map(spark, tables,
                        t -> maintainTable(spark, lake, t, cutoffs.getOrDefault(t, floor), now));
            } catch (java.io.UncheckedIOException e) {
                // a table's listing failed on a driver thread: thrown as it was when the tables went in turn
                throw e.getCause();
            }
            for (TableMaintained m : done.values()) {
                if (m.compactedFrom() > 0) {
                    System.out.printf("  optimize %-36s %d files into %d%n", m.name(), m.compactedFrom(), m.compactedTo());
                    compacted += m.compactedFrom();
                }
                if (m.removed() > 0) {
                    System.out.printf("  vacuum   %-36s %d data files %s%n", m.name(), m.removed(),
                            dryRun ? "would go" : "removed");
                    removed += m.removed();
                }
            }
        }
        if (!dryRun && !kept.isEmpty()) {
            writeState(spark, lake, kept.get(0).number(), now, minHours);
        }
        System.out.printf("zhibiao maintain: %d tables, %d small files compacted, %d data files %s%n", tables.size(),
                compacted, removed, dryRun ? "would be removed" : "removed");
        return ExitCode.OK;
    }

    /** What maintain did to one table: files compacted (from, into) and data files removed (or that would be). */
    private record TableMaintained(String name, long compactedFrom, long compactedTo, long removed) {
    }

    private TableMaintained maintainTable(SparkSession spark, Lake lake, String t, long cutoff, Instant now) {
        String name = lake.relative(t);
        long from = 0;
        long to = 0;
        if (!dryRun && COMPACTED.contains(name.substring(0, name.indexOf('/')))
                && DeltaTable.forPath(spark, t).detail().select("numFiles").head().getLong(0) > 1) {
            Row m = DeltaTable.forPath(spark, t).optimize().executeCompaction().select("metrics.numFilesRemoved",
                    "metrics.numFilesAdded").head();
            from = m.getLong(0);
            to = m.getLong(1);
        }
        // What VACUUM would remove, found first from the log and a listing, so that a table with nothing old
        // enough to go (most of them, most weeks) is not vacuumed at all: data files on disk that are removed
        // from the table before the cutoff, or in no commit at all and older than it.
        double hours = (now.toEpochMilli() - cutoff) / 3_600_000.0;
        try {
            long candidates = candidates(spark, t, cutoff);
            long gone = 0;
            if (candidates > 0) {
                long before = dataFiles(spark, t, Long.MAX_VALUE).size();
                if (!dryRun) {
                    DeltaTable.forPath(spark, t).vacuum(hours);
                }
                gone = dryRun ? candidates : before - dataFiles(spark, t, Long.MAX_VALUE).size();
            }
            return new TableMaintained(name, from, to, gone);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** When {@code version} of a table was committed, from its history (empty once the log no longer has it). */
    private static java.util.Optional<Long> commitTime(SparkSession spark, String table, long version) {
        List<Row> r = DeltaTable.forPath(spark, table).history().where("version = " + version).select("timestamp")
                .collectAsList();
        return r.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(r.get(0).getTimestamp(0).getTime());
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

    /** Parquet files under a table's folder (relative paths; its log and hidden folders aside) older than {@code before}. */
    private static java.util.Set<String> dataFiles(SparkSession spark, String table, long before) throws IOException {
        Path root = new Path(table);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        java.util.Set<String> out = new java.util.HashSet<>();
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(root, true);
        String base = root.toUri().getPath();
        while (it.hasNext()) {
            org.apache.hadoop.fs.LocatedFileStatus f = it.next();
            String rel = f.getPath().toUri().getPath().substring(base.length() + 1);
            if (f.getPath().getName().endsWith(".parquet") && !rel.startsWith("_") && !rel.contains("/_")
                    && !rel.startsWith(".") && !rel.contains("/.") && f.getModificationTime() < before) {
                out.add(rel);
            }
        }
        return out;
    }

    /**
     * The data files VACUUM at {@code cutoff} would remove: on disk and removed from the table before the cutoff, or
     * on disk, in no commit the table still remembers, and written before the cutoff (a write a killed run left).
     */
    private static long candidates(SparkSession spark, String table, long cutoff) throws IOException {
        java.util.Set<String> old = dataFiles(spark, table, cutoff);
        if (old.isEmpty()) {
            return 0;
        }
        org.apache.spark.sql.delta.Snapshot snapshot = org.apache.spark.sql.delta.DeltaLog.forTable(spark, table)
                .unsafeVolatileSnapshot();
        java.util.Set<String> live = paths(snapshot.allFiles().toDF().select("path"));
        java.util.Set<String> removedAfter = new java.util.HashSet<>();
        for (Row r : snapshot.tombstones().toDF().select("path", "deletionTimestamp").collectAsList()) {
            if (!r.isNullAt(1) && r.getLong(1) >= cutoff) {
                removedAfter.add(decoded(r.getString(0)));
            }
        }
        return old.stream().filter(f -> !live.contains(f) && !removedAfter.contains(f)).count();
    }

    private static java.util.Set<String> paths(org.apache.spark.sql.Dataset<Row> d) {
        java.util.Set<String> out = new java.util.HashSet<>();
        d.collectAsList().forEach(r -> out.add(decoded(r.getString(0))));
        return out;
    }

    /** A path as the Delta log holds it (URL-encoded, relative), as a relative path. */
    private static String decoded(String p) {
        try {
            return new java.net.URI(p).getPath();
        } catch (java.net.URISyntaxException e) {
            return p;
        }
    }

    /** {@code _state/maintained.json}: the oldest release whose tables are still readable. */
    private static void writeState(SparkSession spark, Lake lake, int oldest, Instant at, long hours) throws IOException {
        Path p = new Path(Releases.maintainedState(lake));
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream out = fs.create(p, true)) {
            out.write(("{\"oldest_readable_release\": " + oldest + ", \"vacuumed_at\": \"" + at + "\", \"retention_hours\": "
                    + hours + "}\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
