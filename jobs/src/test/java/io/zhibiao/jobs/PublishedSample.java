package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.sample.SampleLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * One small published sample lake per test JVM (scale 0.01, run once, release 1), shared by the test classes
 * that need one; a test that changes a lake works on a copy.
 */
public final class PublishedSample {

    static final double SCALE = 0.01;
    private static Path lake;
    private static SampleLake.Summary summary;
    private static Cli.Result firstRun;

    private PublishedSample() {
    }

    public static synchronized Path lake() {
        String given = System.getProperty("zhibiao.test.published-lake");
        if (lake == null && given != null) {
            // a developer's shortcut for the serve tests: a published lake made before (zhibiao generate + run)
            lake = Path.of(given);
        }
        if (lake == null) {
            try {
                Path root = Files.createTempDirectory("zhibiao-published-sample");
                root.toFile().deleteOnExit();
                lake = root.resolve("baseline");
                summary = SampleLake.generate(lake, SCALE, SampleLake.DEFAULT_SEED);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            firstRun = Cli.run(lake);
            assertThat(firstRun.exit()).as(firstRun.err()).isZero();
        }
        return lake;
    }

    static SampleLake.Summary summary() {
        lake();
        return summary;
    }

    static Cli.Result firstRun() {
        lake();
        return firstRun;
    }

    /** A copy of the published lake to change freely. */
    static Path copy(Path where) {
        return copyTree(lake(), where);
    }

    /** A copy of a folder, file times kept (a landing file's time is part of its lineage). */
    static Path copyTree(Path source, Path where) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path t = where.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return where;
    }
}
