package io.zhibiao.jobs.serve;

import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thrift server's CUSTOM authentication: a user name and password checked against the users the server was
 * started with, behind the {@link LoginThrottle}. HiveServer2 makes a new instance for every login by class name
 * (from a fresh HiveConf, so from the system property {@code hive.server2.custom.authentication.class}), which is
 * why the users, the throttle and the audit log are held here rather than passed in. The login runs on the
 * connection's own thread, which {@link GuardedThriftService} tags with the client's address first.
 */
public final class UserFileAuthenticator implements PasswdAuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(UserFileAuthenticator.class);
    private static volatile ServeUsers users;
    private static volatile LoginThrottle throttle;
    private static volatile AuditLog audit;
    static final ThreadLocal<String> CLIENT_ADDRESS = new ThreadLocal<>();

    /** The users the next logins are checked against (one server per JVM), with their throttle and audit log. */
    static void use(ServeUsers loaded, LoginThrottle loginThrottle, AuditLog auditLog) {
        users = loaded;
        throttle = loginThrottle;
        audit = auditLog;
    }

    @Override
    public void Authenticate(String user, String password) throws AuthenticationException {
        ServeUsers u = users;
        user = utf8(user);
        password = utf8(password);
        if (u == null) {
            throw new AuthenticationException("zhibiao serve has no users loaded; nobody can log in");
        }
        String address = CLIENT_ADDRESS.get();
        String shown = printable(user);
        LoginThrottle t = throttle;
        if (t != null) {
            String refused = t.refusal(user, address).orElse(null);
            if (refused != null) {
                LOG.warn("[serve] login refused for user '{}' from {}: {}", shown, address, refused);
                record("login_refused", shown, address, refused);
                throw new AuthenticationException("zhibiao serve: " + refused);
            }
        }
        if (!u.verify(user, password)) {
            boolean locked = t != null && t.failed(user, address);
            LOG.warn("[serve] login failed for user '{}' from {}: wrong user name or password{}", shown, address,
                    locked ? "; the user is now locked" : "");
            record("login_failed", shown, address, locked ? "wrong user name or password; user locked"
                    : "wrong user name or password");
            throw new AuthenticationException("zhibiao serve: wrong user name or password for user '" + shown + "'");
        }
        if (t != null) {
            t.succeeded(user, address);
        }
        LOG.info("[serve] user '{}' logged in from {}", shown, address);
        record("login", shown, address, null);
    }

    private static void record(String event, String user, String address, String message) {
        AuditLog a = audit;
        if (a != null) {
            a.write(event, AuditLog.fields("user", user, "address", address, "message", message));
        }
    }

    /**
     * HiveServer2's SASL PLAIN server turns each byte of the login into one char (sign-extended); this undoes it,
     * so a name or password beyond ASCII (指标…) arrives as the client typed it.
     */
    static String utf8(String received) {
        if (received == null || received.chars().allMatch(c -> c < 0x80)) {
            return received;
        }
        byte[] bytes = new byte[received.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) received.charAt(i);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String printable(String user) {
        if (user == null) {
            return "";
        }
        String s = user.replaceAll("[^\\p{L}\\p{N}_.@-]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
