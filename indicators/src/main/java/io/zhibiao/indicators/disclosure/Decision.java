package io.zhibiao.indicators.disclosure;

import java.util.Optional;

/**
 * What may be done with one cell: published, or suppressed for a reason. Carries no value, so it can go anywhere the
 * suppression pattern is needed (every indicator sharing the numerator, derived columns, logs).
 *
 * @param reason null when the cell is published
 */
public record Decision(String measureKey, int year, String regionCode, boolean cityTotal, SuppressionReason reason) {

    /** The flag a published table shows for a suppressed cell. */
    public static final String SUPPRESSED_FLAG = "x";

    public boolean suppressed() {
        return reason != null;
    }

    public Optional<SuppressionReason> reasonIfSuppressed() {
        return Optional.ofNullable(reason);
    }

    /** {@link #SUPPRESSED_FLAG} when suppressed, null when published. */
    public String flag() {
        return reason == null ? null : SUPPRESSED_FLAG;
    }
}
