package io.zhibiao.transforms.refine;

import java.util.List;

/**
 * The accounting of every batch a refine run processed, and the values its re-deliveries moved by more than their
 * source's declared factor: the first few of each batch, and how many there were in all.
 */
public record RefineReport(List<BatchAccounting.Entry> batches, List<RevisionWarning> revisionWarnings,
                           long revisionWarningCount) {

    public boolean balanced() {
        return batches.stream().allMatch(BatchAccounting.Entry::balanced);
    }

    public long quarantined() {
        return batches.stream().mapToLong(BatchAccounting.Entry::quarantined).sum();
    }
}
