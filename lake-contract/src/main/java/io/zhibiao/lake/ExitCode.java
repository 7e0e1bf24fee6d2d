package io.zhibiao.lake;

/**
 * What a scheduler can read from zhibiao's exit status. In the lake module so that every module's
 * {@link ZhibiaoErrors} can say which code a user-facing condition ends with.
 */
public final class ExitCode {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /**
     * A failure: a named condition of the lake (no landing folder, no delivered files, regions not refined …,
     * reported in one line), or an unexpected one (reported with its stack trace).
     */
    public static final int FAILED = 1;
    /** Bad command line (a value naming nothing: source, release, format …) or a malformed declaration file. */
    public static final int USAGE = 2;
    /** The run finished, but one or more delivered files were rejected whole; fix and re-deliver them. */
    public static final int REJECTED_INPUT = 3;
    /** A batch did not balance: bronze ≠ silver + quarantine + duplicates. Nothing downstream should trust it. */
    public static final int UNBALANCED = 4;
    /** The quality gate held the release back; the previous release stays published. See the quality report. */
    public static final int BLOCKED = 5;
    /**
     * Another zhibiao command holds the lake's writer lock (its holder is named); nothing was done. Try again after it
     * ends, or wait for it with {@code --wait}.
     */
    public static final int LOCKED = 6;

    private ExitCode() {
    }

    /** "usage", "failed" … for messages and tests; the number itself for codes outside the list. */
    public static String name(int code) {
        return switch (code) {
            case OK -> "ok";
            case FAILED -> "failed";
            case USAGE -> "usage";
            case REJECTED_INPUT -> "rejected input";
            case UNBALANCED -> "unbalanced";
            case BLOCKED -> "blocked";
            case LOCKED -> "locked";
            default -> String.valueOf(code);
        };
    }
}
