package io.zhibiao.jobs;

/** What a scheduler can read from zhibiao's exit status. */
public final class ExitCode {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** An unexpected failure; the message and log say where. */
    public static final int FAILED = 1;
    /** Bad command line or a malformed declaration file (sources.yaml, catalogs). */
    public static final int USAGE = 2;
    /** The run finished, but one or more delivered files were rejected whole; fix and re-deliver them. */
    public static final int REJECTED_INPUT = 3;
    /** A batch did not balance: bronze ≠ silver + quarantine + duplicates. Nothing downstream should trust it. */
    public static final int UNBALANCED = 4;
    /** The quality gate held the release back; the previous release stays published. See the quality report. */
    public static final int BLOCKED = 5;

    private ExitCode() {
    }
}
