package io.zhibiao.transforms.refine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How far a re-delivered value moved from the one it replaces, against a declared factor f: beyond it when the new
 * value is more than f times, or less than 1/f of, the old one. Zero and sign are handled without dividing: 0 → 0
 * is no change, 0 → x and x → 0 are beyond any factor (no finite ratio), and so is a change of sign. A value
 * missing on either side (an optional column) has no ratio and is not compared.
 */
public final class RevisionFactor {

    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_UP);

    private RevisionFactor() {
    }

    public static boolean beyond(BigDecimal old, BigDecimal now, BigDecimal factor) {
        if (old == null || now == null || old.compareTo(now) == 0) {
            return false;
        }
        if (old.signum() == 0 || now.signum() == 0 || old.signum() != now.signum()) {
            return true;
        }
        BigDecimal small = old.abs().min(now.abs());
        BigDecimal large = old.abs().max(now.abs());
        return large.compareTo(small.multiply(factor)) > 0;
    }

    /** The move in words a statistician reads at a glance: ×5.2, ÷103, from 0, to 0, sign changed. */
    public static String change(BigDecimal old, BigDecimal now) {
        if (old == null || now == null) {
            return null;
        }
        if (old.signum() == 0) {
            return now.signum() == 0 ? "×1" : "from 0";
        }
        if (now.signum() == 0) {
            return "to 0";
        }
        if (old.signum() != now.signum()) {
            return "sign changed";
        }
        BigDecimal a = old.abs();
        BigDecimal b = now.abs();
        return b.compareTo(a) >= 0 ? "×" + plain(b.divide(a, THREE_DIGITS)) : "÷" + plain(a.divide(b, THREE_DIGITS));
    }

    /** A silver value (元 for amounts) in the unit it was delivered in, without trailing zeros: 1030000.00 / 10000 → 103. */
    public static String inDeliveredUnit(BigDecimal value, BigDecimal unitFactor) {
        if (value == null) {
            return null;
        }
        return plain(value.divide(unitFactor, MathContext.DECIMAL128));
    }

    private static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
