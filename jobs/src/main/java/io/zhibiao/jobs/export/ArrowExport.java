package io.zhibiao.jobs.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The release as Arrow IPC files (the random-access file format), one per published table, for analysts' pandas,
 * R or DuckDB: decimals as decimal(38,6), dates as date32, timestamps in microseconds with their time zone, strings
 * UTF-8; each field carries its Chinese label as metadata {@code comment}, the schema the table, release and
 * cut-off. Arrow is Spark's own 12.0.1. Withheld cells are null here; {@code suppressed} says which.
 */
public final class ArrowExport {

    public static final int SCALE = 6;
    private static final int BATCH = 8192;

    private ArrowExport() {
    }

    /** Writes {@code <table>.arrow} per table into {@code dir}; returns the rows written per table. */
    public static Map<String, Long> write(PublishedRelease release, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Long> written = new LinkedHashMap<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (PublishedRelease.Table t : release.tables()) {
                written.put(t.name(), table(release, t, dir.resolve(t.name() + ".arrow"), allocator));
            }
        }
        return written;
    }

    /** The Arrow schema of a table: its columns with their labels, the release in the schema's metadata. */
    static Schema schema(PublishedRelease release, PublishedRelease.Table t, String timeZone) {
        List<Field> fields = new ArrayList<>();
        for (PublishedRelease.Col c : t.columns()) {
            fields.add(new Field(c.name(), new FieldType(true, arrowType(c.typeName(), timeZone), null,
                    Map.of("comment", c.label())), null));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("zhibiao.table", "published." + t.name());
        meta.put("zhibiao.title", t.titleZh());
        meta.put("zhibiao.release_no", String.valueOf(release.info().number()));
        meta.put("zhibiao.run_id", release.info().runId());
        meta.put("zhibiao.data_cutoff", release.info().cutoff().toString());
        return new Schema(fields, meta);
    }

    static ArrowType arrowType(String sparkType, String timeZone) {
        if (sparkType.startsWith("decimal") || sparkType.equals("double") || sparkType.equals("float")) {
            return new ArrowType.Decimal(38, SCALE, 128);
        }
        return switch (sparkType) {
            case "integer", "short", "byte" -> new ArrowType.Int(32, true);
            case "long" -> new ArrowType.Int(64, true);
            case "date" -> new ArrowType.Date(DateUnit.DAY);
            case "timestamp" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, timeZone);
            case "boolean" -> ArrowType.Bool.INSTANCE;
            default -> ArrowType.Utf8.INSTANCE;
        };
    }

    private static long table(PublishedRelease release, PublishedRelease.Table t, Path file, BufferAllocator allocator)
            throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Schema schema = schema(release, t, release.zone().getId());
        long[] rows = {0};
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            List<FieldVector> vectors = root.getFieldVectors();
            int[] n = {0};
            root.allocateNew();
            t.forEach(cells -> {
                for (int i = 0; i < vectors.size(); i++) {
                    set(vectors.get(i), n[0], t.columns().get(i), cells, i);
                }
                n[0]++;
                rows[0]++;
                if (n[0] == BATCH) {
                    flush(root, writer, n[0]);
                    n[0] = 0;
                    root.allocateNew();
                }
            });
            if (n[0] > 0 || rows[0] == 0) {
                flush(root, writer, n[0]);
            }
            writer.end();
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return rows[0];
    }

    private static void flush(VectorSchemaRoot root, ArrowFileWriter writer, int count) {
        root.setRowCount(count);
        try {
            writer.writeBatch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void set(FieldVector v, int at, PublishedRelease.Col col, PublishedRelease.Cells cells, int i) {
        Object value = cells.value(i);
        if (value == null) {
            setNull(v, at);
            return;
        }
        if (v instanceof DecimalVector d) {
            d.setSafe(at, cells.decimal(i).setScale(SCALE, RoundingMode.HALF_UP));
        } else if (v instanceof IntVector iv) {
            iv.setSafe(at, ((Number) value).intValue());
        } else if (v instanceof BigIntVector bv) {
            bv.setSafe(at, ((Number) value).longValue());
        } else if (v instanceof DateDayVector dv) {
            dv.setSafe(at, (int) cells.date(i).toEpochDay());
        } else if (v instanceof TimeStampMicroTZVector tv) {
            java.time.Instant instant = value instanceof java.sql.Timestamp ts ? ts.toInstant() : (java.time.Instant) value;
            tv.setSafe(at, instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
        } else if (v instanceof BitVector b) {
            b.setSafe(at, ((Boolean) value) ? 1 : 0);
        } else if (v instanceof VarCharVector s) {
            s.setSafe(at, value.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IllegalStateException("no Arrow writer for column " + col.name() + " (" + col.typeName() + ")");
        }
    }

    private static void setNull(FieldVector v, int at) {
        if (v instanceof BaseFixedWidthVector f) {
            f.setNull(at);
        } else if (v instanceof BaseVariableWidthVector w) {
            w.setNull(at);
        }
    }
}
