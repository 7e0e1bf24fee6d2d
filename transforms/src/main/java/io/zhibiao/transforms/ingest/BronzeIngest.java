package io.zhibiao.transforms.ingest;

import io.zhibiao.lake.ZhibiaoErrors;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.CrashPoint;
import io.zhibiao.lake.LakeTables;
import io.zhibiao.lake.Progress;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.audit.AuditFile;
import io.zhibiao.lake.audit.AuditTables;
import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * landing → bronze. Every new landing file of a source is read in full (or rejected in full) and its rows
 * appended, with lineage, to the source's bronze table in one Delta commit per run. A file whose SHA-256
 * is already in the lake is not read again, so re-running adds nothing. A manifest beside a file
 * ({@link DeliveryManifest}) is checked against it and never read as data.
 */
public final class BronzeIngest {

    private static final Logger LOG = LoggerFactory.getLogger(BronzeIngest.class);
    private static final Pattern PERIOD = Pattern.compile("^[0-9]{4}(-(0[1-9]|1[0-2]))?$");

    public static final List<String> LINEAGE = List.of("_extra_columns", "_field_count", "_parse_problem",
            "_source_file", "_file_sha256", "_period", "_batch_id", "_row_number", "_line_number",
            "_file_modified_at", "_ingested_at");

    private final SparkSession spark;
    private final Lake lake;
    private final SourceRegistry registry;

    public BronzeIngest(SparkSession spark, Lake lake, SourceRegistry registry) {
        this.spark = spark;
        this.lake = lake;
        this.registry = registry;
    }

    /** The bronze schema of a source: its declared columns as delivered text, then lineage. */
    public static StructType bronzeSchema(SourceSpec source) {
        List<StructField> fields = new ArrayList<>();
        for (ColumnSpec c : source.columns()) {
            fields.add(DataTypes.createStructField(c.name(), DataTypes.StringType, true)
                    .withComment(c.header()));
        }
        fields.add(DataTypes.createStructField("_extra_columns",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true));
        fields.add(DataTypes.createStructField("_field_count", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("_parse_problem", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("_source_file", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_file_sha256", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_period", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_batch_id", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_row_number", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("_line_number", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("_file_modified_at", DataTypes.TimestampType, false));
        fields.add(DataTypes.createStructField("_ingested_at", DataTypes.TimestampType, false));
        return DataTypes.createStructType(fields);
    }

    /**
     * Ingests what is new under landing/. {@code period} limits it to one period folder (e.g. 2020),
     * {@code sourceId} to one source.
     */
    public IngestReport ingest(RunId run, Optional<String> period, Optional<String> sourceId) throws IOException {
        Path landing = new Path(lake.landing());
        FileSystem fs = landing.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(landing)) {
            throw ZhibiaoErrors.noLandingFolder(landing.toString());
        }
        if (filesUnder(fs, fs.getFileStatus(landing)).isEmpty()) {
            throw ZhibiaoErrors.noDeliveredFiles(landing.toString());
        }
        List<FileOutcome> unassigned = new ArrayList<>();
        for (FileStatus dir : sorted(fs.listStatus(landing))) {
            String name = dir.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (!dir.isDirectory() || registry.byLanding(name).isEmpty()) {
                for (FileStatus f : filesUnder(fs, dir)) {
                    unassigned.add(FileOutcome.rejected(null, lake.relative(f.getPath().toString()), null,
                            "no source delivers to landing/" + name + "/ (sources.yaml declares: "
                                    + registry.sources().stream().map(SourceSpec::landing).toList()
                                    + "). Move the file to its source's folder."));
                }
            }
        }
        // Rows an earlier version spilled while ingesting (lake/_staging), left by a run that crashed: never read.
        fs.delete(new Path(lake.root(), "_staging"), true);
        Optional<SyntheticMarker> marker = SyntheticMarker.read(fs, landing);
        List<IngestReport.SourceResult> results = new ArrayList<>();
        List<AuditFile> audit = new ArrayList<>();
        Audited audited = filesAudited();
        List<SourceSpec> chosen = registry.sources().stream()
                .filter(s -> sourceId.isEmpty() || sourceId.get().equals(s.id())).toList();
        Timestamp ingestedAt = Timestamp.from(run.startedAt());
        // Every new file of every source is read to its end in one Spark job, the files spread over the cluster's
        // task slots; each source's accepted files are then read again for their rows by the tasks of its append.
        List<Plan> plans = new ArrayList<>();
        List<FileTasks.FileToRead> toRead = new ArrayList<>();
        for (SourceSpec source : chosen) {
            plans.add(plan(fs, source, period, audited, toRead));
        }
        long checking = System.nanoTime();
        List<FileTasks.Checked> checked = FileTasks.check(spark, chosen, toRead);
        if (!toRead.isEmpty()) {
            LOG.info("read {} new landing files ({} bytes) to their end in Spark tasks, {} ms", toRead.size(),
                    toRead.stream().mapToLong(FileTasks.FileToRead::length).sum(),
                    Duration.ofNanos(System.nanoTime() - checking).toMillis());
        }
        for (int i = 0; i < toRead.size(); i++) {
            // before any source is written: a file that could not be read, or whose bytes are no longer those hashed
            FileTasks.Checked c = checked.get(i);
            if (c.failure() != null) {
                throw new IOException("could not read " + toRead.get(i).name() + ": " + c.failure());
            }
            if (c.accepted() && !c.sha256().equals(toRead.get(i).sha256())) {
                throw ZhibiaoErrors.landingFileChanged(toRead.get(i).name(), "its SHA-256 was " + toRead.get(i).sha256()
                        + " when listed, " + c.sha256() + " when read", null);
            }
        }
        try (Progress.Stage progress = Progress.start("ingest", chosen.size(), "sources")) {
            for (Plan plan : plans) {
                IngestReport.SourceResult r = write(plan, run, toRead, checked, ingestedAt, audit, marker);
                results.add(r);
                progress.step(plan.source().id(), r.rowsIngested());
            }
        }
        long synthetic = audit.stream().filter(AuditFile::synthetic).count();
        if (synthetic > 0) {
            LOG.warn("{} of {} ingested files were generated by {} (seed {}, scale {}; {}): {}", synthetic, audit.size(),
                    marker.get().generator(), marker.get().seed(), marker.get().scale(), SyntheticMarker.NAME,
                    SyntheticMarker.DATA_NOTE);
        }
        // After bronze: a crash in between leaves files in bronze but not here, and knownChecksums reads both.
        LakeTables.delta(spark, lake).append(AuditTables.FILES, audit, "zhibiao:ingest:" + run.value());
        CrashPoint.reached("ingest:files");
        return new IngestReport(results, unassigned);
    }

    /** A source's landing files in the order they were found: each decided already, or to be read (index into the check). */
    private record Plan(SourceSpec source, long planningNanos, List<Slot> slots, Set<String> known) {
    }

    /**
     * One file of a plan. {@code outcome} when decided without reading it; else {@code read} is its index in the files
     * read in tasks, and {@code lost} the bronze batch and time of a delivery whose audit row is to be restored.
     */
    private record Slot(FileOutcome outcome, int read, String rel, String sha, String period, long length,
                        Optional<DeliveryManifest> manifest, String manifestProblem, Row lost) {

        static Slot decided(FileOutcome outcome) {
            return new Slot(outcome, -1, null, null, null, 0, Optional.empty(), null, null);
        }
    }

    /**
     * What the driver decides about a source's files without reading their rows: files in the wrong place or of the
     * wrong kind, manifests, deliveries already in the lake (by SHA-256 and period). The rest are added to
     * {@code toRead}.
     */
    private Plan plan(FileSystem fs, SourceSpec source, Optional<String> period, Audited audited,
                      List<FileTasks.FileToRead> toRead) throws IOException {
        long started = System.nanoTime();
        Path dir = new Path(lake.landing(), source.landing());
        List<Slot> slots = new ArrayList<>();
        Map<String, Row> bronzeOnly = new HashMap<>();
        if (!fs.exists(dir)) {
            return new Plan(source, System.nanoTime() - started, slots, Set.of());
        }
        Set<String> known = knownChecksums(source, audited, bronzeOnly);
        for (FileStatus entry : sorted(fs.listStatus(dir))) {
            String entryName = entry.getPath().getName();
            if (entryName.startsWith(".") || entryName.startsWith("_")) {
                continue;
            }
            if (!entry.isDirectory()) {
                slots.add(Slot.decided(FileOutcome.rejected(source.id(), lake.relative(entry.getPath().toString()), null,
                        "lies directly in landing/" + source.landing() + "/; put it in its period folder, e.g. landing/"
                                + source.landing() + "/2024/")));
                continue;
            }
            if (!PERIOD.matcher(entryName).matches()) {
                for (FileStatus f : filesUnder(fs, entry)) {
                    slots.add(Slot.decided(FileOutcome.rejected(source.id(), lake.relative(f.getPath().toString()), null,
                            "period folder '" + entryName + "' is not a year (2024) or a month (2024-03)")));
                }
                continue;
            }
            if (period.isPresent() && !period.get().equals(entryName)) {
                continue;
            }
            List<FileStatus> files = filesUnder(fs, entry);
            Set<Path> present = new HashSet<>();
            Map<Path, FileStatus> manifests = new HashMap<>();
            for (FileStatus f : files) {
                present.add(f.getPath());
                if (DeliveryManifest.isManifest(f.getPath().getName())) {
                    manifests.put(new Path(f.getPath().getParent(), DeliveryManifest.describedFile(f.getPath().getName())), f);
                }
            }
            for (FileStatus f : files) {
                String rel = lake.relative(f.getPath().toString());
                if (DeliveryManifest.isManifest(f.getPath().getName())) {
                    // Read with its file, never as data; alone, it announces a file that did not arrive.
                    String described = DeliveryManifest.describedFile(f.getPath().getName());
                    if (!present.contains(new Path(f.getPath().getParent(), described))) {
                        slots.add(Slot.decided(FileOutcome.rejected(source.id(), rel, null, "is a manifest without its file: "
                                + described + " is not in " + lake.relative(f.getPath().getParent().toString())
                                + "/. Deliver the file beside it, or remove the manifest.")));
                    }
                    continue;
                }
                if (!f.getPath().getName().toLowerCase().endsWith(".csv")) {
                    slots.add(Slot.decided(FileOutcome.rejected(source.id(), rel, null,
                            "is not a .csv file; source '" + source.id() + "' is delivered as CSV")));
                    continue;
                }
                String sha = sha256(fs, f.getPath());
                // Same bytes in the same period are the same delivery; in another period, another one (a header-only
                // "none this year" file is byte for byte the same every year, and says something each year).
                String delivery = sha + "@" + entryName;
                Row lost = null;
                if (known.contains(delivery)) {
                    lost = bronzeOnly.get(delivery);
                    if (lost == null || !rel.equals(lost.getString(2))) {
                        slots.add(Slot.decided(new FileOutcome(source.id(), rel, sha, FileOutcome.Status.ALREADY_INGESTED,
                                0, null, List.of(), "same content already ingested")));
                        continue;
                    }
                    bronzeOnly.remove(delivery);
                }
                // The manifest is read only for a file that is read: a delivery already in the lake is not judged again.
                Optional<DeliveryManifest> manifest = Optional.empty();
                String manifestProblem = null;
                FileStatus manifestFile = manifests.get(f.getPath());
                if (manifestFile != null) {
                    try {
                        manifest = Optional.of(DeliveryManifest.parse(rel, manifestFile.getPath().getName(),
                                readManifest(fs, manifestFile)));
                        manifest.get().checkFile(rel, f.getLen(), sha);
                    } catch (FileRejected e) {
                        manifestProblem = e.reason();
                    }
                }
                slots.add(new Slot(null, toRead.size(), rel, sha, entryName, f.getLen(), manifest, manifestProblem, lost));
                toRead.add(new FileTasks.FileToRead(source.id(), f.getPath().toString(), rel, sha, entryName,
                        f.getLen(), f.getModificationTime()));
            }
        }
        return new Plan(source, System.nanoTime() - started, slots, known);
    }

    /**
     * A source's outcome, in the order its files were found, from what reading them found; then its accepted files'
     * rows appended to bronze in one commit. A file whose bytes equal an earlier file's of the same period in this run
     * is that delivery again, unless the earlier one was rejected.
     */
    private IngestReport.SourceResult write(Plan plan, RunId run, List<FileTasks.FileToRead> read,
                                            List<FileTasks.Checked> checked, Timestamp ingestedAt, List<AuditFile> audit,
                                            Optional<SyntheticMarker> marker) throws IOException {
        long started = System.nanoTime();
        SourceSpec source = plan.source();
        String batch = run.batchFor(source.id());
        Set<String> known = new HashSet<>(plan.known());
        List<FileOutcome> outcomes = new ArrayList<>();
        List<FileTasks.FileToRead> accepted = new ArrayList<>();
        List<Long> acceptedRows = new ArrayList<>();
        long rows = 0;
        for (Slot slot : plan.slots()) {
            if (slot.outcome() != null) {
                outcomes.add(slot.outcome());
                continue;
            }
            FileTasks.FileToRead file = read.get(slot.read());
            FileTasks.Checked c = checked.get(slot.read());
            boolean synthetic = marker.isPresent() && marker.get().covers(underLanding(new Path(file.path())), slot.sha());
            // as the file was judged when read in turn: its manifest first, then its content, then its row count
            String reason = slot.manifestProblem() != null ? slot.manifestProblem() : c.rejection();
            if (reason == null && slot.manifest().isPresent()) {
                try {
                    slot.manifest().get().checkRows(slot.rel(), c.rows());
                } catch (FileRejected e) {
                    reason = e.reason();
                }
            }
            if (slot.lost() != null) {
                // in bronze, not in audit/files: a run stopped between the two commits; its audit row is restored
                if (reason == null) {
                    audit.add(new AuditFile(source.id(), slot.rel(), slot.sha(), slot.period(), slot.lost().getString(0),
                            slot.length(), c.rows(), c.charset(), c.extraHeaders(), slot.lost().getTimestamp(1).toInstant(),
                            synthetic));
                    LOG.warn("{}: in bronze (batch {}) without its audit/files row, as after a run stopped between the two;"
                            + " the row is restored", slot.rel(), slot.lost().getString(0));
                }
                outcomes.add(new FileOutcome(source.id(), slot.rel(), slot.sha(), FileOutcome.Status.ALREADY_INGESTED, 0,
                        null, List.of(), "same content already ingested"));
                continue;
            }
            String delivery = slot.sha() + "@" + slot.period();
            if (known.contains(delivery)) {
                outcomes.add(new FileOutcome(source.id(), slot.rel(), slot.sha(), FileOutcome.Status.ALREADY_INGESTED, 0,
                        null, List.of(), "same content already ingested"));
                continue;
            }
            if (reason != null) {
                LOG.error("rejected {}: {}", slot.rel(), reason);
                outcomes.add(FileOutcome.rejected(source.id(), slot.rel(), slot.sha(), reason));
                continue;
            }
            known.add(delivery);
            outcomes.add(new FileOutcome(source.id(), slot.rel(), slot.sha(), FileOutcome.Status.INGESTED, c.rows(),
                    c.charset(), c.extraHeaders(), null));
            rows += c.rows();
            if (c.rows() > 0) {
                accepted.add(file);
                acceptedRows.add(c.rows());
            }
            audit.add(new AuditFile(source.id(), slot.rel(), slot.sha(), slot.period(), batch, slot.length(), c.rows(),
                    c.charset(), c.extraHeaders(), ingestedAt.toInstant(), synthetic));
            if (!c.extraHeaders().isEmpty()) {
                LOG.warn("{}: columns not declared for source '{}' kept in _extra_columns: {}", slot.rel(), source.id(),
                        c.extraHeaders());
            }
        }
        if (rows > 0) {
            DeltaTables.append(FileTasks.rows(spark, source, bronzeSchema(source), accepted, acceptedRows, batch,
                    ingestedAt), lake.bronze(source.id()), "zhibiao:ingest:" + batch);
            CrashPoint.reached("ingest:bronze:" + source.id());
        }
        long ingested = outcomes.stream().filter(o -> o.status() == FileOutcome.Status.INGESTED).count();
        return new IngestReport.SourceResult(source.id(), ingested == 0 ? null : batch, outcomes, rows,
                Duration.ofNanos(plan.planningNanos() + System.nanoTime() - started));
    }

    private static byte[] readManifest(FileSystem fs, FileStatus manifest) throws IOException {
        try (InputStream in = fs.open(manifest.getPath())) {
            return in.readNBytes(DeliveryManifest.MAX_BYTES + 1);
        }
    }

    /**
     * The deliveries (sha256@period) a source has in the lake: those audit/files lists (read once per ingest for every
     * source, {@link #filesAudited}) and those in its bronze table. The audit row is written after bronze, so a crash in
     * between leaves a delivery only in bronze; bronze is scanned for it only when its row count (from the Delta log's
     * file statistics, no data read) differs from the rows audit/files accounts for.
     */
    private Set<String> knownChecksums(SourceSpec source, Audited audited, Map<String, Row> bronzeOnly) {
        Set<String> audit = audited.deliveries().getOrDefault(source.id(), Set.of());
        Set<String> known = new HashSet<>(audit);
        if (DeltaTables.exists(spark, lake.bronze(source.id()))) {
            if (DeltaTables.rows(spark, lake.bronze(source.id())) != audited.rows().getOrDefault(source.id(), 0L)) {
                Dataset<Row> bronze = spark.read().format("delta").load(lake.bronze(source.id()));
                for (Row r : bronze.groupBy("_file_sha256", "_period").agg(functions.first("_batch_id"),
                        functions.min("_ingested_at"), functions.first("_source_file")).collectAsList()) {
                    String delivery = r.getString(0) + "@" + r.getString(1);
                    if (known.add(delivery)) {
                        // in bronze, not in audit/files: a run stopped between the two commits
                        bronzeOnly.put(delivery, RowFactory.create(r.getString(2), r.getTimestamp(3), r.getString(4)));
                    }
                }
            }
        }
        return known;
    }

    /** audit/files per source: its deliveries (sha256@period) and the rows they brought. */
    private record Audited(Map<String, Set<String>> deliveries, Map<String, Long> rows) {
    }

    /** audit/files, in one read. */
    private Audited filesAudited() {
        Map<String, Set<String>> deliveries = new HashMap<>();
        Map<String, Long> rows = new HashMap<>();
        if (DeltaTables.exists(spark, lake.files())) {
            spark.read().format("delta").load(lake.files()).select("source", "file_sha256", "period", "rows")
                    .collectAsList().forEach(r -> {
                        deliveries.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(1) + "@" + r.getString(2));
                        rows.merge(r.getString(0), r.isNullAt(3) ? 0L : r.getLong(3), Long::sum);
                    });
        }
        return new Audited(deliveries, rows);
    }

    /** The path of a landing file relative to landing/, as the synthetic marker lists it. */
    private String underLanding(Path file) {
        String landing = new Path(lake.landing()).toUri().getPath();
        String path = file.toUri().getPath();
        return path.startsWith(landing + "/") ? path.substring(landing.length() + 1) : path;
    }

    private static List<FileStatus> filesUnder(FileSystem fs, FileStatus dir) throws IOException {
        if (!dir.isDirectory()) {
            return List.of(dir);
        }
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus s : sorted(fs.listStatus(dir.getPath()))) {
            String n = s.getPath().getName();
            if (n.startsWith(".") || n.startsWith("_")) {
                continue;
            }
            if (s.isDirectory()) {
                out.addAll(filesUnder(fs, s));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static List<FileStatus> sorted(FileStatus[] entries) {
        List<FileStatus> list = new ArrayList<>(List.of(entries));
        list.sort(Comparator.comparing(s -> s.getPath().getName()));
        return list;
    }

    static String sha256(FileSystem fs, Path p) throws IOException {
        return FileTasks.sha256(fs.open(p));
    }
}
