package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.ZhibiaoErrors;
import io.zhibiao.lake.ZhibiaoException;
import io.zhibiao.transforms.source.CatalogException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How the command line classifies what a command throws: a condition of the vocabulary ({@link ZhibiaoErrors},
 * {@link CatalogException}) ends with its own code and one line; anything else, a JDK IllegalArgumentException or a
 * NumberFormatException from deep inside included, is a defect: exit 1 with its stack trace. Picocli's own errors
 * (the command line itself is wrong) stay exit 2. None of these tests start Spark.
 */
class ErrorVocabularyTest {

    @TempDir
    Path tmp;

    /** A command that throws what it is told to, from a few calls down. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Option(names = "--throw", required = true)
        String what;

        @Override
        public Integer call() {
            return readSetting(what);
        }

        private static int readSetting(String what) {
            return switch (what) {
                case "number" -> parse("12a");
                case "illegal-argument" -> throw new IllegalArgumentException("an invariant of the code does not hold");
                case "illegal-state" -> throw new IllegalStateException("state that cannot happen");
                case "unknown-source" -> throw ZhibiaoErrors.unknownSource("weather", "sources.yaml",
                        List.of("county_stats", "tax_returns"));
                case "wrapped" -> throw new RuntimeException("a library's wrapper",
                        ZhibiaoErrors.noDeliveredFiles("file:/data/lake/landing"));
                case "catalog" -> throw new CatalogException("indicators.yaml", "indicator 'x'", "is declared twice");
                default -> 0;
            };
        }

        private static int parse(String s) {
            return Integer.parseInt(s);
        }
    }

    private record Run(int exit, String err) {
        List<String> lines() {
            return err.strip().lines().toList();
        }
    }

    private static Run probe(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Zhibiao.execute(new Probe(), args);
            return new Run(code, e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aNumberFormatExceptionFromDeepInsideIsAFailureWithItsStackTrace() {
        Run r = probe("--throw", "number");
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.lines().get(0)).isEqualTo("java.lang.NumberFormatException: For input string: \"12a\"");
        assertThat(r.err()).contains("at io.zhibiao.jobs.ErrorVocabularyTest$Probe.parse(")
                .contains("at io.zhibiao.jobs.ErrorVocabularyTest$Probe.readSetting(");
        assertThat(r.lines().get(r.lines().size() - 1)).isEqualTo("zhibiao: error: For input string: \"12a\" (an "
                + "unexpected java.lang.NumberFormatException; the stack trace above says where)");
    }

    @Test
    void jdkIllegalArgumentAndStateExceptionsAreFailuresWithTheirStackTraces() {
        for (String kind : List.of("illegal-argument", "illegal-state")) {
            Run r = probe("--throw", kind);
            assertThat(r.exit()).as(kind).isEqualTo(ExitCode.FAILED);
            assertThat(r.err()).as(kind).contains("at io.zhibiao.jobs.ErrorVocabularyTest$Probe.readSetting(");
            assertThat(r.lines().size()).as(kind).isGreaterThan(3);
        }
    }

    @Test
    void aNamedErrorEndsWithItsCodeAndOneLine() {
        Run r = probe("--throw", "unknown-source");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.lines()).containsExactly("zhibiao: error: no source 'weather' in sources.yaml; known sources: "
                + "[county_stats, tax_returns] (give one of them to --source, or declare it in a sources.yaml given "
                + "with --sources)");
    }

    @Test
    void aNamedErrorWrappedByALibraryKeepsItsCode() {
        Run r = probe("--throw", "wrapped");
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.lines()).containsExactly("zhibiao: error: there are no delivered files under "
                + "file:/data/lake/landing: deliver files to landing/<source>/<period>/ (e.g. landing/county_stats/2024/),"
                + " or try the bundled sample with `zhibiao run --sample`");
    }

    @Test
    void aMalformedDeclarationIsAUsageErrorInOneLine() {
        Run r = probe("--throw", "catalog");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.lines()).containsExactly("zhibiao: error: indicators.yaml: indicator 'x': is declared twice");
    }

    @Test
    void everyFactoryGivesTheCodeItIsDocumentedWith() {
        assertThat(codes(ZhibiaoErrors.noLakeGiven(), ZhibiaoErrors.sampleNeedsLocalLake("hdfs://nn/lake"),
                ZhibiaoErrors.releaseDoesNotExist(9, List.of(1, 2)), ZhibiaoErrors.noReleasePublished("/x"),
                ZhibiaoErrors.releaseWithoutTableVersions(1), ZhibiaoErrors.unknownExportFormat("pdf", null),
                ZhibiaoErrors.notATcpPort(70000), ZhibiaoErrors.passwordTooShort(),
                new CatalogException("f.yaml", null, "broken")))
                .containsOnly(ExitCode.USAGE);
        assertThat(codes(ZhibiaoErrors.noLandingFolder("/x/landing"), ZhibiaoErrors.noDeliveredFiles("/x/landing"),
                ZhibiaoErrors.regionsMissingForIndicators(), ZhibiaoErrors.sandboxUnavailable("no bubblewrap")))
                .containsOnly(ExitCode.FAILED);
        assertThat(ZhibiaoErrors.releaseDoesNotExist(9, List.of(1, 2)).getMessage())
                .isEqualTo("release 9 does not exist; published releases: 1, 2 (see published.releases)");
    }

    private static List<Integer> codes(ZhibiaoException... errors) {
        return Stream.of(errors).map(ZhibiaoException::exitCode).toList();
    }

    @Test
    void aBadValueOnTheCommandLineStaysAUsageError() {
        Cli.Result unknownOption = Cli.zhibiao("run", "--no-such-option");
        assertThat(unknownOption.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownOption.err()).contains("Unknown option: '--no-such-option'");

        Cli.Result badDate = Cli.zhibiao("run", "--cutoff", "2024-13-45");
        assertThat(badDate.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badDate.err()).contains("--cutoff").doesNotContain("\tat ");

        Cli.Result badNumber = Cli.zhibiao("generate", "--lake", tmp.toString(), "--scale", "abc");
        assertThat(badNumber.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badNumber.err()).contains("'abc'").doesNotContain("\tat ");
    }

    @Test
    void aScaleOutOfRangeIsAUsageErrorAndGeneratesNothing() throws Exception {
        Cli.Result r = Cli.zhibiao("generate", "--lake", tmp.toString(), "--scale", "20");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip()).isEqualTo("zhibiao: error: scale must be in (0, 10], got 20.0: 1.0 is the full "
                + "sample (about 115,000 enterprises)");
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void generatingIntoALakeThatHoldsDeliveriesIsAUsageError() throws Exception {
        Path landing = Files.createDirectories(tmp.resolve("landing/county_stats/2024"));
        Files.writeString(landing.resolve("county_stats_2024.csv"), "region_code\n");
        Cli.Result r = Cli.zhibiao("generate", "--lake", tmp.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip()).isEqualTo("zhibiao: error: " + tmp.resolve("landing")
                + " already holds files; generate into an empty lake (another --lake DIR)");
    }
}
