package io.zhibiao.indicators.disclosure;

/** Why a cell is not published. The code is what a published table carries in place of the value. */
public enum SuppressionReason {
    /** Frequency rule: fewer contributing enterprises than min_contributors. */
    FREQ,
    /** (n, k) dominance: the n largest contributors exceed k % of the cell. */
    DOM,
    /** p % rule: the rest of the cell is smaller than p % of the largest contributor. */
    PRULE,
    /** Secondary (complementary) suppression: safe itself, hidden so that a primary cell cannot be derived. */
    SEC;

    public boolean isPrimary() {
        return this != SEC;
    }
}
