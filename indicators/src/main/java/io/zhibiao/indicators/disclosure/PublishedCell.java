package io.zhibiao.indicators.disclosure;

import java.math.BigDecimal;

/**
 * A cell as a reader of the published table sees it: the value when published, otherwise the flag and the reason
 * code and no value. The constructor refuses a suppressed cell with a value.
 *
 * @param value  the cell value, null when suppressed
 * @param reason null when published
 */
public record PublishedCell(String measureKey, int year, String regionCode, boolean cityTotal, BigDecimal value,
                            SuppressionReason reason) {

    public PublishedCell {
        if ((value == null) == (reason == null)) {
            throw new IllegalArgumentException(measureKey + " " + regionCode + " " + year
                    + ": a published cell has a value and no reason, a suppressed cell a reason and no value");
        }
    }

    public boolean suppressed() {
        return reason != null;
    }

    /** {@link Decision#SUPPRESSED_FLAG} when suppressed, null when published. */
    public String flag() {
        return reason == null ? null : Decision.SUPPRESSED_FLAG;
    }
}
