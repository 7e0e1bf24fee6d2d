package io.zhibiao.indicators.gap;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.ProgressMethod;
import io.zhibiao.indicators.catalog.StatusBands;
import io.zhibiao.indicators.catalog.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where an indicator stands against a plan target, year by year, in plain Java.
 *
 * <p>For a year t between the base year t0 and the target year T (the next milestone at or after t):
 * <ul>
 *   <li>path value: what the plan implies for t — linear from the base (or the previous milestone) to the
 *       milestone for level, increment and share targets; constant growth b·(1+g)^(t−t0) for growth targets;</li>
 *   <li>gap: target − actual (actual − target where lower is better);</li>
 *   <li>achieved share: (actual − base) / (target − base), the share of the planned change made so far;</li>
 *   <li>growth: required (target/base)^(1/(T−t0)) − 1, actual (actual/base)^(1/(t−t0)) − 1, and the growth
 *       still needed (target/actual)^(1/(T−t)) − 1;</li>
 *   <li>progress p = (actual − base) / (path − base) (for growth targets: actual growth / required growth),
 *       and the status from p and the declared bands: 已实现 when the target is met, then 达标, 需加快, 滞后.</li>
 * </ul>
 * Before the bands: a target year that has come without the target met is 未实现 (with the shortfall); a value
 * outside a range target on the side it is not approached from is 超出区间上限 / 低于区间下限; a target the base year
 * already met and the value has fallen back from is 滞后 — there is no planned change to measure p along, so p is
 * not formed.
 */
public final class TargetGap {

    public enum Status {
        ACHIEVED("已实现", "achieved"),
        ON_TRACK("达标", "on track"),
        NEEDS_ACCELERATION("需加快", "needs acceleration"),
        OFF_TRACK("滞后", "off track"),
        ABOVE_RANGE("超出区间上限", "above range"),
        BELOW_RANGE("低于区间下限", "below range"),
        MISSED("未实现", "target missed"),
        BASE_YEAR("基期", "base year"),
        NO_DATA("无数据", "no data");

        private final String zh;
        private final String en;

        Status(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        public String zh() {
            return zh;
        }

        public String en() {
            return en;
        }
    }

    /** One target in one year. Numbers are null where they cannot be formed; growth rates are fractions. */
    public record Row(
            String targetId,
            String regionCode,
            int year,
            BigDecimal actual,
            int baseYear,
            BigDecimal baseValue,
            String baseSource,
            int targetYear,
            BigDecimal targetValue,
            BigDecimal targetMax,
            String comparator,
            BigDecimal gap,
            BigDecimal achievedShare,
            BigDecimal pathValue,
            String pathMethod,
            BigDecimal requiredGrowth,
            BigDecimal actualGrowth,
            BigDecimal neededGrowth,
            BigDecimal progress,
            Status status,
            String reason,
            String progressMethod,
            String progressYears,
            BigDecimal growthRatio,
            ProgressAssessment.EurostatStatus eurostatStatus,
            BigDecimal projectedValue,
            BigDecimal anticipatedRatio,
            ProgressAssessment.EscapStatus escapStatus,
            String progressReason) {
    }

    private static final int SCALE = 6;

    private TargetGap() {
    }

    /**
     * Evaluates {@code target} over the years of {@code series} (region value per year, already a share in %
     * for share targets) from the year after the base to the last milestone.
     */
    public static List<Row> evaluate(Target target, Indicator.Direction direction, Map<Integer, BigDecimal> series,
                                     StatusBands bands, ProgressMethod method) {
        List<Row> rows = new ArrayList<>();
        int t0 = target.base().year();
        int last = target.last().year();
        BigDecimal base = target.base().value();
        String baseSource = "规划";
        if (base == null || target.kind() == Target.Kind.INCREMENT || target.kind() == Target.Kind.SHARE
                || target.kind() == Target.Kind.ANNUAL_GROWTH) {
            base = series.get(t0);
            baseSource = "数据";
        }
        TreeSet<Integer> years = new TreeSet<>();
        for (int y : series.keySet()) {
            if (y > t0 && y <= last && series.get(y) != null) {
                years.add(y);
            }
        }
        if (base == null) {
            rows.add(noData(target, last, series.isEmpty() ? "指标或地区无数据" : "缺少基期（" + t0 + "年）数据", method));
            return rows;
        }
        if (years.isEmpty()) {
            Target.Milestone m = target.milestones().get(0);
            rows.add(new Row(target.id(), target.region(), t0, series.get(t0), t0, round(base), baseSource, m.year(),
                    round(level(target, m, base)), round(m.max()), comparator(target, m), null, null, round(base),
                    pathMethod(target), null, null, null, null,
                    series.get(t0) == null ? Status.NO_DATA : Status.BASE_YEAR,
                    series.get(t0) == null ? "规划期内尚无数据" : "规划期尚未开始，" + t0 + "年为基期",
                    method.id(), null, null, ProgressAssessment.EurostatStatus.NOT_ASSESSED, null, null,
                    ProgressAssessment.EscapStatus.NOT_ASSESSED, "规划期内尚无评估年度，无法评估进展"));
            return rows;
        }
        for (int y : years) {
            rows.add(row(target, direction, bands, series.get(y), y, base, baseSource,
                    ProgressAssessment.assess(target, direction, series, base, y, method)));
        }
        return rows;
    }

    private static Row row(Target target, Indicator.Direction direction, StatusBands bands, BigDecimal actual, int y,
                           BigDecimal base, String baseSource, ProgressAssessment.Result p) {
        int t0 = target.base().year();
        int index = 0;
        while (target.milestones().get(index).year() < y) {
            index++;
        }
        Target.Milestone m = target.milestones().get(index);
        BigDecimal goal = level(target, m, base);
        int anchorYear = index == 0 ? t0 : target.milestones().get(index - 1).year();
        BigDecimal anchor = index == 0 ? base : level(target, target.milestones().get(index - 1), base);
        boolean lowerIsBetter = lowerIsBetter(target, direction);

        BigDecimal path;
        if (target.kind() == Target.Kind.ANNUAL_GROWTH) {
            path = base.multiply(BigDecimal.valueOf(Math.pow(1 + growthTarget(m), y - t0)));
        } else {
            path = anchor.add(goal.subtract(anchor).multiply(BigDecimal.valueOf(y - anchorYear))
                    .divide(BigDecimal.valueOf(m.year() - anchorYear), 12, RoundingMode.HALF_UP));
        }
        BigDecimal gap = lowerIsBetter ? actual.subtract(goal) : goal.subtract(actual);
        // A base that already meets the milestone asks for no change: shares and progress along a path are not formed.
        boolean baseMet = baseMet(target, m, base, goal, lowerIsBetter);
        BigDecimal achievedShare = goal.compareTo(base) == 0 || baseMet ? null
                : actual.subtract(base).divide(goal.subtract(base), 12, RoundingMode.HALF_UP);
        Double required = target.kind() == Target.Kind.ANNUAL_GROWTH ? Double.valueOf(growthTarget(m))
                : cagr(base, goal, m.year() - t0);
        Double observed = cagr(base, actual, y - t0);
        Double needed = m.year() > y ? cagr(actual, goal, m.year() - y) : null;

        Double progress;
        if (target.kind() == Target.Kind.ANNUAL_GROWTH) {
            progress = observed == null ? null : observed / growthTarget(m);
        } else if (baseMet) {
            progress = null;
        } else if (path.compareTo(base) == 0) {
            progress = (lowerIsBetter ? actual.compareTo(base) <= 0 : actual.compareTo(base) >= 0) ? 1.0 : 0.0;
        } else {
            progress = actual.subtract(base).divide(path.subtract(base), 12, RoundingMode.HALF_UP).doubleValue();
        }

        boolean met = met(target, m, actual, goal, observed, lowerIsBetter);
        Outside outside = outside(target, m, actual);
        Status status;
        String why;
        String targetText = describe(target, m, goal);
        if (met) {
            status = Status.ACHIEVED;
            why = y + "年实际 " + plain(actual) + "，已达到目标 " + targetText;
        } else if (y >= m.year()) {
            status = Status.MISSED;
            why = missed(target, m, goal, actual, observed, lowerIsBetter) + (baseMet ? baseHadMet(t0, base) : "");
        } else if (outside != null) {
            status = outside == Outside.ABOVE ? Status.ABOVE_RANGE : Status.BELOW_RANGE;
            why = "实际 " + plain(actual) + "，" + outsideText(m, actual, outside);
        } else if (baseMet) {
            status = Status.OFF_TRACK;
            why = t0 + "年基期值 " + plain(base) + " 已达到目标 " + targetText + "，" + y + "年实际 " + plain(actual)
                    + (lowerIsBetter ? " 已高于目标" : " 已低于目标") + "（差 " + plain(gap) + "）";
        } else if (progress == null) {
            status = Status.NO_DATA;
            why = "无法计算进度";
        } else {
            status = progress >= bands.onTrack() ? Status.ON_TRACK
                    : progress >= bands.needsAcceleration() ? Status.NEEDS_ACCELERATION : Status.OFF_TRACK;
            why = target.kind() == Target.Kind.ANNUAL_GROWTH
                    ? "年均增速 " + percent(observed) + "，要求 " + percent(required) + "（进度 " + percent(progress) + "）"
                    : "实际 " + plain(actual) + "，路径值 " + plain(round(path)) + "（进度 " + percent(progress) + "，"
                            + "达标线 " + percent(bands.onTrack()) + "，需加快线 " + percent(bands.needsAcceleration()) + "）";
        }
        return new Row(target.id(), target.region(), y, actual, t0, round(base), baseSource, m.year(), round(goal),
                round(m.isRange() ? m.max() : null), comparator(target, m), round(gap), round(achievedShare), round(path),
                pathMethod(target), round(required), round(observed), round(needed), round(progress), status, why,
                p.method(), p.years(), round(p.growthRatio()), p.eurostat(), round(p.projected()), round(p.anticipatedRatio()),
                p.escap(), p.reason());
    }

    /** The level a milestone asks for: its value, base × multiplier, base + increment, or the growth path's end. */
    static BigDecimal level(Target target, Target.Milestone m, BigDecimal base) {
        if (target.kind() == Target.Kind.ANNUAL_GROWTH) {
            return base.multiply(BigDecimal.valueOf(Math.pow(1 + growthTarget(m), m.year() - target.base().year())));
        }
        if (target.multiplier() != null) {
            return base.multiply(target.multiplier());
        }
        if (m.isRange()) {
            return target.approach() == Target.Approach.FROM_ABOVE ? m.max() : m.min();
        }
        if (target.kind() == Target.Kind.INCREMENT) {
            return base.add(m.value());
        }
        return m.value();
    }

    /** ≤ and < targets, 左右 targets of an indicator where lower is better, and ranges approached from above. */
    static boolean lowerIsBetter(Target target, Indicator.Direction direction) {
        return target.approach() == Target.Approach.FROM_ABOVE
                || target.comparator() == Target.Comparator.AT_MOST
                || target.comparator() == Target.Comparator.LESS_THAN
                || (direction == Indicator.Direction.DOWN && target.comparator() == Target.Comparator.APPROX);
    }

    /** The milestone a year is measured against: the first at or after it (the last one after the plan). */
    static Target.Milestone milestoneFor(Target target, int year) {
        for (Target.Milestone m : target.milestones()) {
            if (m.year() >= year) {
                return m;
            }
        }
        return target.last();
    }

    static double growthTarget(Target.Milestone m) {
        return m.value().doubleValue() / 100.0;
    }

    static boolean met(Target target, Target.Milestone m, BigDecimal actual, BigDecimal goal, Double observed,
                               boolean lowerIsBetter) {
        if (target.kind() == Target.Kind.ANNUAL_GROWTH) {
            return observed != null && observed >= growthTarget(m) - 1e-12;
        }
        if (m.isRange()) {
            return actual.compareTo(m.min()) >= 0 && actual.compareTo(m.max()) <= 0;
        }
        return switch (target.comparator()) {
            case AT_LEAST, RANGE -> actual.compareTo(goal) >= 0;
            case MORE_THAN -> actual.compareTo(goal) > 0;
            case AT_MOST -> actual.compareTo(goal) <= 0;
            case LESS_THAN -> actual.compareTo(goal) < 0;
            case APPROX -> {
                BigDecimal tol = tolerance(target, goal);
                yield lowerIsBetter ? actual.compareTo(goal.add(tol)) <= 0 : actual.compareTo(goal.subtract(tol)) >= 0;
            }
        };
    }

    /** The ± band of an approx (左右) target: declared, or 5 % of the value. */
    public static BigDecimal tolerance(Target target, BigDecimal goal) {
        return target.tolerance() != null ? target.tolerance()
                : goal.abs().multiply(new BigDecimal("0.05"));
    }

    /** The side of a range a value has left it on, where that is not the side the target is approached from. */
    enum Outside { ABOVE, BELOW }

    /** ABOVE past a range's max (approached from below), BELOW under its min (approached from above), else null. */
    static Outside outside(Target target, Target.Milestone m, BigDecimal v) {
        if (!m.isRange() || v == null) {
            return null;
        }
        if (target.approach() == Target.Approach.FROM_ABOVE) {
            return v.compareTo(m.min()) < 0 ? Outside.BELOW : null;
        }
        return v.compareTo(m.max()) > 0 ? Outside.ABOVE : null;
    }

    static String outsideText(Target.Milestone m, BigDecimal v, Outside side) {
        String range = plain(m.min()) + "–" + plain(m.max());
        return side == Outside.ABOVE
                ? "超出目标区间 " + range + " 的上限 " + plain(m.max()) + "（超出 " + plain(v.subtract(m.max())) + "）"
                : "低于目标区间 " + range + " 的下限 " + plain(m.min()) + "（低 " + plain(m.min().subtract(v)) + "）";
    }

    /** The base value meets the milestone already (growth targets: never, a rate is not met by a level). */
    static boolean baseMet(Target target, Target.Milestone m, BigDecimal base, BigDecimal goal, boolean lowerIsBetter) {
        return target.kind() != Target.Kind.ANNUAL_GROWTH && met(target, m, base, goal, null, lowerIsBetter);
    }

    static String baseHadMet(int t0, BigDecimal base) {
        return "；" + t0 + "年基期值 " + plain(base) + " 曾达到目标";
    }

    /** Why a target whose year has come is missed, with the shortfall (and its share of the target). */
    static String missed(Target target, Target.Milestone m, BigDecimal goal, BigDecimal actual, Double observed,
                         boolean lowerIsBetter) {
        String lead = m.year() + "年目标 " + describe(target, m, goal) + " 未实现：实际 " + plain(actual) + "，";
        Outside side = outside(target, m, actual);
        if (side != null) {
            return lead + outsideText(m, actual, side);
        }
        if (target.kind() == Target.Kind.ANNUAL_GROWTH) {
            double g = growthTarget(m);
            return lead + "年均增速 " + percent(observed) + "，要求 " + percent(g)
                    + (observed == null ? "" : "（差 " + BigDecimal.valueOf((g - observed) * 100).setScale(1, RoundingMode.HALF_UP)
                            .toPlainString() + " 个百分点）");
        }
        BigDecimal shortfall = lowerIsBetter ? actual.subtract(goal) : goal.subtract(actual);
        return lead + "差 " + plain(shortfall) + (goal.signum() == 0 ? ""
                : "（目标的 " + percent(shortfall.divide(goal.abs(), 12, RoundingMode.HALF_UP).doubleValue()) + "）");
    }

    private static String comparator(Target target, Target.Milestone m) {
        return m.isRange() ? "range" : target.comparator().symbol();
    }

    private static String pathMethod(Target target) {
        return target.kind() == Target.Kind.ANNUAL_GROWTH ? "constant growth" : "linear";
    }

    static String describe(Target target, Target.Milestone m, BigDecimal goal) {
        if (m.isRange()) {
            return plain(m.min()) + "–" + plain(m.max());
        }
        if (target.kind() == Target.Kind.ANNUAL_GROWTH) {
            return "年均增速≥" + plain(m.value()) + "%";
        }
        return switch (target.comparator()) {
            case AT_LEAST -> "≥" + plain(goal);
            case MORE_THAN -> ">" + plain(goal);
            case AT_MOST -> "≤" + plain(goal);
            case LESS_THAN -> "<" + plain(goal);
            case APPROX -> plain(goal) + "左右（±" + plain(tolerance(target, goal)) + "）";
            case RANGE -> plain(goal);
        };
    }

    private static Row noData(Target target, int year, String why, ProgressMethod method) {
        Target.Milestone m = target.last();
        return new Row(target.id(), target.region(), year, null, target.base().year(), target.base().value(), "规划",
                m.year(), !m.isRange() ? m.value() : target.approach() == Target.Approach.FROM_ABOVE ? m.max() : m.min(),
                m.isRange() ? m.max() : null, comparator(target, m), null,
                null, null, pathMethod(target), null, null, null, null, Status.NO_DATA, why, method.id(), null, null,
                ProgressAssessment.EurostatStatus.NOT_ASSESSED, null, null, ProgressAssessment.EscapStatus.NOT_ASSESSED, why);
    }

    /** Compound annual growth from a to b over n years, or null where it is not defined. */
    static Double cagr(BigDecimal from, BigDecimal to, int years) {
        if (from == null || to == null || years <= 0 || from.signum() <= 0 || to.signum() < 0) {
            return null;
        }
        return Math.pow(to.doubleValue() / from.doubleValue(), 1.0 / years) - 1;
    }

    private static BigDecimal round(BigDecimal v) {
        return v == null ? null : v.setScale(SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal round(Double v) {
        return v == null ? null : BigDecimal.valueOf(v).setScale(SCALE, RoundingMode.HALF_UP);
    }

    static String plain(BigDecimal v) {
        return v == null ? "—" : v.setScale(Math.min(Math.max(v.stripTrailingZeros().scale(), 0), 2), RoundingMode.HALF_UP)
                .toPlainString();
    }

    static String percent(Double f) {
        return f == null ? "—" : BigDecimal.valueOf(f * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
