package io.zhibiao.jobs;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.indicators.publish.Publisher;
import io.zhibiao.jobs.export.Exporter;
import io.zhibiao.jobs.export.PublishedRelease;
import io.zhibiao.lake.Lake;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zhibiao export}: a release of the published tables as an Excel workbook, CSV files or Arrow files. */
@Command(name = "export", description = "Write a release of the published tables for spreadsheets and analysts: an Excel "
        + "workbook (a sheet per table, Chinese headers, number formats, coloured statuses, a cover with the definitions), "
        + "CSV files (UTF-8 with BOM) or Arrow IPC files.")
final class Export implements Callable<Integer> {

    @CommandLine.Mixin
    Zhibiao.LakeOptions options = new Zhibiao.LakeOptions();

    @Option(names = "--format", split = ",", defaultValue = "xlsx", paramLabel = "xlsx|csv|arrow",
            description = "Formats to write, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--release", paramLabel = "N", description = "The release to export (default: the latest); an "
            + "earlier one is read as it was published, by Delta time travel.")
    Integer release;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write into (default: <lake>/exports/release-<N>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        var formatSet = Exporter.formats(formats);
        SparkSession spark = options.spark();
        // An existing lake only: exporting never generates the sample.
        Lake lake = Lake.at(options.lake != null ? options.lake : Zhibiao.DEFAULT_LAKE.toString());
        LakeJob.Catalogs c = options.catalogs(spark);
        Publisher publisher = new Publisher(spark, lake, c.indicators(), c.targets());
        PublishedRelease r = PublishedRelease.open(spark, lake, publisher, release);
        Path folder = out != null ? out : Exporter.defaultFolder(lake, r.info().number());
        List<Exporter.Written> written = Exporter.export(r, formatSet, folder);
        System.out.printf("release %d (run %s, data cut-off %s) exported to %s%n", r.info().number(), r.info().runId(),
                r.info().cutoff(), folder.toAbsolutePath());
        for (Exporter.Written w : written) {
            System.out.printf("  %-6s %-28s %2d tables, %,d rows%n", w.format().name().toLowerCase(),
                    folder.toAbsolutePath().relativize(w.path().toAbsolutePath()), w.rows().size(), w.total());
        }
        if (!r.missing().isEmpty()) {
            System.out.println("  (release " + r.info().number() + " was published without " + String.join(", ", r.missing()) + ")");
        }
        return ExitCode.OK;
    }
}
