package io.zhibiao.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Identifies one run of a job; batches are named after the run that ingested them. */
public record RunId(String value, Instant startedAt) {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public static RunId at(Instant now) {
        return new RunId(FORMAT.format(now), now);
    }

    public String batchFor(String sourceId) {
        return value + "-" + sourceId;
    }

    @Override
    public String toString() {
        return value;
    }
}
