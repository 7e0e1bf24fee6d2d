package io.zhibiao.indicators.publish;

import io.zhibiao.lake.CellKey;
import io.zhibiao.indicators.catalog.Indicator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a new release changes in values an earlier release already published: old value, new value, and the
 * delivered files that can have caused it (files refined since the previous release into a silver table the
 * indicator reads). New years and new regions are additions, not revisions; a cell published before and now
 * withheld (or the other way round) is not a revision of a value either.
 */
public final class Revisions {

    public record Revision(int release, int previousRelease, String indicatorId, String regionCode, int year,
                           BigDecimal oldValue, BigDecimal newValue, String causeTables, String causeFiles) {
    }

    private Revisions() {
    }

    /** Cell → published value, as the two releases show them. */
    public static List<Revision> between(int previousRelease, Map<CellKey, BigDecimal> previous, int release,
                                         Map<CellKey, BigDecimal> current, Map<String, Indicator> indicators,
                                         Map<String, List<String>> filesByTable) {
        List<Revision> out = new ArrayList<>();
        for (CellKey key : new TreeSet<>(current.keySet())) {
            BigDecimal old = previous.get(key);
            BigDecimal now = current.get(key);
            if (old == null || now == null || old.compareTo(now) == 0) {
                continue;
            }
            Indicator ind = indicators.get(key.indicatorId());
            Set<String> tables = ind == null ? Set.of() : ind.silverTablesRead();
            List<String> files = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            for (String t : tables) {
                List<String> f = filesByTable.getOrDefault(t, List.of());
                if (!f.isEmpty()) {
                    changed.add("silver." + t);
                    files.addAll(f);
                }
            }
            out.add(new Revision(release, previousRelease, key.indicatorId(), key.regionCode(), key.year(), old, now,
                    changed.isEmpty() ? "指标定义或目录变更（无新交付文件）" : String.join(", ", changed),
                    String.join(", ", new TreeSet<>(files))));
        }
        return out;
    }
}
