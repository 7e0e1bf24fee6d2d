package io.zhibiao.indicators.publish;

import io.zhibiao.lake.RegionYear;
import io.zhibiao.transforms.standard.RegionIndex;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which values are restated on today's boundaries: a unit's value for a year in which codes since retired into
 * it (吉利区 410306 and 孟津县 410322 into 孟津区 410308 from 2021) were still in use sums those codes' records.
 * The note names them, so a reader sees that 孟津区 2018 is 吉利区 + 孟津县, not a figure anyone reported then.
 */
public final class Restatement {

    private Restatement() {
    }

    /** "unit|year" → note, for every unit and year that is a restatement. */
    public static Map<RegionYear, String> notes(List<RegionIndex.Period> periods, Iterable<String> units, Iterable<Integer> years) {
        RegionIndex index = new RegionIndex(periods);
        Map<RegionYear, String> out = new TreeMap<>();
        for (String unit : units) {
            for (int y : years) {
                LocalDate first = LocalDate.of(y, 1, 1);
                LocalDate last = LocalDate.of(y, 12, 31);
                List<String> legacy = new ArrayList<>();
                for (RegionIndex.Period p : periods) {
                    boolean retiredIntoUnit = p.validTo() != null && !p.code().equals(unit) && unit.equals(index.current(p.code()));
                    boolean inUseThatYear = retiredIntoUnit && !p.validFrom().isAfter(last) && !p.validTo().isBefore(first);
                    if (inUseThatYear && !legacy.contains(p.name() + "(" + p.code() + ")")) {
                        legacy.add(p.name() + "(" + p.code() + ")");
                    }
                }
                if (!legacy.isEmpty()) {
                    out.put(RegionYear.of(unit, y), "按现行区划重述：含 " + String.join("、", legacy) + " (restated on current boundaries)");
                }
            }
        }
        return out;
    }
}
