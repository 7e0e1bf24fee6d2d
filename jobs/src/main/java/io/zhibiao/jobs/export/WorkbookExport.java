package io.zhibiao.jobs.export;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.DefaultIndexedColorMap;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;

/**
 * The release as one Excel workbook: a cover (封面) with the release, its data cut-off, the sheets and the
 * indicators' definitions, then a sheet per published table — row 1 the Chinese column labels, row 2 the column
 * names, frozen above the data, with an autofilter; numbers formatted by what the column holds, statuses coloured,
 * withheld cells showing "x". Written with POI's streaming workbook, so a sheet never sits in memory whole.
 */
public final class WorkbookExport {

    /** Data rows start below the two header rows. */
    public static final int HEADER_ROWS = 2;

    public static final String COVER = "封面";

    private static final int MAX_ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows();
    private static final int MAX_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();

    private final SXSSFWorkbook wb;
    private final DataFormat formats;
    private final Map<StyleKey, CellStyle> styles = new HashMap<>();
    private final Font bold;
    private final Font title;
    private final Font columnName;

    private WorkbookExport() {
        this.wb = new SXSSFWorkbook(200);
        wb.setCompressTempFiles(true);
        this.formats = wb.createDataFormat();
        this.bold = wb.createFont();
        bold.setBold(true);
        this.title = wb.createFont();
        title.setBold(true);
        title.setFontHeightInPoints((short) 14);
        this.columnName = wb.createFont();
        columnName.setItalic(true);
        columnName.setColor(org.apache.poi.ss.usermodel.IndexedColors.GREY_50_PERCENT.getIndex());
    }

    /** The workbook's file name for a release. */
    public static String fileName(int release) {
        return "zhibiao-release-" + release + ".xlsx";
    }

    /** Writes the workbook of a release to {@code file}; returns the data rows written per sheet. */
    public static Map<String, Long> write(PublishedRelease release, Path file) throws IOException {
        WorkbookExport x = new WorkbookExport();
        try {
            Sheet cover = x.wb.createSheet(COVER);
            Map<String, Long> written = new LinkedHashMap<>();
            for (PublishedRelease.Table t : release.tables()) {
                written.put(t.name(), x.table(t));
            }
            x.cover(cover, release, written);
            x.wb.setActiveSheet(0);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(partial)) {
                x.wb.write(out);
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return written;
        } finally {
            x.wb.dispose(); // the streamed rows' temporary files
            x.wb.close();
        }
    }

    // ---------------------------------------------------------------- tables

    private long table(PublishedRelease.Table t) {
        List<PublishedRelease.Col> cols = t.columns();
        int[] widths = new int[cols.size()];
        long[] count = {0};
        SXSSFSheet[] sheet = {startSheet(t, t.name(), widths)};
        int[] next = {HEADER_ROWS};
        int[] part = {1};
        t.forEach(cells -> {
            if (next[0] == MAX_ROWS) {
                // More rows than a sheet holds: the table goes on in "<table> (2)", headers repeated.
                finishSheet(sheet[0], next[0], cols.size(), widths);
                sheet[0] = startSheet(t, t.name() + " (" + (++part[0]) + ")", widths);
                next[0] = HEADER_ROWS;
            }
            Row row = sheet[0].createRow(next[0]++);
            for (int i = 0; i < cols.size(); i++) {
                int w = cell(row, i, cols.get(i), cells);
                widths[i] = Math.max(widths[i], w);
            }
            count[0]++;
        });
        finishSheet(sheet[0], next[0], cols.size(), widths);
        return count[0];
    }

    private SXSSFSheet startSheet(PublishedRelease.Table t, String name, int[] widths) {
        SXSSFSheet sheet = wb.createSheet(name);
        Row labels = sheet.createRow(0);
        Row names = sheet.createRow(1);
        for (int i = 0; i < t.columns().size(); i++) {
            PublishedRelease.Col c = t.columns().get(i);
            Cell l = labels.createCell(i);
            l.setCellValue(c.label());
            l.setCellStyle(style("label", null, null));
            Cell n = names.createCell(i);
            n.setCellValue(c.name());
            n.setCellStyle(style("name", null, null));
            widths[i] = Math.max(widths[i], Math.min(displayWidth(c.label()), 30));
            widths[i] = Math.max(widths[i], displayWidth(c.name()));
        }
        sheet.createFreezePane(0, HEADER_ROWS);
        return sheet;
    }

    private static void finishSheet(SXSSFSheet sheet, int nextRow, int columns, int[] widths) {
        int lastRow = Math.max(nextRow - 1, HEADER_ROWS - 1);
        sheet.setAutoFilter(new CellRangeAddress(HEADER_ROWS - 1, lastRow, 0, columns - 1));
        for (int i = 0; i < columns; i++) {
            sheet.setColumnWidth(i, Math.min(Math.max(widths[i], 6) + 2, 60) * 256);
        }
    }

    /** Writes one cell; returns its display width in characters (a CJK character counts two). */
    private int cell(Row row, int i, PublishedRelease.Col col, PublishedRelease.Cells cells) {
        Object v = cells.value(i);
        if (v == null) {
            if (cells.withheld(i)) {
                Cell c = row.createCell(i);
                c.setCellValue(ColumnFormat.WITHHELD);
                c.setCellStyle(style("withheld", null, null));
                return 1;
            }
            return 0;
        }
        Cell c = row.createCell(i);
        switch (col.kind()) {
            case FRACTION, DECIMAL, COUNT, INTEGER -> {
                c.setCellValue(((Number) v).doubleValue());
                c.setCellStyle(style("number", ColumnFormat.excelFormat(col.kind(), 0), null));
                return Math.max(8, String.valueOf(v).length());
            }
            case INDICATOR_VALUE -> {
                BigDecimal d = cells.decimal(i);
                int decimals = cells.decimals();
                c.setCellValue(d.doubleValue());
                c.setCellStyle(style("number", ColumnFormat.excelFormat(col.kind(), decimals), null));
                return Math.max(8, ColumnFormat.plain(d, col.kind(), decimals).length() + 2);
            }
            case DATE -> {
                c.setCellValue(cells.date(i));
                c.setCellStyle(style("number", ColumnFormat.excelFormat(col.kind(), 0), null));
                return 10;
            }
            case TIMESTAMP -> {
                c.setCellValue(cells.timestamp(i));
                c.setCellStyle(style("number", ColumnFormat.excelFormat(col.kind(), 0), null));
                return 19;
            }
            case BOOLEAN -> {
                c.setCellValue((Boolean) v);
                return 5;
            }
            case STATUS -> {
                String s = text(v.toString());
                c.setCellValue(s);
                ColumnFormat.StatusColour colour = ColumnFormat.colourOf(s);
                if (colour != null) {
                    c.setCellStyle(style("status", null, colour));
                }
                return displayWidth(s);
            }
            default -> {
                String s = text(v.toString());
                c.setCellValue(s);
                return Math.min(displayWidth(s), 50);
            }
        }
    }

    /** Text longer than a cell holds is cut, with a mark (no published text comes near it). */
    private static String text(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }

    // ---------------------------------------------------------------- cover

    private void cover(Sheet sheet, PublishedRelease release, Map<String, Long> written) {
        PublishedRelease.Info info = release.info();
        int r = 0;
        put(sheet, r++, style("title", null, null), "zhibiao 指标发布 — 第 " + info.number() + " 批");
        if (info.synthetic()) {
            // Before anything else: every figure of this workbook was generated, none is official.
            put(sheet, r++, style("synthetic", null, null), info.dataNote());
            put(sheet, r++, style("synthetic", null, null),
                    "本批次由示例数据生成器合成的交付文件计算，仅供演示与测试，不得作为统计数据引用。");
        }
        put(sheet, r++, null, "十四五科技创新规划目标监测：已发布的目标差距表及相关表，按本批次发布时的版本导出（Delta 版本回读）。");
        r++;
        String fmt = "yyyy-MM-dd HH:mm:ss";
        Object[][] facts = {
            {"发布批次", info.number()},
            {"运行批次", info.runId()},
            {"数据截止日", info.cutoff().toString()},
            {"发布时间", info.publishedAt() == null ? "" : info.publishedAt().format(DateTimeFormatter.ofPattern(fmt))},
            {"导出时间", LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern(fmt))},
            {"指标值行数", info.indicatorValues()},
            {"目标差距行数", info.gapRows()},
            {"输入指纹", info.fingerprint()},
            {"数据性质", info.synthetic() ? info.dataNote() : "交付数据"},
        };
        for (Object[] f : facts) {
            Row row = sheet.createRow(r++);
            cellText(row, 0, f[0].toString(), style("key", null, null));
            if (f[1] instanceof Number n) {
                Cell c = row.createCell(1);
                c.setCellValue(n.doubleValue());
                c.setCellStyle(style("left", "0", null));
            } else {
                cellText(row, 1, String.valueOf(f[1]), null);
            }
        }
        r++;
        put(sheet, r++, style("title", null, null), "工作表");
        r = header(sheet, r, "工作表", "表", "内容", "行数");
        for (PublishedRelease.Table t : release.tables()) {
            Row row = sheet.createRow(r++);
            cellText(row, 0, t.name(), null);
            cellText(row, 1, t.titleZh(), null);
            cellText(row, 2, t.description(), null);
            Cell n = row.createCell(3);
            n.setCellValue(written.getOrDefault(t.name(), 0L));
            n.setCellStyle(style("left", "#,##0", null));
        }
        for (String m : release.missing()) {
            Row row = sheet.createRow(r++);
            cellText(row, 0, m, null);
            cellText(row, 1, PublishedRelease.DESCRIPTIONS.get(m)[0], null);
            cellText(row, 2, "本批次发布时尚无此表", null);
        }
        r++;
        put(sheet, r++, style("title", null, null), "读表说明");
        String[] notes = {
            "每张表第 1 行为中文列名，第 2 行为字段名（与 BI 工具、SQL 中的 published.<表>.<字段> 一致），数据从第 3 行起。",
            "比重、增速、进度等比例以百分数显示（单元格存小数，如 0.95 显示为 95.0%）；指标值按指标目录规定的小数位显示，亿元保留 2 位。",
            "x 表示按统计法保密要求不予公布的单元格（单位数不足、单一单位占比过高或连带隐藏），不是缺数；空白表示无数据或不适用。",
            "数值以 Excel 双精度存储（约 15 位有效数字）；需要精确小数请用同批次导出的 CSV 或 Arrow 文件。",
        };
        for (String note : notes) {
            put(sheet, r++, null, note);
        }
        r++;
        put(sheet, r++, style("title", null, null), "状态颜色");
        Object[][] legend = {
            {"已实现 / 达标 / 显著进展 / 按趋势可实现", ColumnFormat.StatusColour.GREEN},
            {"需加快 / 中等进展 / 需加快进度", ColumnFormat.StatusColour.AMBER},
            {"滞后 / 未实现 / 超出区间上限 / 低于区间下限 / 进展不足 / 偏离目标 / 趋势背离 / 按趋势超出区间上限 / 按趋势低于区间下限",
                ColumnFormat.StatusColour.RED},
            {"无数据 / 基期 / 无法评估", ColumnFormat.StatusColour.GREY},
        };
        for (Object[] l : legend) {
            Row row = sheet.createRow(r++);
            cellText(row, 0, l[0].toString(), style("status", null, (ColumnFormat.StatusColour) l[1]));
        }
        r++;
        put(sheet, r++, style("title", null, null), "指标定义");
        r = header(sheet, r, "指标代码", "指标", "单位", "小数位", "统计口径", "数据来源");
        if (release.tables().stream().anyMatch(t -> t.name().equals("indicators"))) {
            PublishedRelease.Table catalog = release.table("indicators");
            int[] at = {catalog.indexOf("indicator_id"), catalog.indexOf("indicator_zh"), catalog.indexOf("unit"),
                catalog.indexOf("decimals"), catalog.indexOf("definition"), catalog.indexOf("source")};
            int[] next = {r};
            catalog.forEach(cells -> {
                Row row = sheet.createRow(next[0]++);
                for (int k = 0; k < at.length; k++) {
                    if (at[k] < 0 || cells.value(at[k]) == null) {
                        continue;
                    }
                    if (k == 3) {
                        Cell c = row.createCell(k);
                        c.setCellValue(((Number) cells.value(at[k])).doubleValue());
                        c.setCellStyle(style("left", "0", null));
                    } else {
                        cellText(row, k, text(cells.string(at[k])), null);
                    }
                }
            });
        }
        int[] coverWidths = {24, 30, 60, 12, 60, 30};
        for (int i = 0; i < coverWidths.length; i++) {
            sheet.setColumnWidth(i, coverWidths[i] * 256);
        }
    }

    private int header(Sheet sheet, int r, String... labels) {
        Row row = sheet.createRow(r);
        for (int i = 0; i < labels.length; i++) {
            cellText(row, i, labels[i], style("label", null, null));
        }
        return r + 1;
    }

    private static void put(Sheet sheet, int r, CellStyle style, String text) {
        cellText(sheet.createRow(r), 0, text, style);
    }

    private static void cellText(Row row, int col, String text, CellStyle style) {
        Cell c = row.createCell(col);
        c.setCellValue(text);
        if (style != null) {
            c.setCellStyle(style);
        }
    }

    // ---------------------------------------------------------------- styles

    /** What a cached style is for. */
    private record StyleKey(String role, String format, ColumnFormat.StatusColour colour) {
    }

    /** Styles are workbook-wide and limited in number: one per (role, format, colour). */
    private CellStyle style(String role, String format, ColumnFormat.StatusColour colour) {
        return styles.computeIfAbsent(new StyleKey(role, format, colour), k -> {
            XSSFCellStyle s = (XSSFCellStyle) wb.createCellStyle();
            switch (role) {
                case "label" -> {
                    s.setFont(bold);
                    s.setFillForegroundColor(rgb("DDEBF7"));
                    s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                    s.setBorderBottom(BorderStyle.THIN);
                    s.setVerticalAlignment(VerticalAlignment.CENTER);
                }
                case "name" -> {
                    s.setFont(columnName);
                    s.setBorderBottom(BorderStyle.THIN);
                }
                case "title" -> s.setFont(title);
                case "synthetic" -> {
                    s.setFont(title);
                    s.setFillForegroundColor(rgb("FDEFC8"));
                    s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                }
                case "key" -> s.setFont(bold);
                case "left" -> s.setAlignment(HorizontalAlignment.LEFT);
                case "withheld" -> s.setAlignment(HorizontalAlignment.RIGHT);
                default -> {
                }
            }
            if (format != null) {
                s.setDataFormat(formats.getFormat(format));
            }
            if (colour != null) {
                s.setFillForegroundColor(rgb(colour.rgb()));
                s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            }
            return s;
        });
    }

    private static XSSFColor rgb(String hex) {
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        return new XSSFColor(b, new DefaultIndexedColorMap());
    }

    /** Characters a text takes on screen: a CJK character is about two Latin ones wide. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += s.charAt(i) > 0x2E80 ? 2 : 1;
        }
        return w;
    }
}
