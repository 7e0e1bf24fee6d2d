package io.zhibiao.lake;

/**
 * A condition the person running zhibiao can act on: its message says what happened, why and what to do, and
 * it carries the exit code the command line ends with. The command line reports it as one line, without a
 * stack trace; any other exception is a defect and is reported with its stack trace, exit 1.
 *
 * <p>Made by the named factory methods of {@link ZhibiaoErrors} (and by {@code CatalogException}, a malformed
 * declaration file); never thrown for a broken invariant of the code.
 */
public class ZhibiaoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public ZhibiaoException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public ZhibiaoException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        if (exitCode == ExitCode.OK) {
            throw new IllegalArgumentException("an error cannot exit 0: " + message);
        }
        this.exitCode = exitCode;
    }

    /** One of {@link ExitCode}'s values, never {@link ExitCode#OK}. */
    public int exitCode() {
        return exitCode;
    }
}
