package io.zhibiao.jobs.report;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.jobs.SparkOptions;
import io.zhibiao.lake.Lake;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zhibiao report}: the static HTML dashboard of a published release. */
@Command(name = "report", description = "Write the static HTML dashboard of a published release (index.html, data.json "
        + "and the bundled chart library; opens from a file, no server, no network): each city's indicators against "
        + "their target paths, the counties compared, the target-gap table. Chinese first, English by a toggle.")
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "lake",
            description = "Lake root: a directory or Hadoop URI (default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the dashboard (default: <lake>/reports/dashboard).")
    String out;

    @Option(names = "--release", paramLabel = "N", description = "The release to show (default: the latest).")
    Integer release;

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Override
    public Integer call() {
        Lake l = Lake.at(lake);
        SparkSession spark = sparkOptions.session("zhibiao");
        ReleaseTables tables = ReleaseTables.read(spark, l, Optional.ofNullable(release));
        String generated = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Map<String, Object> data = DashboardData.build(tables, generated);
        String dir = out != null ? out : l.dashboard();
        List<String> written = Dashboard.write(spark.sparkContext().hadoopConfiguration(), dir, data);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cities = (List<Map<String, Object>>) data.get("cities");
        System.out.printf("dashboard of release %s (data cut-off %s), %s: %s%n", tables.release().get("release_no"),
                tables.release().get("data_cutoff"), String.join("、", cities.stream()
                        .map(c -> c.get("name") + " " + c.get("latest_year")).toList()), written.get(0));
        System.out.println("open it in a browser; it needs no server and no network (" + written.size() + " files)");
        return ExitCode.OK;
    }
}
