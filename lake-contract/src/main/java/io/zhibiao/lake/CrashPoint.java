package io.zhibiao.lake;

/**
 * Named places where a write sequence can be cut, for proving that a process killed there leaves the lake
 * consistent. When the system property {@code zhibiao.crash-at} (or the environment variable
 * {@code ZHIBIAO_CRASH_AT}) names the point, the JVM halts on the spot with status 137, as after {@code kill -9}:
 * no finally block, shutdown hook or buffered write runs. Unset, a crash point costs one property lookup.
 *
 * <p>A test may also cut a sequence in its own JVM ({@link #simulate}): the point then throws {@link Cut}, an
 * {@code Error} no production code catches, leaving on disk exactly what the halt would (nothing between two points
 * cleans up after itself). The crash tests do both: in-process cuts at every point, and real processes halted or
 * killed with SIGKILL to show the two agree.
 */
public final class CrashPoint {

    public static final String PROPERTY = "zhibiao.crash-at";
    public static final String ENV = "ZHIBIAO_CRASH_AT";
    /** The status a process killed by SIGKILL reports (128 + 9). */
    public static final int STATUS = 137;

    private static final ThreadLocal<String> SIMULATED = new ThreadLocal<>();

    /** Thrown at the point a test named with {@link #simulate}. */
    public static final class Cut extends Error {
        private static final long serialVersionUID = 1L;

        Cut(String point) {
            super("crash point " + point + " reached (simulated)");
        }
    }

    private CrashPoint() {
    }

    /** Runs {@code body} on this thread with {@code point} cutting it short; returns whether it was reached. */
    public static boolean simulate(String point, Runnable body) {
        SIMULATED.set(point);
        try {
            body.run();
            return false;
        } catch (Cut c) {
            return true;
        } finally {
            SIMULATED.remove();
        }
    }

    /** The point {@link #simulate} cuts on this thread, or null: for work this thread hands to others. */
    static String simulated() {
        return SIMULATED.get();
    }

    /**
     * Runs {@code body} on this thread cutting at {@code point} as the thread that handed it over would (null: no
     * simulated point); the cut is thrown as {@link Cut} to that thread's caller.
     */
    static <V> V carrying(String point, java.util.concurrent.Callable<V> body) throws Exception {
        if (point == null) {
            return body.call();
        }
        SIMULATED.set(point);
        try {
            return body.call();
        } finally {
            SIMULATED.remove();
        }
    }

    /** Halts here when this point is the one asked for. */
    public static void reached(String point) {
        if (point.equals(SIMULATED.get())) {
            throw new Cut(point);
        }
        String at = System.getProperty(PROPERTY, System.getenv(ENV));
        if (at != null && at.equals(point)) {
            System.err.println("zhibiao: crash point " + point + " reached; halting as kill -9 would");
            System.err.flush();
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
