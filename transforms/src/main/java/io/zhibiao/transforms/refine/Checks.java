package io.zhibiao.transforms.refine;

import io.zhibiao.transforms.standard.CreditCode;
import io.zhibiao.transforms.standard.IndustryCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Field checks as plain functions: each returns why a delivered value is wrong, or null when it is fine.
 * Spark calls them through UDFs; tests call them directly.
 */
public final class Checks {

    private static final Pattern DECIMAL = Pattern.compile("^-?[0-9]+(\\.[0-9]{1,2})?$");
    private static final Pattern INTEGER = Pattern.compile("^-?[0-9]+$");
    private static final Pattern YEAR = Pattern.compile("^[0-9]{4}$");

    private Checks() {
    }

    public static String creditCode(String v) {
        return v == null ? null : CreditCode.problem(v).map(p -> "统一社会信用代码 " + p).orElse(null);
    }

    public static String industry(String v) {
        return v == null ? null : IndustryCode.problem(v).map(p -> "行业代码 " + p).orElse(null);
    }

    /** yyyy-MM-dd, not before {@code min}, not after {@code max} (the data cut-off). */
    public static String date(String v, String min, String max) {
        if (v == null) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            return "'" + v + "' 不是 yyyy-MM-dd 格式的日期";
        }
        if (min != null && d.isBefore(LocalDate.parse(min))) {
            return v + " 早于最早允许日期 " + min;
        }
        if (max != null && d.isAfter(LocalDate.parse(max))) {
            return v + " 晚于数据截止日 " + max;
        }
        return null;
    }

    public static String year(String v, int min, int max) {
        if (v == null) {
            return null;
        }
        if (!YEAR.matcher(v).matches()) {
            return "'" + v + "' 不是四位年份";
        }
        int y = Integer.parseInt(v);
        if (y < min || y > max) {
            return "年份 " + y + " 不在 " + min + "–" + max + " 之内";
        }
        return null;
    }

    /** Format only: plain digits, optional sign, at most two decimals (integers: no decimals). */
    public static String number(String v, boolean integer) {
        if (v == null) {
            return null;
        }
        if (!(integer ? INTEGER : DECIMAL).matcher(v).matches()) {
            return "'" + v + "' 不是" + (integer ? "整数" : "最多两位小数的数值");
        }
        return null;
    }

    /** Non-negative and within bounds, in the delivered unit's value times {@code factor}. */
    public static String bounds(String v, BigDecimal factor, BigDecimal min, BigDecimal max, String unit) {
        BigDecimal x = new BigDecimal(v);
        BigDecimal lower = min == null ? BigDecimal.ZERO : min;
        BigDecimal inYuan = x.multiply(factor);
        if (inYuan.compareTo(lower) < 0) {
            return x.signum() < 0 ? v + " 为负数" : v + " 小于下限 " + lower.toPlainString();
        }
        if (max != null && inYuan.compareTo(max) > 0) {
            return v + (unit == null ? "" : unit) + " 超过合理上限 " + max.divide(factor).stripTrailingZeros().toPlainString()
                    + (unit == null ? "" : unit);
        }
        return null;
    }
}
