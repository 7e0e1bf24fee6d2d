package io.zhibiao.transforms.ingest;

import io.zhibiao.lake.ZhibiaoErrors;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.CrashPoint;
import io.zhibiao.lake.LakeTables;
import io.zhibiao.lake.Progress;
import io.zhibiao.lake.Rows;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.audit.AuditFile;
import io.zhibiao.lake.audit.AuditTables;
import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
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
import org.apache.spark.sql.SaveMode;
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
    private static final int CHUNK_ROWS = 100_000;

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
        Optional<SyntheticMarker> marker = SyntheticMarker.read(fs, landing);
        List<IngestReport.SourceResult> results = new ArrayList<>();
        List<AuditFile> audit = new ArrayList<>();
        Audited audited = filesAudited();
        // One source at a time: parsing two at once was 4 % faster at scale 1 (83.2 s against 87.0 s) and held 0.5 GB
        // more (4.13 GB against 3.60 GB peak RSS), the driver holding both sources' rows; see bench/README.md.
        List<SourceSpec> chosen = registry.sources().stream()
                .filter(s -> sourceId.isEmpty() || sourceId.get().equals(s.id())).toList();
        try (Progress.Stage progress = Progress.start("ingest", chosen.size(), "sources")) {
            for (SourceSpec source : chosen) {
                IngestReport.SourceResult r = ingestSource(fs, run, source, period, audit, marker, audited);
                results.add(r);
                progress.step(source.id(), r.rowsIngested());
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
        deleteIfEmpty(fs, new Path(lake.staging(run.value())));
        return new IngestReport(results, unassigned);
    }

    private IngestReport.SourceResult ingestSource(FileSystem fs, RunId run, SourceSpec source, Optional<String> period,
                                                   List<AuditFile> audit, Optional<SyntheticMarker> marker,
                                                   Audited audited) throws IOException {
        long started = System.nanoTime();
        Path dir = new Path(lake.landing(), source.landing());
        List<FileOutcome> outcomes = new ArrayList<>();
        if (!fs.exists(dir)) {
            return new IngestReport.SourceResult(source.id(), null, outcomes, 0, Duration.ofNanos(System.nanoTime() - started));
        }
        Map<String, Row> bronzeOnly = new HashMap<>();
        Set<String> known = knownChecksums(source, audited, bronzeOnly);
        String batch = run.batchFor(source.id());
        Timestamp ingestedAt = Timestamp.from(run.startedAt());
        String staging = lake.staging(run.value()) + "/" + source.id();
        Buffer buffer = new Buffer(bronzeSchema(source), staging);
        int ingestedFiles = 0;
        long rows = 0;
        for (FileStatus entry : sorted(fs.listStatus(dir))) {
            String entryName = entry.getPath().getName();
            if (entryName.startsWith(".") || entryName.startsWith("_")) {
                continue;
            }
            if (!entry.isDirectory()) {
                outcomes.add(FileOutcome.rejected(source.id(), lake.relative(entry.getPath().toString()), null,
                        "lies directly in landing/" + source.landing() + "/; put it in its period folder, e.g. landing/"
                                + source.landing() + "/2024/"));
                continue;
            }
            if (!PERIOD.matcher(entryName).matches()) {
                for (FileStatus f : filesUnder(fs, entry)) {
                    outcomes.add(FileOutcome.rejected(source.id(), lake.relative(f.getPath().toString()), null,
                            "period folder '" + entryName + "' is not a year (2024) or a month (2024-03)"));
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
                        outcomes.add(FileOutcome.rejected(source.id(), rel, null, "is a manifest without its file: " + described
                                + " is not in " + lake.relative(f.getPath().getParent().toString()) + "/. Deliver the file"
                                + " beside it, or remove the manifest."));
                    }
                    continue;
                }
                if (!f.getPath().getName().toLowerCase().endsWith(".csv")) {
                    outcomes.add(FileOutcome.rejected(source.id(), rel, null,
                            "is not a .csv file; source '" + source.id() + "' is delivered as CSV"));
                    continue;
                }
                String sha = sha256(fs, f.getPath());
                // Same bytes in the same period are the same delivery; in another period, another one (a header-only
                // "none this year" file is byte for byte the same every year, and says something each year).
                String delivery = sha + "@" + entryName;
                if (!known.add(delivery)) {
                    Row lost = bronzeOnly.get(delivery);
                    if (lost != null && rel.equals(lost.getString(2))) {
                        bronzeOnly.remove(delivery);
                        restoreAudit(fs, f, manifests.get(f.getPath()), rel, sha, entryName, source, lost, staging, marker,
                                audit);
                    }
                    outcomes.add(new FileOutcome(source.id(), rel, sha, FileOutcome.Status.ALREADY_INGESTED, 0, null,
                            List.of(), "same content already ingested"));
                    continue;
                }
                FileOutcome o = readFile(fs, f, manifests.get(f.getPath()), rel, sha, entryName, source, batch, ingestedAt,
                        buffer);
                outcomes.add(o);
                if (o.status() == FileOutcome.Status.INGESTED) {
                    rows += o.rows();
                    ingestedFiles++;
                    String underLanding = underLanding(f.getPath());
                    boolean synthetic = marker.isPresent() && marker.get().covers(underLanding, sha);
                    audit.add(new AuditFile(source.id(), rel, sha, entryName, batch, f.getLen(), o.rows(), o.charset(),
                            o.extraHeaders(), ingestedAt.toInstant(), synthetic));
                    if (!o.extraHeaders().isEmpty()) {
                        LOG.warn("{}: columns not declared for source '{}' kept in _extra_columns: {}", rel,
                                source.id(), o.extraHeaders());
                    }
                } else {
                    known.remove(delivery);
                }
            }
        }
        if (rows > 0) {
            DeltaTables.append(buffer.all(), lake.bronze(source.id()), "zhibiao:ingest:" + batch);
            CrashPoint.reached("ingest:bronze:" + source.id());
        }
        fs.delete(new Path(staging), true);
        return new IngestReport.SourceResult(source.id(), ingestedFiles == 0 ? null : batch, outcomes, rows,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private FileOutcome readFile(FileSystem fs, FileStatus f, FileStatus manifestFile, String rel, String sha, String period,
                                 SourceSpec source, String batch, Timestamp ingestedAt, Buffer buffer) throws IOException {
        int declared = source.columns().size();
        Timestamp modified = new Timestamp(f.getModificationTime());
        Buffer.FileRows fileRows = buffer.startFile(sha + "-" + period);
        long[] count = {0};
        DeliveryReader reader = new DeliveryReader(source);
        try {
            Optional<DeliveryManifest> manifest = Optional.empty();
            if (manifestFile != null) {
                manifest = Optional.of(DeliveryManifest.parse(rel, manifestFile.getPath().getName(), readManifest(fs, manifestFile)));
                manifest.get().checkFile(rel, f.getLen(), sha);
            }
            DeliveryReader.Header header = reader.read(rel, () -> fs.open(f.getPath()), r -> {
                Object[] values = Arrays.copyOf(r.values(), declared + LINEAGE.size(), Object[].class);
                int i = declared;
                values[i++] = r.extra().isEmpty() ? null : r.extra();
                values[i++] = r.fieldCount();
                values[i++] = r.problem();
                values[i++] = rel;
                values[i++] = sha;
                values[i++] = period;
                values[i++] = batch;
                values[i++] = r.rowNumber();
                values[i++] = r.lineNumber();
                values[i++] = modified;
                values[i] = ingestedAt;
                fileRows.add(RowFactory.create(values));
                count[0]++;
            });
            if (manifest.isPresent()) {
                manifest.get().checkRows(rel, count[0]);
            }
            fileRows.commit();
            return new FileOutcome(source.id(), rel, sha, FileOutcome.Status.INGESTED, count[0], header.charset().name(),
                    header.extraHeaders(), null);
        } catch (FileRejected e) {
            fileRows.discard(fs);
            LOG.error("rejected {}", e.getMessage());
            return FileOutcome.rejected(source.id(), rel, sha, e.reason());
        }
    }

    private static byte[] readManifest(FileSystem fs, FileStatus manifest) throws IOException {
        try (InputStream in = fs.open(manifest.getPath())) {
            return in.readNBytes(DeliveryManifest.MAX_BYTES + 1);
        }
    }

    /**
     * Rows of one source on their way to bronze: held in memory while small, spilled to Parquet under the run's
     * staging folder when large, so a big file never has to fit in memory and a rejected file leaves nothing.
     */
    private final class Buffer {
        private final StructType schema;
        private final String staging;
        private final List<Row> held = new ArrayList<>();
        private boolean spilled;

        Buffer(StructType schema, String staging) {
            this.schema = schema;
            this.staging = staging;
        }

        final class FileRows {
            private final String path;
            private final List<Row> rows = new ArrayList<>();
            private boolean wrote;

            FileRows(String path) {
                this.path = path;
            }

            void add(Row r) {
                rows.add(r);
                if (rows.size() >= CHUNK_ROWS) {
                    write(rows, path);
                    wrote = true;
                }
            }

            void commit() {
                if (wrote) {
                    write(rows, path);
                    return;
                }
                held.addAll(rows);
                if (held.size() >= CHUNK_ROWS) {
                    write(held, staging + "/held");
                }
            }

            void discard(FileSystem fs) throws IOException {
                fs.delete(new Path(path), true);
            }
        }

        FileRows startFile(String sha) {
            return new FileRows(staging + "/" + sha);
        }

        private void write(List<Row> rows, String path) {
            if (!rows.isEmpty()) {
                spark.createDataFrame(rows, schema).write().mode(SaveMode.Append).parquet(path);
                spilled = true;
                rows.clear();
            }
        }

        Dataset<Row> all() {
            Dataset<Row> inMemory = spark.createDataFrame(held, schema);
            if (!spilled) {
                return inMemory;
            }
            return spark.read().schema(schema).option("recursiveFileLookup", "true").parquet(staging).unionByName(inMemory);
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

    /**
     * The audit/files row of a delivery that reached bronze in a run stopped before its audit commit: the file is read
     * again (into a scratch buffer, nothing appended) for its rows, charset and extra headers, and recorded under the
     * batch and time bronze holds it by.
     */
    private void restoreAudit(FileSystem fs, FileStatus f, FileStatus manifest, String rel, String sha, String period,
                              SourceSpec source, Row lost, String staging, Optional<SyntheticMarker> marker,
                              List<AuditFile> audit) throws IOException {
        String scratchDir = staging + "-restore";
        Buffer scratch = new Buffer(bronzeSchema(source), scratchDir);
        try {
            FileOutcome o = readFile(fs, f, manifest, rel, sha, period, source, lost.getString(0), lost.getTimestamp(1),
                    scratch);
            if (o.status() == FileOutcome.Status.INGESTED) {
                boolean synthetic = marker.isPresent() && marker.get().covers(underLanding(f.getPath()), sha);
                audit.add(new AuditFile(source.id(), rel, sha, period, lost.getString(0), f.getLen(), o.rows(), o.charset(),
                        o.extraHeaders(), lost.getTimestamp(1).toInstant(), synthetic));
                LOG.warn("{}: in bronze (batch {}) without its audit/files row, as after a run stopped between the two;"
                        + " the row is restored", rel, lost.getString(0));
            }
        } finally {
            fs.delete(new Path(scratchDir), true);
        }
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

    private static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
            Path parent = dir.getParent();
            if (parent != null && fs.exists(parent) && fs.listStatus(parent).length == 0) {
                fs.delete(parent, false);
            }
        }
    }

    static String sha256(FileSystem fs, Path p) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(fs.open(p), md)) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digest as we go
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
