package io.zhibiao.quality;

import java.util.List;

/**
 * One check of one run, as recorded in audit/checks and shown in the quality report.
 *
 * @param stage      silver, anomaly, quarantine, gold, published or reconciliation
 * @param threshold  what the check asks, in words
 * @param value      what it found
 * @param failingRows for row rules: how many rows break it (0 when it passes, -1 when it does not apply)
 * @param sample     up to five of those rows — file and line where known, credit codes masked
 */
public record CheckResult(String stage, String table, String rule, String check, String column, String threshold,
                          String value, Outcome outcome, Severity severity, long failingRows, List<String> sample,
                          String message) {

    public enum Outcome {
        PASS("通过"), WARN("警告"), BLOCK("阻断");

        private final String zh;

        Outcome(String zh) {
            this.zh = zh;
        }

        public String zh() {
            return zh;
        }
    }

    /** The outcome of a check that failed with this severity. */
    public static Outcome failed(Severity s) {
        return s == Severity.BLOCK ? Outcome.BLOCK : Outcome.WARN;
    }
}
