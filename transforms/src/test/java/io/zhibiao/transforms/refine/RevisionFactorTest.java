package io.zhibiao.transforms.refine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RevisionFactorTest {

    private static final BigDecimal FIVE = BigDecimal.valueOf(5);

    private static boolean beyond(String old, String now) {
        return RevisionFactor.beyond(old == null ? null : new BigDecimal(old), now == null ? null : new BigDecimal(now), FIVE);
    }

    private static String change(String old, String now) {
        return RevisionFactor.change(new BigDecimal(old), new BigDecimal(now));
    }

    @Test
    void theIssuesCaseIsBeyondFive() {
        // 103 → 1: new/old = 1/103, below 1/5.
        assertThat(beyond("103", "1")).isTrue();
        assertThat(change("103", "1")).isEqualTo("÷103");
        // the same in silver's 元: 1,030,000.00 → 10,000.00, the same ratio
        assertThat(beyond("1030000.00", "10000.00")).isTrue();
        assertThat(change("1030000.00", "10000.00")).isEqualTo("÷103");
    }

    @Test
    void theFactorItselfIsNotBeyondIt() {
        assertThat(beyond("100", "500")).isFalse();      // exactly ×5
        assertThat(beyond("100", "500.01")).isTrue();    // ×5.0001
        assertThat(beyond("500", "100")).isFalse();      // exactly ÷5
        assertThat(beyond("500", "99.99")).isTrue();     // ÷5.0005
        assertThat(beyond("1420", "1500")).isFalse();    // ×1.06
        assertThat(change("1420", "1500")).isEqualTo("×1.06");
        assertThat(change("100", "500.01")).isEqualTo("×5");   // three significant digits: 5.0001 → 5.00
    }

    @Test
    void zeroAndSignHaveNoRatioAndAreAlwaysBeyond() {
        assertThat(beyond("0", "0.00")).isFalse();
        assertThat(beyond("0", "12")).isTrue();
        assertThat(change("0", "12")).isEqualTo("from 0");
        assertThat(beyond("12", "0")).isTrue();
        assertThat(change("12", "0")).isEqualTo("to 0");
        assertThat(beyond("12", "-12")).isTrue();
        assertThat(change("12", "-12")).isEqualTo("sign changed");
        assertThat(beyond("-10", "-60")).isTrue();      // ×6 below zero
    }

    @Test
    void aMissingValueIsNotCompared() {
        assertThat(beyond(null, "12")).isFalse();
        assertThat(beyond("12", null)).isFalse();
        assertThat(RevisionFactor.change(null, BigDecimal.ONE)).isNull();
    }

    @Test
    void valuesAreShownInTheUnitTheyWereDeliveredIn() {
        BigDecimal wan = BigDecimal.valueOf(10_000);
        assertThat(RevisionFactor.inDeliveredUnit(new BigDecimal("1030000.00"), wan)).isEqualTo("103");
        assertThat(RevisionFactor.inDeliveredUnit(new BigDecimal("12345.00"), wan)).isEqualTo("1.2345");
        assertThat(RevisionFactor.inDeliveredUnit(new BigDecimal("0.00"), wan)).isEqualTo("0");
        assertThat(RevisionFactor.inDeliveredUnit(new BigDecimal("1000000.00"), BigDecimal.ONE)).isEqualTo("1000000");
        assertThat(RevisionFactor.inDeliveredUnit(null, wan)).isNull();
    }
}
