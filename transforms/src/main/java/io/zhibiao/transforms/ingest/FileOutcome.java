package io.zhibiao.transforms.ingest;

import java.util.List;

/** What became of one landing file in an ingest run. */
public record FileOutcome(String source, String file, String sha256, Status status, long rows, String charset,
                          List<String> extraHeaders, String reason) {

    public enum Status { INGESTED, ALREADY_INGESTED, REJECTED }

    static FileOutcome rejected(String source, String file, String sha256, String reason) {
        return new FileOutcome(source, file, sha256, Status.REJECTED, 0, null, List.of(), reason);
    }
}
