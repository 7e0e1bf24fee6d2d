package io.zhibiao.indicators.publish;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.indicators.catalog.Target;
import io.zhibiao.indicators.catalog.TargetCatalog;
import io.zhibiao.indicators.gap.TargetGap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The city's target-gap table as a terminal shows it: one line per target with data, Chinese labels, columns
 * aligned for CJK characters (two cells wide), the status last; targets without data listed after.
 */
public final class GapTableText {

    private GapTableText() {
    }

    /** Each target's row for the latest year up to {@code year} (or its only row). */
    public static String render(String cityName, String cityCode, int year, List<TargetGap.Row> gaps, TargetCatalog targets,
                                IndicatorCatalog indicators) {
        Map<String, TargetGap.Row> latest = new LinkedHashMap<>();
        for (Target t : targets.all()) {
            if (!t.region().equals(cityCode)) {
                continue;
            }
            for (TargetGap.Row r : gaps) {
                if (r.targetId().equals(t.id()) && r.year() <= year
                        && (latest.get(t.id()) == null || latest.get(t.id()).year() < r.year())) {
                    latest.put(t.id(), r);
                }
            }
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"目标", "指标", "单位", "基期", "年度", "实际", "目标值", "差距", "完成", "路径值", "状态",
            "增速比R", "Eurostat", "ESCAP预计"});
        List<String> noData = new ArrayList<>();
        for (var e : latest.entrySet()) {
            TargetGap.Row r = e.getValue();
            Target t = targets.all().stream().filter(x -> x.id().equals(e.getKey())).findFirst().orElseThrow();
            Indicator ind = indicators.find(t.indicator()).orElseThrow();
            if (r.status() == TargetGap.Status.NO_DATA) {
                noData.add(t.id());
                continue;
            }
            int d = t.kind() == Target.Kind.SHARE ? 1 : ind.decimals();
            String goal = r.targetMax() != null ? num(r.targetValue(), d) + "–" + num(r.targetMax(), d)
                    : symbol(r.comparator()) + num(r.targetValue(), d);
            lines.add(new String[] {t.id(), ind.nameZh(), t.kind() == Target.Kind.SHARE ? "%" : ind.unit(),
                r.baseYear() + ":" + num(r.baseValue(), d), String.valueOf(r.year()), num(r.actual(), d),
                r.targetYear() + ":" + goal, num(r.gap(), d), pct(r.achievedShare()), num(r.pathValue(), d), r.status().zh(),
                num(r.growthRatio(), 2), r.eurostatStatus() == null ? "—" : r.eurostatStatus().zh(),
                r.escapStatus() == null ? "—" : r.escapStatus().zh()});
        }
        StringBuilder sb = new StringBuilder();
        sb.append(cityName).append(" 目标差距表（").append(year).append("年，").append(lines.size() - 1)
                .append(" 项有数据的目标）").append('\n');
        int[] widths = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], width(l[i]));
            }
        }
        for (int k = 0; k < lines.size(); k++) {
            String[] l = lines.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                boolean right = (i >= 3 && i <= 9 || i == 11) && k > 0;
                String cell = l[i];
                String pad = " ".repeat(widths[i] - width(cell));
                line.append(right ? pad + cell : cell + pad).append(i < l.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (k == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        if (!noData.isEmpty()) {
            sb.append("无数据（尚无部门报送）: ").append(noData.size()).append(" 项 — ").append(String.join(" ", noData)).append('\n');
        }
        sb.append("状态：按规划路径的进度比（达标≥95%，需加快≥60%）；目标年已到而未达到为未实现，区间目标越过另一端为超出区间上限"
                + "（或低于区间下限），基期已达标后回落为滞后；增速比R = 实际/要求年均增速（Eurostat：≥0.95 显著进展，"
                + "0.60–0.95 中等，0–0.60 不足，<0 偏离）；ESCAP预计：按全部可得年份的加权趋势外推到目标年份。").append('\n');
        return sb.toString();
    }

    /** Terminal cells: CJK and full-width characters take two. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += wide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6);
    }

    private static String symbol(String comparator) {
        return switch (comparator) {
            case ">=" -> "≥";
            case "<=" -> "≤";
            case "approx" -> "≈";
            default -> comparator;
        };
    }

    static String num(BigDecimal v, int decimals) {
        return v == null ? "—" : v.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    static String pct(BigDecimal f) {
        return f == null ? "—" : f.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
