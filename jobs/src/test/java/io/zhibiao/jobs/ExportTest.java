package io.zhibiao.jobs;

import io.zhibiao.lake.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.jobs.export.PublishedRelease;
import io.zhibiao.jobs.export.WorkbookExport;
import io.zhibiao.transforms.SparkTestSession;
import java.io.File;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zhibiao export} on the small published sample, read back without LibreOffice: the workbook with POI, the
 * CSV files with an RFC 4180 reader, the Arrow files with Arrow's own reader.
 */
class ExportTest {

    @TempDir
    static Path out;
    static SparkSession spark;
    static Path lake;
    static Cli.Result export;
    static XSSFWorkbook wb;

    @BeforeAll
    static void exportTheSample() throws Exception {
        spark = SparkTestSession.get();
        lake = PublishedSample.lake();
        export = Cli.zhibiao("export", "--lake", lake.toString(), "--master", "local[2]", "--shuffle-partitions", "2",
                "--format", "xlsx,csv,arrow", "--out", out.toString());
        assertThat(export.exit()).as(export.out() + export.err()).isZero();
        wb = new XSSFWorkbook(out.resolve(WorkbookExport.fileName(1)).toFile());
    }

    @AfterAll
    static void close() throws Exception {
        if (wb != null) {
            wb.close();
        }
    }

    static Dataset<org.apache.spark.sql.Row> published(String table) {
        return PublishedRelease.ordered(table, spark.read().format("delta").load(lake.resolve("published").resolve(table).toString()));
    }

    /** The column index of a column name (row 2 of a sheet). */
    static int column(XSSFSheet sheet, String name) {
        for (Cell c : sheet.getRow(1)) {
            if (c.getStringCellValue().equals(name)) {
                return c.getColumnIndex();
            }
        }
        throw new AssertionError("no column " + name + " in " + sheet.getSheetName());
    }

    @Test
    void saysWhatItWrote() {
        assertThat(export.out()).contains("release 1").contains("xlsx").contains("csv").contains("arrow");
    }

    @Test
    void aSheetPerPublishedTableAfterTheCover() {
        List<String> names = new ArrayList<>();
        wb.sheetIterator().forEachRemaining(s -> names.add(s.getSheetName()));
        List<String> expected = new ArrayList<>(List.of(WorkbookExport.COVER));
        expected.addAll(PublishedRelease.TABLES);
        assertThat(names).isEqualTo(expected);
        for (String t : PublishedRelease.TABLES) {
            XSSFSheet s = wb.getSheet(t);
            assertThat(s.getLastRowNum() + 1 - WorkbookExport.HEADER_ROWS).as(t).isEqualTo(published(t).count());
        }
    }

    @Test
    void headersAreChineseLabelsAboveColumnNamesFrozenWithAFilter() {
        XSSFSheet s = wb.getSheet("target_gap");
        assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("发布批次");
        assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("release_no");
        assertThat(s.getRow(0).getCell(column(s, "status_zh")).getStringCellValue()).isEqualTo("状态");
        assertThat(s.getRow(0).getCell(column(s, "achieved_share")).getStringCellValue()).isEqualTo("规划增量完成比例");
        assertThat(s.getPaneInformation().isFreezePane()).isTrue();
        assertThat(s.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 2);
        assertThat(s.getCTWorksheet().isSetAutoFilter()).isTrue();
        assertThat(s.getCTWorksheet().getAutoFilter().getRef()).startsWith("A2:").endsWith(String.valueOf(s.getLastRowNum() + 1));
    }

    @Test
    void fractionsArePercentagesAndYiYuanHasTwoDecimals() {
        XSSFSheet s = wb.getSheet("target_gap");
        int share = column(s, "achieved_share");
        int actual = column(s, "actual");
        int unit = column(s, "unit");
        boolean percent = false;
        boolean yiyuan = false;
        for (int r = 2; r <= s.getLastRowNum(); r++) {
            Row row = s.getRow(r);
            Cell c = row.getCell(share);
            if (c != null && c.getCellType() == CellType.NUMERIC) {
                assertThat(c.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
                percent = true;
            }
            Cell a = row.getCell(actual);
            if (a != null && a.getCellType() == CellType.NUMERIC && "亿元".equals(row.getCell(unit).getStringCellValue())) {
                assertThat(a.getCellStyle().getDataFormatString()).isEqualTo("#,##0.00");
                yiyuan = true;
            }
        }
        assertThat(percent).isTrue();
        assertThat(yiyuan).isTrue();
        XSSFSheet values = wb.getSheet("indicator_values");
        Cell units = null;
        for (int r = 2; r <= values.getLastRowNum() && units == null; r++) {
            Cell c = values.getRow(r).getCell(column(values, "contributing_units"));
            units = c != null && c.getCellType() == CellType.NUMERIC ? c : null;
        }
        assertThat(units).isNotNull();
        assertThat(units.getCellStyle().getDataFormatString()).isEqualTo("#,##0");
    }

    @Test
    void statusesAreColoured() {
        XSSFSheet s = wb.getSheet("target_gap");
        int status = column(s, "status_zh");
        Map<String, String> fills = Map.of("已实现", "C6EFCE", "达标", "C6EFCE", "需加快", "FFEB9C", "滞后", "FFC7CE",
                "未实现", "FFC7CE", "无数据", "D9D9D9");
        int seen = 0;
        for (int r = 2; r <= s.getLastRowNum(); r++) {
            Cell c = s.getRow(r).getCell(status);
            String text = c.getStringCellValue();
            if (fills.containsKey(text)) {
                XSSFCellStyle style = (XSSFCellStyle) c.getCellStyle();
                assertThat(style.getFillForegroundXSSFColor().getARGBHex()).as(text).endsWith(fills.get(text));
                seen++;
            }
        }
        assertThat(seen).isPositive();
        Cell eurostat = s.getRow(2).getCell(column(s, "eurostat_status_zh"));
        if (eurostat != null && !eurostat.getStringCellValue().isEmpty()) {
            assertThat(((XSSFCellStyle) eurostat.getCellStyle()).getFillForegroundXSSFColor()).isNotNull();
        }
    }

    @Test
    void withheldCellsShowX() {
        XSSFSheet s = wb.getSheet("indicator_values");
        int suppressed = column(s, "suppressed");
        int value = column(s, "value");
        int numerator = column(s, "numerator");
        long withheld = 0;
        for (int r = 2; r <= s.getLastRowNum(); r++) {
            Row row = s.getRow(r);
            Cell flag = row.getCell(suppressed);
            if (flag != null && "x".equals(flag.getStringCellValue())) {
                assertThat(row.getCell(value).getStringCellValue()).isEqualTo("x");
                assertThat(row.getCell(numerator).getStringCellValue()).isEqualTo("x");
                withheld++;
            }
        }
        assertThat(withheld).isEqualTo(published("indicator_values").filter("suppressed = 'x'").count()).isPositive();
    }

    @Test
    void theCoverOfAReleaseBuiltFromGeneratedDataSaysSoFirst() {
        // The sample lake's release: the two lines under the title, and the fact among the release's facts.
        XSSFSheet cover = wb.getSheet(WorkbookExport.COVER);
        assertThat(cover.getRow(0).getCell(0).getStringCellValue()).isEqualTo("zhibiao 指标发布 — 第 1 批");
        assertThat(cover.getRow(1).getCell(0).getStringCellValue())
                .isEqualTo("示例数据 — synthetic sample, not official statistics");
        assertThat(cover.getRow(2).getCell(0).getStringCellValue())
                .isEqualTo("本批次由示例数据生成器合成的交付文件计算，仅供演示与测试，不得作为统计数据引用。");
        assertThat(((XSSFCellStyle) cover.getRow(1).getCell(0).getCellStyle()).getFillForegroundColorColor().getARGBHex())
                .isEqualTo("FFFDEFC8");
        String nature = null;
        for (Row row : cover) {
            if (row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING
                    && row.getCell(0).getStringCellValue().equals("数据性质")) {
                nature = row.getCell(1).getStringCellValue();
            }
        }
        assertThat(nature).isEqualTo("示例数据 — synthetic sample, not official statistics");
    }

    @Test
    void theCoverNamesTheReleaseItsCutoffTheSheetsAndTheDefinitions() {
        XSSFSheet cover = wb.getSheet(WorkbookExport.COVER);
        List<String> text = new ArrayList<>();
        for (Row row : cover) {
            StringBuilder sb = new StringBuilder();
            for (Cell c : row) {
                sb.append(c.getCellType() == CellType.NUMERIC ? String.valueOf((long) c.getNumericCellValue())
                        : c.getStringCellValue()).append('|');
            }
            text.add(sb.toString());
        }
        String all = String.join("\n", text);
        assertThat(text).contains("发布批次|1|", "数据截止日|2026-11-23|");
        assertThat(all).contains("运行批次|").contains("发布时间|").contains("target_gap|目标差距|").contains("指标定义")
                .contains("rd_intensity|全社会研发经费投入强度|%|");
        long definitions = text.stream().filter(l -> l.matches("[a-z0-9_]+\\|[^|]+\\|[^|]*\\|\\d+\\|[^|]+\\|[^|]+\\|")).count();
        assertThat(definitions).isEqualTo(published("indicators").count());
    }

    @Test
    void csvHasABomChineseHeadersAndRoundTrips() throws Exception {
        Path file = out.resolve("csv/indicator_values.csv");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(java.util.Arrays.copyOf(bytes, 3)).containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        List<List<String>> records = CsvRecords.parse(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        List<org.apache.spark.sql.Row> rows = published("indicator_values").collectAsList();
        assertThat(records).hasSize(rows.size() + 1);
        List<String> header = records.get(0);
        assertThat(header.get(0)).isEqualTo("发布批次");
        assertThat(header).contains("指标值（按指标规定小数位）", "保密标志（x 为不予公布）").doesNotHaveDuplicates();
        int value = header.indexOf("指标值（按指标规定小数位）");
        int region = header.indexOf("地区");
        for (int i = 0; i < rows.size(); i++) {
            org.apache.spark.sql.Row r = rows.get(i);
            List<String> rec = records.get(i + 1);
            assertThat(rec).hasSize(header.size());
            assertThat(rec.get(region)).isEqualTo(java.util.Objects.toString(r.getAs("region_name"), ""));
            BigDecimal v = r.getAs("value");
            if (v == null) {
                assertThat(rec.get(value)).isEqualTo("x".equals(r.getAs("suppressed")) ? "x" : "");
            } else {
                assertThat(rec.get(value)).doesNotContain("E");
                assertThat(new BigDecimal(rec.get(value))).isEqualByComparingTo(v);
            }
        }
        // Text with commas and quotes survives: the targets' plan texts.
        List<List<String>> targets = CsvRecords.parse(Files.readString(out.resolve("csv/targets.csv")).substring(1));
        List<org.apache.spark.sql.Row> targetRows = published("targets").collectAsList();
        int textAt = targets.get(0).indexOf("规划原文");
        for (int i = 0; i < targetRows.size(); i++) {
            assertThat(targets.get(i + 1).get(textAt)).isEqualTo(targetRows.get(i).getAs("target_text"));
        }
        assertThat(Files.readString(out.resolve("csv/README.txt"))).contains("指标值（按指标规定小数位）\tvalue");
    }

    @Test
    void arrowFilesReadBackWithArrowsReader() throws Exception {
        File file = out.resolve("arrow/indicator_values.arrow").toFile();
        List<org.apache.spark.sql.Row> rows = published("indicator_values").collectAsList();
        try (RootAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file.toPath());
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            Schema schema = reader.getVectorSchemaRoot().getSchema();
            assertThat(schema.findField("value").getType()).isEqualTo(new ArrowType.Decimal(38, 6, 128));
            assertThat(schema.findField("value").getMetadata()).containsEntry("comment", "指标值（按指标规定小数位）");
            assertThat(schema.findField("data_cutoff").getType()).isInstanceOf(ArrowType.Date.class);
            assertThat(schema.getCustomMetadata()).containsEntry("zhibiao.release_no", "1");
            long count = 0;
            int checked = 0;
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                DecimalVector value = (DecimalVector) root.getVector("value");
                for (int i = 0; i < root.getRowCount(); i++) {
                    BigDecimal expected = rows.get((int) count + i).getAs("value");
                    if (expected == null) {
                        assertThat(value.isNull(i)).isTrue();
                    } else {
                        assertThat(value.getObject(i)).isEqualByComparingTo(expected);
                        checked++;
                    }
                }
                count += root.getRowCount();
            }
            assertThat(count).isEqualTo(rows.size());
            assertThat(checked).isPositive();
        }
    }

    @Test
    void aReleaseThatDoesNotExistIsRefusedWithTheReason() {
        Cli.Result r = Cli.zhibiao("export", "--lake", lake.toString(), "--master", "local[2]", "--release", "9",
                "--out", out.resolve("nine").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("release 9 does not exist");
    }
}
