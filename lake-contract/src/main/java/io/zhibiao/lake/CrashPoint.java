package io.zhibiao.lake;

/**
 * Named places where a write sequence can be cut, for proving that a process killed there leaves the lake
 * consistent. When the system property {@code zhibiao.crash-at} (or the environment variable
 * {@code ZHIBIAO_CRASH_AT}) names the point, the JVM halts on the spot with status 137, as after {@code kill -9}:
 * no finally block, shutdown hook or buffered write runs. Unset, a crash point costs one property lookup.
 */
public final class CrashPoint {

    public static final String PROPERTY = "zhibiao.crash-at";
    public static final String ENV = "ZHIBIAO_CRASH_AT";
    /** The status a process killed by SIGKILL reports (128 + 9). */
    public static final int STATUS = 137;

    private CrashPoint() {
    }

    /** Halts here when this point is the one asked for. */
    public static void reached(String point) {
        String at = System.getProperty(PROPERTY, System.getenv(ENV));
        if (at != null && at.equals(point)) {
            System.err.println("zhibiao: crash point " + point + " reached; halting as kill -9 would");
            System.err.flush();
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
