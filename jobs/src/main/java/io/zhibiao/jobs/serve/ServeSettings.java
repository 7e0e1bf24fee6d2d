package io.zhibiao.jobs.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Everything the JDBC server runs with: where it listens, its limits, TLS, and where its release and its state
 * are. The launching process writes it to the sandboxed server's standard input (with the users' hashes and the
 * keystore password, which are never put on a command line or in the sandbox's files).
 *
 * @param servingDir the materialised release the server reads (only this is in reach of queries)
 * @param stateDir where the audit log and the login lockouts are written
 * @param keystore PKCS12 keystore for TLS; null with {@code insecure}
 * @param queryTimeoutSeconds a statement running longer is cancelled
 * @param maxRows a result with more rows is cut off with an error (aggregate, or add LIMIT)
 * @param maxSessions open sessions on the server at most; {@code maxSessionsPerUser} for one user
 * @param idleTimeoutSeconds a connection that sends nothing for this long is closed (its sessions too)
 * @param loginTimeoutSeconds a connection has this long to finish TLS and the login
 * @param maxPendingLogins connections still logging in at once; beyond it the oldest is dropped
 * @param maxFrameBytes the largest request frame (and login message) accepted
 * @param threads Spark task threads of the server (local[threads])
 */
public record ServeSettings(
        String host,
        int port,
        boolean insecure,
        String keystore,
        String keystorePassword,
        String servingDir,
        String stateDir,
        int queryTimeoutSeconds,
        long maxRows,
        int maxSessions,
        int maxSessionsPerUser,
        int idleTimeoutSeconds,
        int loginTimeoutSeconds,
        int maxPendingLogins,
        int maxFrameBytes,
        int threads,
        Map<String, String> users) {

    public static final int DEFAULT_QUERY_TIMEOUT = 300;
    public static final long DEFAULT_MAX_ROWS = 1_000_000;
    public static final int DEFAULT_MAX_SESSIONS = 64;
    public static final int DEFAULT_MAX_SESSIONS_PER_USER = 8;
    public static final int DEFAULT_IDLE_TIMEOUT = 1800;
    public static final int DEFAULT_LOGIN_TIMEOUT = 10;
    public static final int DEFAULT_MAX_PENDING_LOGINS = 32;
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 << 20;

    public ServeSettings {
        users = users == null ? Map.of() : Map.copyOf(users);
        if (port < 0 || port > 65535) {
            throw io.zhibiao.lake.ZhibiaoErrors.notATcpPort(port);
        }
        if (!insecure && (keystore == null || keystore.isBlank())) {
            throw io.zhibiao.lake.ZhibiaoErrors.tlsNeedsKeystore();
        }
        positive("query timeout", queryTimeoutSeconds);
        positive("row cap", maxRows);
        positive("sessions", maxSessions);
        positive("sessions per user", maxSessionsPerUser);
        positive("idle timeout", idleTimeoutSeconds);
        positive("login timeout", loginTimeoutSeconds);
        positive("pending logins", maxPendingLogins);
        positive("frame size", maxFrameBytes);
        positive("threads", threads);
    }

    private static void positive(String what, long value) {
        if (value <= 0) {
            throw io.zhibiao.lake.ZhibiaoErrors.serveSettingNotPositive(what, value);
        }
    }

    /** The same settings with the paths the sandboxed server sees. */
    ServeSettings inSandbox(String serving, String state, String keystoreInside) {
        return new ServeSettings(host, port, insecure, insecure ? null : keystoreInside, keystorePassword, serving,
                state, queryTimeoutSeconds, maxRows, maxSessions, maxSessionsPerUser, idleTimeoutSeconds,
                loginTimeoutSeconds, maxPendingLogins, maxFrameBytes, threads, users);
    }

    /** The same settings on a fixed port (the one a server restarted after a crash takes again). */
    ServeSettings onPort(int fixed) {
        return new ServeSettings(host, fixed, insecure, keystore, keystorePassword, servingDir, stateDir,
                queryTimeoutSeconds, maxRows, maxSessions, maxSessionsPerUser, idleTimeoutSeconds, loginTimeoutSeconds,
                maxPendingLogins, maxFrameBytes, threads, users);
    }

    /** The same settings with the users the server checks logins against. */
    public ServeSettings withUsers(ServeUsers loaded) {
        return new ServeSettings(host, port, insecure, keystore, keystorePassword, servingDir, stateDir,
                queryTimeoutSeconds, maxRows, maxSessions, maxSessionsPerUser, idleTimeoutSeconds, loginTimeoutSeconds,
                maxPendingLogins, maxFrameBytes, threads, loaded.hashes());
    }

    /** Plaintext settings for a test on this machine: every limit at its default, Spark on two threads. */
    public static ServeSettings forTest(String servingDir, String stateDir, boolean insecure, String keystore,
            String keystorePassword) {
        return new ServeSettings("127.0.0.1", 0, insecure, keystore, keystorePassword, servingDir, stateDir,
                DEFAULT_QUERY_TIMEOUT, DEFAULT_MAX_ROWS, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_USER,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_LOGIN_TIMEOUT, DEFAULT_MAX_PENDING_LOGINS, DEFAULT_MAX_FRAME_BYTES, 2, null);
    }

    String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServeSettings fromJson(String json) {
        try {
            return new ObjectMapper().readValue(json, ServeSettings.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Never prints the hashes or the keystore password. */
    @Override
    public String toString() {
        return "ServeSettings[" + host + ":" + port + (insecure ? " plaintext" : " TLS") + ", serving " + servingDir
                + ", state " + stateDir + ", timeout " + queryTimeoutSeconds + " s, rows ≤ " + maxRows + ", sessions ≤ "
                + maxSessions + " (" + maxSessionsPerUser + " per user), idle " + idleTimeoutSeconds + " s, login "
                + loginTimeoutSeconds + " s, " + users.size() + " users]";
    }
}
