package io.zhibiao.jobs.serve;

import io.zhibiao.jobs.SyntheticRelease;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.Releases;
import io.zhibiao.lake.SessionScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one release the JDBC server may read, copied out of the lake: {@code <serving>/release-<N>/published/<table>},
 * each table a fresh Delta table holding the rows of release N and nothing else (no history to time-travel to,
 * so an earlier release's cells, withheld under an earlier disclosure pattern, are not there to be read). The
 * sandboxed server sees this directory and no other part of the lake. {@code <serving>/current} names the release
 * being served; a release is copied into a temporary directory and renamed into place whole.
 */
public final class ServingRelease {

    static final String CURRENT = "current";

    /** A release copied for serving. */
    public record Copy(Path root, Path dir, int release, List<String> tables) {
    }

    private ServingRelease() {
    }

    /** The number of the lake's latest release, or -1 when it has none. */
    static int latestRelease(SparkSession spark, Lake lake) {
        return new Releases(spark, lake).current().map(Releases.Release::number).orElse(-1);
    }

    /**
     * Copies the lake's latest release into {@code servingRoot} (unless it is there already), points
     * {@code current} at it and removes copies older than the one it replaces.
     */
    public static Copy materialise(SparkSession spark, Lake lake, Path servingRoot) {
        int n = latestRelease(spark, lake);
        if (n < 0) {
            throw io.zhibiao.lake.ZhibiaoErrors.noReleasePublished(lake.root());
        }
        try {
            Files.createDirectories(servingRoot);
            readable(servingRoot);
            Path dir = servingRoot.resolve("release-" + n);
            if (!Files.isRegularFile(dir.resolve("_COMPLETE"))) {
                Path tmp = servingRoot.resolve(".release-" + n + "-" + UUID.randomUUID());
                copy(spark, lake, n, tmp.resolve("published"));
                Files.writeString(tmp.resolve("_COMPLETE"), "release " + n + "\n", StandardCharsets.UTF_8);
                deleteTree(dir);
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            }
            readableTree(dir);
            String previous = current(servingRoot);
            Path pointer = servingRoot.resolve(".current-" + UUID.randomUUID());
            Files.writeString(pointer, dir.getFileName() + "\n", StandardCharsets.UTF_8);
            readable(pointer);
            Files.move(pointer, servingRoot.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            removeOlder(servingRoot, dir.getFileName().toString(), previous);
            return new Copy(servingRoot, dir, n, tables(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy release " + n + " into " + servingRoot + ": " + e.getMessage(), e);
        }
    }

    /** The release directory {@code current} names, or null. */
    static String current(Path servingRoot) throws IOException {
        Path p = servingRoot.resolve(CURRENT);
        return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() : null;
    }

    /** The published tables of a copied release, as published.&lt;table&gt;. */
    static List<String> tables(Path releaseDir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(releaseDir.resolve("published"))) {
            s.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).map(p -> "published." + p.getFileName())
                    .sorted().forEach(out::add);
        }
        return out;
    }

    private static void copy(SparkSession spark, Lake lake, int n, Path target) {
        Releases releases = new Releases(spark, lake);
        Releases.Release r = releases.find(n).orElseThrow(() -> new IllegalStateException("release " + n + " is gone"));
        if (r.versions().isEmpty()) {
            throw io.zhibiao.lake.ZhibiaoErrors.releaseWithoutTableVersions(n);
        }
        String comment = comment(r.row());
        for (String table : r.tables()) {
            if (table.startsWith("published.")) {
                write(spark, releases.read(r, table), target.resolve(table.substring("published.".length())), comment);
            }
        }
        write(spark, releases.read(r, Releases.TABLE), target.resolve("releases"), comment);
    }

    /**
     * The table comment of every served table of a release built from generated data (JDBC getTables REMARKS,
     * DESCRIBE TABLE EXTENDED); null for any other release.
     */
    static String comment(Row release) {
        String note = SyntheticRelease.noteOf(release);
        return note == null ? null : note + "（本批次由示例数据生成器合成，非官方统计数据）";
    }

    private static void write(SparkSession spark, Dataset<Row> rows, Path to, String comment) {
        if (comment == null) {
            rows.coalesce(1).write().format("delta").mode("overwrite").save(to.toString());
            return;
        }
        // One commit holds the rows and the table's description (PublishedServer gives it to the catalog the JDBC
        // clients read): the copy keeps a single version, with no earlier one to travel to.
        try (SessionScope scope = SessionScope.open(spark)) {
            String view = scope.tempView("serving_copy", rows.coalesce(1));
            spark.sql("CREATE TABLE delta.`" + to.toString().replace("`", "``") + "` USING delta COMMENT '"
                    + comment.replace("\\", "\\\\").replace("'", "\\'") + "' AS SELECT * FROM " + view);
        }
    }

    private static void removeOlder(Path servingRoot, String keep, String previous) throws IOException {
        try (Stream<Path> s = Files.list(servingRoot)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                boolean stale = name.startsWith("release-") && !name.equals(keep) && !name.equals(previous)
                        || name.startsWith(".release-");
                if (stale) {
                    deleteTree(p);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** Readable by the sandbox's unprivileged user: this directory holds published data only. */
    private static void readableTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                readable(p);
            }
        }
    }

    private static void readable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
}
