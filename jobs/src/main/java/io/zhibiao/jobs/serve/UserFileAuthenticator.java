package io.zhibiao.jobs.serve;

import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thrift server's CUSTOM authentication: a user name and password checked against the users file the
 * server was started with. HiveServer2 makes a new instance for every login by class name (from a fresh
 * HiveConf, so from the system property {@code hive.server2.custom.authentication.class}), which is why the
 * loaded file is held here rather than passed in.
 */
public final class UserFileAuthenticator implements PasswdAuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(UserFileAuthenticator.class);
    private static volatile ServeUsers users;

    /** The users the next logins are checked against (one server per JVM). */
    static void use(ServeUsers loaded) {
        users = loaded;
    }

    @Override
    public void Authenticate(String user, String password) throws AuthenticationException {
        ServeUsers u = users;
        user = utf8(user);
        password = utf8(password);
        if (u == null) {
            throw new AuthenticationException("zhibiao serve has no users file loaded; nobody can log in");
        }
        if (!u.verify(user, password)) {
            LOG.warn("[serve] login refused for user '{}': wrong user name or password", printable(user));
            throw new AuthenticationException("zhibiao serve: wrong user name or password for user '" + printable(user)
                    + "'");
        }
        LOG.info("[serve] user '{}' logged in", user);
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

    private static String printable(String user) {
        if (user == null) {
            return "";
        }
        String s = user.replaceAll("[^\\p{L}\\p{N}_.@-]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
