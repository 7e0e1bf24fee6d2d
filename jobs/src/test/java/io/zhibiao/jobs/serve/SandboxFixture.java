package io.zhibiao.jobs.serve;

import io.zhibiao.jobs.PublishedSample;
import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hive.service.auth.PlainSaslHelper;
import org.apache.hive.service.rpc.thrift.TCLIService;
import org.apache.hive.service.rpc.thrift.TOpenSessionReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;

/**
 * A real {@code zhibiao serve} sandbox over the shared published sample: a self-signed key made by
 * {@code serve tls-init}, a users file, the release copied out of the lake, and the server started in bubblewrap
 * as a separate process. Also the clients an attacker would use: the Hive JDBC driver and a raw Thrift client.
 */
final class SandboxFixture implements AutoCloseable {

    static final String USER = "finebi";
    static final String PASSWORD = "指标-sandbox-2026";
    static final String VICTIM = "victim";
    static final String VICTIM_PASSWORD = "victim-right-password";

    final Path dir;
    final Path lake;
    final Path keystore;
    final Path truststore;
    final ServeSettings settings;
    final Sandbox.Running running;

    SandboxFixture(Path dir, String mainClass, boolean insecure, int queryTimeout, long maxRows) throws Exception {
        this.dir = dir;
        Class.forName("org.apache.hive.jdbc.HiveDriver");
        // The sandbox's unprivileged user must be able to enter the directory its release and state are in.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        if (Sandbox.unavailable(Sandbox.Options.defaults()) != null) {
            Process p = new ProcessBuilder("bash", "scripts/install-serve-sandbox.sh").directory(Path.of("..").toFile())
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("scripts/install-serve-sandbox.sh failed");
            }
        }
        this.lake = PublishedSample.lake();
        Path users = dir.resolve("serve-users.yaml");
        ServeUsers.put(users, USER, PASSWORD);
        ServeUsers.put(users, VICTIM, VICTIM_PASSWORD);
        this.keystore = dir.resolve("serve-tls.p12");
        TlsInit init = new TlsInit();
        init.keystore = keystore;
        init.days = 30;
        init.call();
        this.truststore = TlsInit.truststore(keystore);
        Path serving = dir.resolve("state/release");
        ServingRelease.materialise(SparkTestSession.get(), Lake.at(lake), serving);
        this.settings = new ServeSettings("127.0.0.1", 0, insecure, insecure ? null : keystore.toString(),
                insecure ? null : TlsInit.password(keystore), serving.toString(), dir.resolve("state/server").toString(),
                queryTimeout, maxRows, 16, 4, 600, 3, 32, 4 << 20, 4, null).withUsers(ServeUsers.load(users));
        long t0 = System.nanoTime();
        this.running = Sandbox.start(settings, new Sandbox.Options(Sandbox.DEFAULT_USER, "1g", mainClass),
                line -> System.out.println("[sandbox] " + line));
        System.out.printf("[sandbox-test] %s in the sandbox on port %d (%s), started in %.1f s%n", mainClass,
                running.port(), insecure ? "plaintext" : "TLS", (System.nanoTime() - t0) / 1e9);
    }

    /** The error a statement ends in (read to its last row), printed under {@code tag}; fails if it ran. */
    static SQLException failure(Statement s, String sql, String tag) {
        SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> {
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    // every row: a refusal may come after the first rows
                }
            }
        }, SQLException.class);
        System.out.println("[" + tag + "] " + sql);
        System.out.println("[" + tag + "]   → " + (e == null ? "(ran)" : e.getSQLState() + " " + e.getMessage()));
        org.assertj.core.api.Assertions.assertThat((Throwable) e).as("failed: %s", sql).isNotNull();
        return e;
    }

    /** One of the lake's landing files of tax returns: credit codes, revenue and R&D spend, never to be served. */
    Path landingFile() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(lake.resolve("landing/tax_returns"))) {
            return s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
        }
    }

    /** The rows of a published table, counted by a fresh client: the server still answers. */
    long count(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            org.assertj.core.api.Assertions.assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    /** The JDBC URL of a BI tool, with {@code extra} after the database (e.g. "?key=value"). */
    String url(String extra) {
        return "jdbc:hive2://127.0.0.1:" + running.port() + "/published"
                + (settings.insecure() ? "" : ";ssl=true;sslTrustStore=" + truststore + ";trustStorePassword="
                        + TlsInit.TRUSTSTORE_PASSWORD) + extra;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(""), USER, PASSWORD);
    }

    SSLContext clientTls() throws Exception {
        KeyStore ts = KeyStore.getInstance("JKS");
        try (InputStream in = Files.newInputStream(truststore)) {
            ts.load(in, TlsInit.TRUSTSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A socket to the server from a chosen loopback address (127.0.0.x), TLS done when the server speaks it. */
    Socket socket(String from) throws Exception {
        Socket raw = new Socket();
        raw.bind(new InetSocketAddress(from, 0));
        raw.connect(new InetSocketAddress("127.0.0.1", running.port()), 5000);
        raw.setSoTimeout(20_000);
        if (settings.insecure()) {
            return raw;
        }
        SSLSocket s = (SSLSocket) clientTls().getSocketFactory().createSocket(raw, "127.0.0.1", running.port(), true);
        s.startHandshake();
        return s;
    }

    /** A raw Thrift client logged in (SASL PLAIN) from the given loopback address; throws if the login fails. */
    TTransport login(String from, String user, String password) throws Exception {
        TTransport sasl = PlainSaslHelper.getPlainTransport(user, password, new TSocket(socket(from)));
        sasl.open();
        return sasl;
    }

    /** OpenSession with a configuration map, as a hand-written client can send it. */
    TOpenSessionResp openSession(Map<String, String> configuration) throws Exception {
        TTransport t = login("127.0.0.1", USER, PASSWORD);
        try {
            TCLIService.Client client = new TCLIService.Client(new TBinaryProtocol(t));
            TOpenSessionReq req = new TOpenSessionReq();
            req.setUsername(USER);
            req.setPassword(PASSWORD);
            req.setConfiguration(configuration);
            return client.OpenSession(req);
        } finally {
            t.close();
        }
    }

    /** The audit log as written so far. */
    String audit() throws Exception {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(Path.of(settings.stateDir(), "audit"))) {
            for (Path f : files.sorted().toList()) {
                b.append(Files.readString(f));
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        running.close();
    }
}
