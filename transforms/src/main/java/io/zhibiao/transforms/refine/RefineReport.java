package io.zhibiao.transforms.refine;

import java.util.List;

/** The accounting of every batch a refine run processed. */
public record RefineReport(List<BatchAccounting.Entry> batches) {

    public boolean balanced() {
        return batches.stream().allMatch(BatchAccounting.Entry::balanced);
    }

    public long quarantined() {
        return batches.stream().mapToLong(BatchAccounting.Entry::quarantined).sum();
    }
}
