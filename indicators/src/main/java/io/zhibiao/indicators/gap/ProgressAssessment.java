package io.zhibiao.indicators.gap;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.ProgressMethod;
import io.zhibiao.indicators.catalog.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Progress to a target by two published methods, in plain Java (indicators/METHODS-progress.md):
 * <ul>
 *   <li>Eurostat's growth ratio R = d · CAGR_o / |CAGR_r| with CAGR_o = (y_t/y_0)^(1/(t−t0)) − 1 and
 *       CAGR_r = (y_T/y_0)^(1/(T−t0)) − 1 (the stated rate for 年均增速 targets), d = −1 where lower is better,
 *       banded significant / moderate / insufficient / moving away; a target met is achieved;</li>
 *   <li>ESCAP's anticipated progress: the value projected for the target year T on the trend of the years
 *       t0…t, and A = (projected − y_0)/(y_T − y_0), the share of the planned change the trend delivers.</li>
 * </ul>
 * y_T is the level {@link TargetGap} holds the year against (base + increment for 新增, the lower end of a range,
 * the 左右 value with its tolerance band, base·(1+g)^(T−t0) for growth targets).
 */
public final class ProgressAssessment {

    public enum EurostatStatus {
        ACHIEVED("已实现", "target achieved"),
        SIGNIFICANT("显著进展", "significant progress"),
        MODERATE("中等进展", "moderate progress"),
        INSUFFICIENT("进展不足", "insufficient progress"),
        MOVING_AWAY("偏离目标", "moving away from the target"),
        NOT_ASSESSED("无法评估", "not assessed");

        private final String zh;
        private final String en;

        EurostatStatus(String zh, String en) {
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

    public enum EscapStatus {
        ACHIEVED("已实现", "target achieved"),
        ON_TRACK("按趋势可实现", "on track: maintain progress"),
        NEEDS_ACCELERATION("需加快进度", "accelerate progress"),
        REGRESSING("趋势背离", "regressing: reverse the trend"),
        NOT_ASSESSED("无法评估", "not assessed");

        private final String zh;
        private final String en;

        EscapStatus(String zh, String en) {
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

    /**
     * One target in one year. Growth rates and ratios are fractions, null where they cannot be formed.
     *
     * @param method           the method id of the catalog, with "/linear_share" when a zero base used the linear share
     * @param years            the years used, base year–evaluation year ("2020–2024")
     * @param observedGrowth   CAGR_o
     * @param requiredGrowth   CAGR_r
     * @param growthRatio      R
     * @param projected        the value projected for the target year
     * @param anticipatedRatio A
     * @param reason           why both statuses were given, in Chinese
     */
    public record Result(String method, String years, Double observedGrowth, Double requiredGrowth, Double growthRatio,
                         EurostatStatus eurostat, BigDecimal projected, Double anticipatedRatio, EscapStatus escap,
                         String reason) {
    }

    static final double SMALL_CONSTANT = 0.001;

    private ProgressAssessment() {
    }

    /**
     * @param series the region's values by year (the base year's may be absent when the plan prints the base)
     * @param base   the base value in use: the plan's, or the lake's base-year value where the plan prints "—"
     * @param year   the evaluation year t, after the base year, with a value in {@code series}
     */
    public static Result assess(Target target, Indicator.Direction direction, Map<Integer, BigDecimal> series,
                                BigDecimal base, int year, ProgressMethod method) {
        int t0 = target.base().year();
        String years = t0 + "–" + year;
        BigDecimal actual = series.get(year);
        if (base == null || actual == null || year <= t0) {
            return notAssessed(method.id(), years, base == null ? "缺少基期值，无法评估进展" : "缺少评估年度数据，无法评估进展");
        }
        Target.Milestone m = TargetGap.milestoneFor(target, year);
        int bigT = m.year();
        BigDecimal level = TargetGap.level(target, m, base);
        boolean lower = TargetGap.lowerIsBetter(target, direction);
        boolean growthKind = target.kind() == Target.Kind.ANNUAL_GROWTH;
        Double observed = TargetGap.cagr(base, actual, year - t0);
        boolean met = TargetGap.met(target, m, actual, level, observed, lower);
        String targetText = TargetGap.describe(target, m, level);

        // --- Eurostat growth ratio
        ProgressMethod.Eurostat e = method.eurostat();
        String methodId = method.id();
        Double cagrO = null;
        Double cagrR = null;
        Double ratio = null;
        String eWhy;
        boolean zeroBase = base.signum() == 0;
        if (zeroBase && e.zeroBase() == ProgressMethod.ZeroBase.LINEAR_SHARE) {
            methodId = methodId + "/linear_share";
            if (!growthKind && level.signum() != 0) {
                double share = actual.subtract(base).divide(level.subtract(base), 12, RoundingMode.HALF_UP).doubleValue();
                double elapsed = (double) (year - t0) / (bigT - t0);
                ratio = share / elapsed;
                eWhy = "基期值为0，增速无定义，改用线性进度：完成规划增量 " + TargetGap.percent(share) + "，时间过半比 "
                        + TargetGap.percent(elapsed) + "，比值 R=" + fixed(ratio);
            } else {
                eWhy = "基期值为0，增速与规划增量均无定义";
            }
        } else {
            BigDecimal from = zeroBase ? BigDecimal.valueOf(SMALL_CONSTANT) : base;
            cagrO = TargetGap.cagr(from, actual, year - t0);
            cagrR = growthKind ? Double.valueOf(TargetGap.growthTarget(m))
                    : TargetGap.cagr(from, level.signum() == 0 ? BigDecimal.valueOf(SMALL_CONSTANT) : level, bigT - t0);
            String prefix = zeroBase ? "基期值0按 " + SMALL_CONSTANT + " 计（Open SDG），" : "";
            if (cagrO == null || cagrR == null) {
                eWhy = prefix + "数值非正，复合增速无定义";
            } else if (cagrR == 0) {
                eWhy = prefix + "目标值等于基期值，要求增速为0";
            } else {
                ratio = (lower ? -cagrO : cagrO) / Math.abs(cagrR);
                eWhy = prefix + years + "年实际年均增速 " + TargetGap.percent(cagrO) + "，要求 " + TargetGap.percent(cagrR)
                        + "（" + t0 + "–" + bigT + "年），比值 R=" + fixed(ratio);
            }
        }
        EurostatStatus eStatus;
        if (met) {
            eStatus = EurostatStatus.ACHIEVED;
        } else if (ratio == null) {
            boolean away = cagrO != null && (lower ? cagrO > 0 : cagrO < 0);
            eStatus = away ? EurostatStatus.MOVING_AWAY : EurostatStatus.NOT_ASSESSED;
        } else {
            eStatus = ratio >= e.significant() ? EurostatStatus.SIGNIFICANT
                    : ratio >= e.moderate() ? EurostatStatus.MODERATE
                    : ratio >= e.insufficient() ? EurostatStatus.INSUFFICIENT : EurostatStatus.MOVING_AWAY;
        }

        // --- ESCAP anticipated progress
        ProgressMethod.Escap a = method.escap();
        BigDecimal projected;
        String how;
        if (year >= bigT) {
            projected = actual;
            how = "目标年已到，取" + year + "年实际值";
        } else {
            TreeMap<Integer, BigDecimal> points = new TreeMap<>();
            for (var p : series.entrySet()) {
                if (p.getKey() > t0 && p.getKey() <= year && p.getValue() != null) {
                    points.put(p.getKey(), p.getValue());
                }
            }
            points.put(t0, base);
            Double viaCagr = TargetGap.cagr(base, actual, year - t0);
            if (a.projection() == ProgressMethod.Projection.CAGR && viaCagr != null) {
                projected = actual.multiply(BigDecimal.valueOf(Math.pow(1 + viaCagr, bigT - year)));
                how = "按" + years + "年年均增速 " + TargetGap.percent(viaCagr) + " 外推";
            } else {
                projected = BigDecimal.valueOf(weightedLinear(points, t0, bigT));
                how = "按" + years + "年加权线性趋势（" + points.size() + "个年度，近年权重大）外推";
            }
        }
        Double anticipated = level.compareTo(base) == 0 ? null
                : projected.subtract(base).divide(level.subtract(base), 12, RoundingMode.HALF_UP).doubleValue();
        boolean projectionMeets = growthKind ? projected.compareTo(level) >= 0
                : TargetGap.met(target, m, projected, level, null, lower);
        EscapStatus aStatus;
        if (met) {
            aStatus = EscapStatus.ACHIEVED;
        } else if (year >= bigT) {
            aStatus = anticipated != null && anticipated < a.regressing() ? EscapStatus.REGRESSING
                    : EscapStatus.NEEDS_ACCELERATION;
        } else if (projectionMeets || (anticipated != null && anticipated >= a.onTrack())) {
            aStatus = EscapStatus.ON_TRACK;
        } else if (anticipated == null) {
            aStatus = EscapStatus.NOT_ASSESSED;
        } else {
            aStatus = anticipated >= a.regressing() ? EscapStatus.NEEDS_ACCELERATION : EscapStatus.REGRESSING;
        }
        String aWhy = how + "，预计" + bigT + "年 " + TargetGap.plain(round(projected))
                + (anticipated == null ? "" : "，为规划增量的 " + TargetGap.percent(anticipated));

        String lead = met ? year + "年实际 " + TargetGap.plain(actual) + "，已达到目标 " + targetText
                : year >= bigT ? bigT + "年目标 " + targetText + " 未实现，实际 " + TargetGap.plain(actual)
                : "目标 " + targetText + "（" + bigT + "年）";
        if (m.isRange() && actual.compareTo(m.max()) > 0) {
            lead = lead + "，已超出区间上限 " + TargetGap.plain(m.max());
        }
        String reason = lead + "。Eurostat：" + eWhy + " → " + eStatus.zh() + "。ESCAP：" + aWhy + " → " + aStatus.zh() + "。";
        return new Result(methodId, years, cagrO, cagrR, ratio, eStatus, round(projected), anticipated, aStatus, reason);
    }

    /** Weighted least squares of value on year, weight (year − t0 + 1) so later years count more, evaluated at T. */
    static double weightedLinear(Map<Integer, BigDecimal> points, int t0, int bigT) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (var p : points.entrySet()) {
            double w = p.getKey() - t0 + 1;
            sw += w;
            sx += w * p.getKey();
            sy += w * p.getValue().doubleValue();
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxy = 0;
        double sxx = 0;
        for (var p : points.entrySet()) {
            double w = p.getKey() - t0 + 1;
            sxy += w * (p.getKey() - mx) * (p.getValue().doubleValue() - my);
            sxx += w * (p.getKey() - mx) * (p.getKey() - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return my + slope * (bigT - mx);
    }

    private static Result notAssessed(String method, String years, String why) {
        return new Result(method, years, null, null, null, EurostatStatus.NOT_ASSESSED, null, null,
                EscapStatus.NOT_ASSESSED, why);
    }

    private static BigDecimal round(BigDecimal v) {
        return v == null ? null : v.setScale(6, RoundingMode.HALF_UP);
    }

    private static String fixed(double v) {
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).toPlainString();
    }
}
