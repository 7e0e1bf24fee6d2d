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
 *   <li>ESCAP's anticipated progress: the value projected for the target year T on the time-weighted trend of the
 *       declared window (every available year up to t, or t0…t), and A = (projected − y_0)/(y_T − y_0), the share of
 *       the planned change the trend delivers.</li>
 * </ul>
 * Both say 未实现 (missed) once the target year has come without the target met — the label the growth or the trend
 * would have given is kept in the reason as context — and 超出区间上限 / 低于区间下限 outside a range on the side it
 * is not approached from. Where the base already met the target there is no planned change: Eurostat says moving away
 * when the value falls back, ESCAP judges the projection against the target alone (A is not formed).
 * <p>y_T is the level {@link TargetGap} holds the year against (base + increment for 新增, the end of a range it is
 * approached from, the 左右 value with its tolerance band, base·(1+g)^(T−t0) for growth targets).
 */
public final class ProgressAssessment {

    public enum EurostatStatus {
        ACHIEVED("已实现", "target achieved"),
        SIGNIFICANT("显著进展", "significant progress"),
        MODERATE("中等进展", "moderate progress"),
        INSUFFICIENT("进展不足", "insufficient progress"),
        MOVING_AWAY("偏离目标", "moving away from the target"),
        ABOVE_RANGE("超出区间上限", "above the range"),
        BELOW_RANGE("低于区间下限", "below the range"),
        MISSED("未实现", "target missed"),
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
        ABOVE_RANGE("按趋势超出区间上限", "trend leads above the range"),
        BELOW_RANGE("按趋势低于区间下限", "trend leads below the range"),
        MISSED("未实现", "target missed"),
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
     * @param years            the years used: the first year of ESCAP's regression window (or the base year)–evaluation
     *                         year ("2015–2024"); Eurostat's growth always runs from the base year
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
        BigDecimal actual = series.get(year);
        if (base == null || actual == null || year <= t0) {
            return notAssessed(method.id(), t0 + "–" + year,
                    base == null ? "缺少基期值，无法评估进展" : "缺少评估年度数据，无法评估进展");
        }
        String years = t0 + "–" + year;
        Target.Milestone m = TargetGap.milestoneFor(target, year);
        int bigT = m.year();
        BigDecimal level = TargetGap.level(target, m, base);
        boolean lower = TargetGap.lowerIsBetter(target, direction);
        boolean growthKind = target.kind() == Target.Kind.ANNUAL_GROWTH;
        Double observed = TargetGap.cagr(base, actual, year - t0);
        boolean met = TargetGap.met(target, m, actual, level, observed, lower);
        boolean due = year >= bigT;
        boolean baseMet = TargetGap.baseMet(target, m, base, level, lower);
        TargetGap.Outside outside = TargetGap.outside(target, m, actual);
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
        // What the growth alone says; a base that met the target and a value below it is moving away, whatever R.
        EurostatStatus byGrowth;
        if (baseMet) {
            byGrowth = EurostatStatus.MOVING_AWAY;
        } else if (ratio == null) {
            boolean away = cagrO != null && (lower ? cagrO > 0 : cagrO < 0);
            byGrowth = away ? EurostatStatus.MOVING_AWAY : EurostatStatus.NOT_ASSESSED;
        } else {
            byGrowth = ratio >= e.significant() ? EurostatStatus.SIGNIFICANT
                    : ratio >= e.moderate() ? EurostatStatus.MODERATE
                    : ratio >= e.insufficient() ? EurostatStatus.INSUFFICIENT : EurostatStatus.MOVING_AWAY;
        }
        EurostatStatus eStatus = met ? EurostatStatus.ACHIEVED
                : due ? EurostatStatus.MISSED
                : outside == TargetGap.Outside.ABOVE ? EurostatStatus.ABOVE_RANGE
                : outside == TargetGap.Outside.BELOW ? EurostatStatus.BELOW_RANGE
                : byGrowth;

        // --- ESCAP anticipated progress
        ProgressMethod.Escap a = method.escap();
        BigDecimal projected;
        String how;
        if (due) {
            projected = actual;
            how = "目标年已到，取" + year + "年实际值";
        } else {
            Double viaCagr = TargetGap.cagr(base, actual, year - t0);
            if (a.projection() == ProgressMethod.Projection.CAGR && viaCagr != null) {
                projected = actual.multiply(BigDecimal.valueOf(Math.pow(1 + viaCagr, bigT - year)));
                how = "按" + years + "年年均增速 " + TargetGap.percent(viaCagr) + " 外推";
            } else {
                TreeMap<Integer, BigDecimal> points = window(series, t0, base, year, a.window());
                years = points.firstKey() + "–" + year;
                projected = BigDecimal.valueOf(weightedLinear(points, bigT));
                how = "按" + years + "年加权线性趋势（" + points.size() + "个年度，近年权重大）外推";
            }
        }
        // A needs a planned change: none where the milestone equals the base or the base already met it.
        Double anticipated = level.compareTo(base) == 0 || baseMet ? null
                : projected.subtract(base).divide(level.subtract(base), 12, RoundingMode.HALF_UP).doubleValue();
        boolean projectionMeets = growthKind ? projected.compareTo(level) >= 0
                : TargetGap.met(target, m, projected, level, null, lower);
        TargetGap.Outside projectedOutside = TargetGap.outside(target, m, projected);
        // What the trend alone says (at the target year the projection is the actual value, which did not meet it).
        EscapStatus byTrend;
        if (projectedOutside != null) {
            byTrend = projectedOutside == TargetGap.Outside.ABOVE ? EscapStatus.ABOVE_RANGE : EscapStatus.BELOW_RANGE;
        } else if (anticipated == null) {
            byTrend = projectionMeets && !due ? EscapStatus.ON_TRACK : EscapStatus.REGRESSING;
        } else if (due) {
            byTrend = anticipated < a.regressing() ? EscapStatus.REGRESSING : EscapStatus.NEEDS_ACCELERATION;
        } else if (projectionMeets || anticipated >= a.onTrack()) {
            byTrend = EscapStatus.ON_TRACK;
        } else {
            byTrend = anticipated >= a.regressing() ? EscapStatus.NEEDS_ACCELERATION : EscapStatus.REGRESSING;
        }
        EscapStatus aStatus = met ? EscapStatus.ACHIEVED : due ? EscapStatus.MISSED : byTrend;
        String aWhy = (baseMet && !met ? "基期已达到目标，规划未要求变化，不计预计进展比；" : "")
                + how + "，预计" + bigT + "年 " + TargetGap.plain(round(projected))
                + (anticipated == null ? (met || due ? "" : (projectionMeets ? "，达到目标 " : "，未达到目标 ") + targetText)
                        : "，为规划增量的 " + TargetGap.percent(anticipated));

        String lead;
        if (met) {
            lead = year + "年实际 " + TargetGap.plain(actual) + "，已达到目标 " + targetText;
        } else if (due) {
            lead = TargetGap.missed(target, m, level, actual, observed, lower) + (baseMet ? TargetGap.baseHadMet(t0, base) : "");
        } else {
            lead = "目标 " + targetText + "（" + bigT + "年）" + (outside == null ? ""
                    : "，实际 " + TargetGap.plain(actual) + "，" + TargetGap.outsideText(m, actual, outside))
                    + (baseMet ? "，" + t0 + "年基期值 " + TargetGap.plain(base) + " 已达到目标，实际 " + TargetGap.plain(actual)
                            + " 已回落" : "");
        }
        boolean eOverridden = !met && eStatus != byGrowth && byGrowth != EurostatStatus.NOT_ASSESSED;
        String reason = lead + "。Eurostat：" + eWhy + " → " + eStatus.zh() + context(eOverridden, byGrowth.zh(), "增速口径")
                + "。ESCAP：" + aWhy + " → " + aStatus.zh() + context(!met && aStatus != byTrend, byTrend.zh(), "按趋势口径")
                + "。";
        return new Result(methodId, years, cagrO, cagrR, ratio, eStatus, round(projected), anticipated, aStatus, reason);
    }

    /** The label the growth or the trend alone would give, kept as context where a missed target or a range overrides it. */
    private static String context(boolean overridden, String alone, String basis) {
        return overridden ? "（" + basis + "：" + alone + "，仅供参考）" : "";
    }

    /**
     * The points the regression is fitted on: the years with a value up to {@code year} — all of them, or from the
     * base year on — with the base value in use at the base year (the plan's where it prints one).
     */
    static TreeMap<Integer, BigDecimal> window(Map<Integer, BigDecimal> series, int t0, BigDecimal base, int year,
                                               ProgressMethod.Window window) {
        TreeMap<Integer, BigDecimal> points = new TreeMap<>();
        for (var p : series.entrySet()) {
            boolean inWindow = p.getKey() > t0 || (window == ProgressMethod.Window.ALL_AVAILABLE && p.getKey() < t0);
            if (inWindow && p.getKey() <= year && p.getValue() != null) {
                points.put(p.getKey(), p.getValue());
            }
        }
        points.put(t0, base);
        return points;
    }

    /**
     * Weighted least squares of value on year, weight (year − first year + 1) so that each later year counts one more
     * than the year before, evaluated at T.
     */
    static double weightedLinear(TreeMap<Integer, BigDecimal> points, int bigT) {
        int first = points.firstKey();
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (var p : points.entrySet()) {
            double w = p.getKey() - first + 1;
            sw += w;
            sx += w * p.getKey();
            sy += w * p.getValue().doubleValue();
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxy = 0;
        double sxx = 0;
        for (var p : points.entrySet()) {
            double w = p.getKey() - first + 1;
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
