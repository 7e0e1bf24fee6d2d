package io.zhibiao.transforms.ingest;

import java.time.Duration;
import java.util.List;

/** The outcome of ingesting landing files into bronze, per source. */
public record IngestReport(List<SourceResult> sources, List<FileOutcome> unassigned) {

    /** One source: its batch (null when nothing new arrived) and every file considered. */
    public record SourceResult(String source, String batchId, List<FileOutcome> files, long rowsIngested,
                               Duration took) {
        public long count(FileOutcome.Status status) {
            return files.stream().filter(f -> f.status() == status).count();
        }
    }

    public List<FileOutcome> rejected() {
        List<FileOutcome> all = new java.util.ArrayList<>(unassigned);
        sources.forEach(s -> s.files().stream().filter(f -> f.status() == FileOutcome.Status.REJECTED).forEach(all::add));
        return all;
    }

    public long rowsIngested() {
        return sources.stream().mapToLong(SourceResult::rowsIngested).sum();
    }
}
