package io.zhibiao.jobs.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The release as CSV files, one per published table, for Excel and anything else that reads CSV: UTF-8 with a
 * byte-order mark (so Excel on a Chinese Windows does not read it as GBK), one header row of Chinese column labels,
 * RFC 4180 quoting with CRLF line ends, decimals as plain text (no exponent), "x" for withheld cells. A README.txt
 * beside them maps each label to the column name of the published table.
 */
public final class CsvExport {

    public static final String BOM = "\uFEFF";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CsvExport() {
    }

    /** Writes {@code <table>.csv} per table and README.txt into {@code dir}; returns the rows written per table. */
    public static Map<String, Long> write(PublishedRelease release, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Long> written = new LinkedHashMap<>();
        for (PublishedRelease.Table t : release.tables()) {
            written.put(t.name(), table(t, dir.resolve(t.name() + ".csv")));
        }
        Files.writeString(dir.resolve("README.txt"), readme(release, written), StandardCharsets.UTF_8);
        return written;
    }

    private static long table(PublishedRelease.Table t, Path file) throws IOException {
        List<PublishedRelease.Col> cols = t.columns();
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        long[] rows = {0};
        try (OutputStream os = Files.newOutputStream(partial);
             Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))) {
            w.write(BOM);
            String[] header = new String[cols.size()];
            for (int i = 0; i < cols.size(); i++) {
                header[i] = cols.get(i).label();
            }
            w.write(line(header));
            t.forEach(cells -> {
                String[] fields = new String[cols.size()];
                for (int i = 0; i < cols.size(); i++) {
                    fields[i] = field(cols.get(i), cells, i);
                }
                try {
                    w.write(line(fields));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rows[0]++;
            });
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return rows[0];
    }

    /** One cell as CSV text. */
    static String field(PublishedRelease.Col col, PublishedRelease.Cells cells, int i) {
        Object v = cells.value(i);
        if (v == null) {
            return cells.withheld(i) ? ColumnFormat.WITHHELD : "";
        }
        return switch (col.kind()) {
            case FRACTION, DECIMAL -> ColumnFormat.plain(cells.decimal(i), col.kind(), 0);
            case INDICATOR_VALUE -> ColumnFormat.plain(cells.decimal(i), col.kind(), cells.decimals());
            case DATE -> cells.date(i).toString();
            case TIMESTAMP -> cells.timestamp(i).format(TIMESTAMP);
            default -> v.toString();
        };
    }

    /** One record, RFC 4180: a field with a comma, quote, line break or edge blank is quoted, quotes doubled. */
    static String line(String[] fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields[i] == null ? "" : fields[i];
            boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0
                    || (!f.isEmpty() && (Character.isWhitespace(f.charAt(0)) || Character.isWhitespace(f.charAt(f.length() - 1))));
            if (quote) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.append("\r\n").toString();
    }

    private static String readme(PublishedRelease release, Map<String, Long> written) {
        PublishedRelease.Info info = release.info();
        StringBuilder sb = new StringBuilder(BOM);
        sb.append("zhibiao 指标发布 第 ").append(info.number()).append(" 批 — CSV 导出\r\n");
        sb.append("运行批次 ").append(info.runId()).append("，数据截止日 ").append(info.cutoff()).append("\r\n\r\n");
        sb.append("编码 UTF-8（带 BOM，Excel 可直接打开），逗号分隔，RFC 4180 引号规则，CRLF 换行。\r\n");
        sb.append("每个文件一行表头，为中文列名；下表列出每个中文列名对应的字段名（published.<表>.<字段>）。\r\n");
        sb.append("小数按原值写出，不用科学计数法；比重、增速、进度为小数（0.95 即 95%）；指标值按指标规定的小数位写出。\r\n");
        sb.append("日期为 yyyy-MM-dd，时间为 yyyy-MM-dd HH:mm:ss（北京时间）。x 表示按保密规定不予公布的单元格，空白表示无数据或不适用。\r\n");
        for (PublishedRelease.Table t : release.tables()) {
            sb.append("\r\n").append(t.name()).append(".csv  ").append(t.titleZh()).append("（")
                    .append(written.getOrDefault(t.name(), 0L)).append(" 行）：").append(t.description()).append("\r\n");
            for (PublishedRelease.Col c : t.columns()) {
                sb.append("  ").append(c.label()).append("\t").append(c.name()).append("\r\n");
            }
        }
        if (!release.missing().isEmpty()) {
            sb.append("\r\n本批次发布时尚无：").append(String.join("、", release.missing())).append("\r\n");
        }
        return sb.toString();
    }
}
