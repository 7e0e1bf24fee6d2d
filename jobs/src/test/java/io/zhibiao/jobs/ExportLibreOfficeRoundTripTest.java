package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.jobs.export.PublishedRelease;
import io.zhibiao.jobs.export.WorkbookExport;
import io.zhibiao.transforms.SparkTestSession;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbook as another spreadsheet program reads it: LibreOffice (headless, installed by
 * scripts/install-libreoffice.sh) converts every sheet to CSV with the raw cell values, and every cell of every
 * table must equal the published table Spark reads — numbers as decimals at the published precision (an Excel
 * cell holds a double: 15 significant digits), dates and times as the cell format shows them (or serial days),
 * withheld cells "x".
 * Not in the default suite: {@code .ci/run-clients} or {@code mvn -B verify -Pclients}.
 */
@Tag("clients")
class ExportLibreOfficeRoundTripTest {

    /** Comma, double quote, UTF-8, from line 1; raw values (not as shown); every sheet to its own file. */
    static final String FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);

    @TempDir
    Path work;

    record Mismatch(String table, int row, String column, String expected, String actual) {
    }

    @Test
    void everyCellLibreOfficeReadsEqualsThePublishedTable() throws Exception {
        Optional<String> soffice = sofficeVersion();
        Assumptions.assumeTrue(soffice.isPresent(), "LibreOffice (soffice) is not installed: run scripts/install-libreoffice.sh");
        SparkSession spark = SparkTestSession.get();
        Path lake = PublishedSample.lake();
        Path out = work.resolve("export");
        Cli.Result export = Cli.zhibiao("export", "--lake", lake.toString(), "--master", "local[2]",
                "--shuffle-partitions", "2", "--out", out.toString());
        assertThat(export.exit()).as(export.out() + export.err()).isZero();
        Path workbook = out.resolve(WorkbookExport.fileName(1));

        Path csv = work.resolve("csv");
        ProcessBuilder pb = new ProcessBuilder("soffice", "-env:UserInstallation=file://" + work.resolve("profile"),
                "--headless", "--convert-to", FILTER, "--outdir", csv.toString(), workbook.toString())
                .redirectErrorStream(true);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(log).isTrue();
        assertThat(p.exitValue()).as(log).isZero();

        ZoneId zone = ZoneId.of(spark.conf().get("spark.sql.session.timeZone"));
        List<Mismatch> mismatches = new ArrayList<>();
        StringBuilder report = new StringBuilder("LibreOffice round trip of " + workbook.getFileName() + " ("
                + soffice.get() + ")\n");
        long rowsCompared = 0;
        long cellsCompared = 0;
        java.util.Set<String> withheld = new java.util.HashSet<>();
        spark.read().format("delta").load(lake.resolve("published/indicator_values").toString()).filter("suppressed = 'x'")
                .select("indicator_id", "region_code", "year").collectAsList()
                .forEach(w -> withheld.add(w.getString(0) + "|" + w.getString(1) + "|" + w.getInt(2)));
        for (String table : PublishedRelease.TABLES) {
            Path file = csv.resolve("zhibiao-release-1-" + table + ".csv");
            assertThat(file).as(log).exists();
            List<List<String>> records = CsvRecords.parse(Files.readString(file, StandardCharsets.UTF_8));
            Dataset<Row> data = PublishedRelease.ordered(table,
                    spark.read().format("delta").load(lake.resolve("published").resolve(table).toString()));
            List<Row> rows = data.collectAsList();
            StructField[] fields = data.schema().fields();
            assertThat(records.size() - WorkbookExport.HEADER_ROWS).as(table + " rows").isEqualTo(rows.size());
            for (int c = 0; c < fields.length; c++) {
                String label = fields[c].getComment().isDefined() ? fields[c].getComment().get() : fields[c].name();
                check(mismatches, table, 1, fields[c].name(), label, records.get(0).get(c));
                check(mismatches, table, 2, fields[c].name(), fields[c].name(), records.get(1).get(c));
            }
            List<String> names = java.util.Arrays.asList(data.columns());
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                List<String> rec = records.get(r + WorkbookExport.HEADER_ROWS);
                for (int c = 0; c < fields.length; c++) {
                    String actual = c < rec.size() ? rec.get(c) : "";
                    Object v = row.isNullAt(c) ? null : row.get(c);
                    String name = fields[c].name();
                    int excelRow = r + WorkbookExport.HEADER_ROWS + 1;
                    if (v == null) {
                        check(mismatches, table, excelRow, name, withheld(withheld, table, name, row, names) ? "x" : "", actual);
                    } else if (v instanceof BigDecimal d) {
                        if (!sameNumber(d, actual)) {
                            mismatches.add(new Mismatch(table, excelRow, name, d.toPlainString(), actual));
                        }
                    } else if (v instanceof Integer || v instanceof Long) {
                        check(mismatches, table, excelRow, name, v.toString(), actual);
                    } else if (v instanceof Date d) {
                        // LibreOffice writes a date cell as its format shows it (yyyy-mm-dd), or as serial days
                        LocalDate day = d.toLocalDate();
                        if (!actual.equals(day.toString())
                                && !actual.equals(String.valueOf(ChronoUnit.DAYS.between(EXCEL_EPOCH, day)))) {
                            mismatches.add(new Mismatch(table, excelRow, name, day.toString(), actual));
                        }
                    } else if (v instanceof Timestamp t) {
                        LocalDateTime at = LocalDateTime.ofInstant(t.toInstant(), zone);
                        if (!sameTime(at, actual)) {
                            mismatches.add(new Mismatch(table, excelRow, name, at.toString(), actual));
                        }
                    } else if (v instanceof Boolean b) {
                        if (!List.of(b ? "TRUE" : "FALSE", b ? "1" : "0").contains(actual)) {
                            mismatches.add(new Mismatch(table, excelRow, name, b.toString(), actual));
                        }
                    } else {
                        check(mismatches, table, excelRow, name, v.toString(), actual);
                    }
                    cellsCompared++;
                }
                rowsCompared++;
            }
            report.append(String.format("  %-22s %5d rows x %2d columns compared%n", table, rows.size(), fields.length));
        }
        report.append(String.format("  total: %d tables, %d rows, %d cells compared, %d mismatches%n",
                PublishedRelease.TABLES.size(), rowsCompared, cellsCompared, mismatches.size()));
        mismatches.stream().limit(20).forEach(m -> report.append("  mismatch ").append(m).append('\n'));
        System.out.print(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("libreoffice-roundtrip.txt"), report.toString(), StandardCharsets.UTF_8);
        }
        assertThat(mismatches).as(report.toString()).isEmpty();
        assertThat(rowsCompared).isPositive();
    }

    /**
     * A cell withheld by disclosure control, which the workbook shows as x: the value, numerator and contributing
     * units of a flagged indicator value, and that cell's value where county_comparison and target_gap repeat it.
     */
    private static boolean withheld(java.util.Set<String> keys, String table, String column, Row row, List<String> names) {
        boolean repeated = (table.equals("indicator_values") && List.of("value", "numerator", "contributing_units").contains(column))
                || (table.equals("county_comparison") && column.equals("value"))
                || (table.equals("target_gap") && column.equals("actual"));
        if (!repeated || !names.contains("indicator_id") || !names.contains("region_code") || !names.contains("year")) {
            return false;
        }
        return keys.contains(row.getAs("indicator_id") + "|" + row.getAs("region_code") + "|" + row.getAs("year"));
    }

    private static void check(List<Mismatch> out, String table, int row, String column, String expected, String actual) {
        if (!expected.equals(actual)) {
            out.add(new Mismatch(table, row, column, expected, actual));
        }
    }

    /**
     * Equal at the published precision: the published scale, or fewer places where the value has more than the 15
     * significant digits a double carries (a difference of one in the last place compared is rounding).
     */
    static boolean sameNumber(BigDecimal expected, String actual) {
        if (actual.isEmpty()) {
            return false;
        }
        BigDecimal a;
        try {
            // a percent cell is written with its sign even as a raw value: 95.5% is 0.955
            a = actual.endsWith("%") ? new BigDecimal(actual.substring(0, actual.length() - 1)).movePointLeft(2)
                    : new BigDecimal(actual);
        } catch (NumberFormatException e) {
            return false;
        }
        int integerDigits = Math.max(expected.precision() - expected.scale(), 1);
        int places = Math.max(0, Math.min(expected.scale(), 15 - integerDigits));
        BigDecimal e = expected.setScale(places, RoundingMode.HALF_UP);
        BigDecimal x = a.round(MathContext.DECIMAL64).setScale(places, RoundingMode.HALF_UP);
        return e.subtract(x).abs().compareTo(BigDecimal.ONE.movePointLeft(places)) <= 0;
    }

    /** A time as yyyy-MM-dd HH:mm:ss (the cell's format, rounded to the second) or serial days, within a second. */
    static boolean sameTime(LocalDateTime expected, String actual) {
        try {
            LocalDateTime a = actual.contains("-")
                    ? LocalDateTime.parse(actual, java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                    : EXCEL_EPOCH.atStartOfDay().plus(Duration.ofMillis(Math.round(Double.parseDouble(actual) * 86_400_000.0)));
            return Math.abs(Duration.between(expected, a).toMillis()) <= 1000;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What {@code soffice --version} prints, or empty when LibreOffice is not installed. */
    private static Optional<String> sofficeVersion() {
        try {
            Process p = new ProcessBuilder("soffice", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(v) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
