package io.zhibiao.jobs.export;

import io.zhibiao.lake.Lake;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a release in the formats asked for, into one folder: {@code zhibiao-release-<N>.xlsx}, {@code csv/} and
 * {@code arrow/} (default {@code <lake>/exports/release-<N>/}).
 */
public final class Exporter {

    public enum Format {
        XLSX, CSV, ARROW;

        /** "xlsx", "csv" or "arrow", any case. */
        public static Format parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw io.zhibiao.lake.ZhibiaoErrors.unknownExportFormat(s, e);
            }
        }
    }

    /** What one format wrote: the file or folder and the data rows per table. */
    public record Written(Format format, Path path, Map<String, Long> rows) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private Exporter() {
    }

    public static Set<Format> formats(List<String> names) {
        Set<Format> out = EnumSet.noneOf(Format.class);
        for (String n : names) {
            out.add(Format.parse(n));
        }
        return out;
    }

    /** {@code <lake>/exports/release-<N>}, for a lake on local disk. */
    public static Path defaultFolder(Lake lake, int release) {
        return lake.localDirectory().orElseThrow(() -> io.zhibiao.lake.ZhibiaoErrors.exportNeedsOutFolder(lake.root()))
                .resolve("exports").resolve("release-" + release);
    }

    public static List<Written> export(PublishedRelease release, Set<Format> formats, Path folder) throws IOException {
        List<Written> out = new ArrayList<>();
        int n = release.info().number();
        for (Format f : formats) {
            switch (f) {
                case XLSX -> {
                    Path file = folder.resolve(WorkbookExport.fileName(n));
                    out.add(new Written(f, file, WorkbookExport.write(release, file)));
                }
                case CSV -> {
                    Path dir = folder.resolve("csv");
                    out.add(new Written(f, dir, CsvExport.write(release, dir)));
                }
                case ARROW -> {
                    Path dir = folder.resolve("arrow");
                    out.add(new Written(f, dir, ArrowExport.write(release, dir)));
                }
                default -> throw new IllegalStateException(f.name());
            }
        }
        return out;
    }
}
