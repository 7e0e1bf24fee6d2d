package io.zhibiao.transforms.ingest;

import io.zhibiao.lake.ZhibiaoErrors;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;
import scala.collection.JavaConverters;

/**
 * Landing files read in Spark tasks, not in the driver: the files are packed by size into as many groups as the
 * cluster runs tasks at once, and each task reads its group one file after another (streaming; no file is held in
 * memory). Reading happens twice. {@link #check} reads every file to its end, as a whole-file rejection can come from
 * its last line, and returns what it found; {@link #rows} then reads the files that passed again for their rows, and
 * fails its task, so the write it feeds commits nothing, if a file's bytes are no longer those checked (SHA-256) or
 * give another number of rows.
 */
final class FileTasks {

    /** A landing file to read: the driver has listed it and computed its SHA-256. */
    record FileToRead(String source, String path, String name, String sha256, String period, long length,
                      long modifiedMillis) implements Serializable {
    }

    /**
     * What reading a file to its end found: its rows (and the SHA-256 of the bytes they came from), or why none of it
     * is taken in, or the I/O error that stopped the read.
     */
    record Checked(long rows, String sha256, String charset, List<String> extraHeaders, String rejection, String failure)
            implements Serializable {

        boolean accepted() {
            return rejection == null && failure == null;
        }
    }

    private FileTasks() {
    }

    /** Reads each file to its end in Spark tasks; the results in the order of {@code files}. */
    static List<Checked> check(SparkSession spark, List<SourceSpec> sources, List<FileToRead> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        List<SourceSpec> specs = List.copyOf(sources);
        List<List<Indexed>> groups = packed(spark, indexed(files));
        List<Indexed> results = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(groups, groups.size())
                .flatMap(group -> {
                    List<Indexed> out = new ArrayList<>();
                    for (Indexed f : group) {
                        out.add(new Indexed(f.index(), f.file(), checkOne(conf.value(), spec(specs, f.file().source()), f.file())));
                    }
                    return out.iterator();
                }).collect();
        Checked[] ordered = new Checked[files.size()];
        results.forEach(r -> ordered[r.index()] = r.checked());
        return Arrays.asList(ordered);
    }

    /** One file read to its end where the caller runs (a restored audit row needs no Spark job). */
    static Checked checkOne(Configuration conf, SourceSpec source, FileToRead file) {
        long[] rows = {0};
        Digesting bytes = new Digesting(conf, file);
        try {
            DeliveryReader.Header header = new DeliveryReader(source).read(file.name(), bytes, r -> rows[0]++);
            return new Checked(rows[0], bytes.hex(), header.charset().name(), List.copyOf(header.extraHeaders()),
                    null, null);
        } catch (FileRejected e) {
            return new Checked(0, null, null, List.of(), e.reason(), null);
        } catch (IOException | UncheckedIOException e) {
            return new Checked(0, null, null, List.of(), null, e.toString());
        }
    }

    /**
     * The rows of files that passed {@link #check} with {@code expectedRows} each, read again in Spark tasks: the
     * declared columns as delivered text, then the lineage columns of {@link BronzeIngest#LINEAGE}.
     */
    static Dataset<Row> rows(SparkSession spark, SourceSpec source, StructType schema, List<FileToRead> files,
                             List<Long> expectedRows, String batch, Timestamp ingestedAt) {
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        List<Indexed> withRows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            withRows.add(new Indexed(i, files.get(i), new Checked(expectedRows.get(i), null, null, List.of(), null,
                    null)));
        }
        List<List<Indexed>> groups = packed(spark, withRows);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(groups, groups.size())
                .flatMap(group -> new RowsOf(conf.value(), source, group, batch, ingestedAt));
        return spark.createDataFrame(rows, schema);
    }

    private record Indexed(int index, FileToRead file, Checked checked) implements Serializable {
    }

    private static List<Indexed> indexed(List<FileToRead> files) {
        List<Indexed> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            out.add(new Indexed(i, files.get(i), null));
        }
        return out;
    }

    /**
     * Files in as many groups as tasks run at once (fewer when there are fewer files), largest first into the
     * lightest group, so the tasks take about the same time; within a group, files keep their given order.
     */
    private static List<List<Indexed>> packed(SparkSession spark, List<Indexed> files) {
        int n = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism()));
        List<List<Indexed>> groups = new ArrayList<>();
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
        }
        List<Indexed> bySize = new ArrayList<>(files);
        bySize.sort(Comparator.comparingLong((Indexed f) -> f.file().length()).reversed()
                .thenComparingInt(Indexed::index));
        for (Indexed f : bySize) {
            int lightest = 0;
            for (int g = 1; g < n; g++) {
                if (bytes[g] < bytes[lightest]) {
                    lightest = g;
                }
            }
            groups.get(lightest).add(f);
            bytes[lightest] += f.file().length();
        }
        groups.forEach(g -> g.sort(Comparator.comparingInt(Indexed::index)));
        groups.removeIf(List::isEmpty);
        return groups;
    }

    private static SourceSpec spec(List<SourceSpec> sources, String id) {
        return sources.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no source " + id));
    }

    /**
     * A landing file's bytes, the digest taken of the stream opened last: {@link DeliveryReader} opens the file once to
     * parse it, after any opening to choose its encoding and before any opening to explain a rejection, so for a file
     * read to its end that digest is the SHA-256 of the bytes its rows came from.
     */
    private static final class Digesting implements DeliveryReader.ByteSource {
        private final Configuration conf;
        private final Path path;
        private DigestInputStream last;

        Digesting(Configuration conf, FileToRead file) {
            this.conf = conf;
            this.path = new Path(file.path());
        }

        @Override
        public InputStream open() throws IOException {
            last = new DigestInputStream(path.getFileSystem(conf).open(path), sha256());
            return last;
        }

        String hex() {
            return HexFormat.of().formatHex(last.getMessageDigest().digest());
        }
    }

    /**
     * The rows of a group of files, one file after another. The stream {@link DeliveryReader} opens last for a file
     * is the one it parses (it opens earlier ones only to choose the encoding), so that stream's digest is the digest
     * of the bytes the rows came from.
     */
    private static final class RowsOf implements Iterator<Row> {
        private final Configuration conf;
        private final DeliveryReader reader;
        private final Iterator<Indexed> files;
        private final String batch;
        private final Timestamp ingestedAt;
        private final int declared;
        private Indexed current;
        private DeliveryReader.Cursor cursor;
        private Digesting bytes;
        private long count;
        private Row next;

        RowsOf(Configuration conf, SourceSpec source, List<Indexed> files, String batch, Timestamp ingestedAt) {
            this.conf = conf;
            this.reader = new DeliveryReader(source);
            this.files = files.iterator();
            this.batch = batch;
            this.ingestedAt = ingestedAt;
            this.declared = source.columns().size();
            TaskContext task = TaskContext.get();
            if (task != null) {
                // a task killed mid-file (another task of the stage failed) leaves no file open
                task.addTaskCompletionListener(new TaskCompletionListener() {
                    @Override
                    public void onTaskCompletion(TaskContext context) {
                        closeQuietly();
                    }
                });
            }
        }

        private void closeQuietly() {
            if (cursor != null) {
                try {
                    cursor.close();
                } catch (IOException ignored) {
                    // closing after a failure; the failure is what is reported
                }
                cursor = null;
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                try {
                    if (cursor == null) {
                        if (!files.hasNext()) {
                            return false;
                        }
                        current = files.next();
                        count = 0;
                        bytes = new Digesting(conf, current.file());
                        cursor = reader.open(current.file().name(), bytes);
                    }
                    DeliveryReader.Row r = cursor.next();
                    if (r == null) {
                        cursor.close();
                        cursor = null;
                        verify();
                    } else {
                        count++;
                        next = bronzeRow(r);
                    }
                } catch (FileRejected e) {
                    closeQuietly();
                    throw changed("it is now rejected: " + e.reason(), e);
                } catch (FileNotFoundException e) {
                    closeQuietly();
                    throw changed("it is gone", e);
                } catch (IOException e) {
                    closeQuietly();
                    throw new UncheckedIOException(current.file().name() + ": " + e.getMessage(), e);
                }
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }

        private void verify() {
            String sha = bytes.hex();
            if (!sha.equals(current.file().sha256())) {
                throw changed("its SHA-256 is now " + sha + ", checked " + current.file().sha256(), null);
            }
            if (count != current.checked().rows()) {
                throw changed("it now gives " + count + " rows, checked " + current.checked().rows(), null);
            }
        }

        private RuntimeException changed(String what, Exception cause) {
            return ZhibiaoErrors.landingFileChanged(current.file().name(), what, cause);
        }

        private Row bronzeRow(DeliveryReader.Row r) {
            FileToRead f = current.file();
            Object[] values = Arrays.copyOf(r.values(), declared + BronzeIngest.LINEAGE.size(), Object[].class);
            int i = declared;
            // a Row given to Spark's encoder holds a map column as a Scala map (a view keeps the file's column order)
            values[i++] = r.extra().isEmpty() ? null : JavaConverters.mapAsScalaMapConverter(r.extra()).asScala();
            values[i++] = r.fieldCount();
            values[i++] = r.problem();
            values[i++] = f.name();
            values[i++] = f.sha256();
            values[i++] = f.period();
            values[i++] = batch;
            values[i++] = r.rowNumber();
            values[i++] = r.lineNumber();
            values[i++] = new Timestamp(f.modifiedMillis());
            values[i] = ingestedAt;
            return RowFactory.create(values);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md = sha256();
        try (InputStream digesting = new DigestInputStream(in, md)) {
            byte[] buf = new byte[1 << 16];
            while (digesting.read(buf) >= 0) {
                // digest as we go
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
