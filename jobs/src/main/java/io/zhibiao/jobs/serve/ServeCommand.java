package io.zhibiao.jobs.serve;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.jobs.SparkOptions;
import io.zhibiao.lake.Lake;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zhibiao serve}: the published tables over JDBC until Ctrl-C, from a sandbox that holds only the current
 * release; {@code serve passwd NAME} adds a user, {@code serve tls-init} makes a self-signed key for a trial,
 * {@code serve unlock NAME} clears a login lockout.
 */
@Command(name = "serve", subcommands = {ServeCommand.Passwd.class, TlsInit.class, ServeCommand.Unlock.class},
        description = "Serve the lake's published tables over JDBC (HiveServer2 protocol over TLS: FineBI, Superset, "
                + "Tableau, DBeaver, Excel via ODBC) until Ctrl-C: read-only, the current release only, from a "
                + "sandbox that can read nothing else; users from a file.")
public final class ServeCommand implements Callable<Integer> {

    static final String DEFAULT_USERS = "serve-users.yaml";
    static final String DEFAULT_STATE = "serve-state";

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "lake",
            description = "Lake root: a directory or Hadoop URI (default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "10000",
            description = "TCP port (default: ${DEFAULT-VALUE}, HiveServer2's; 0 picks a free one).")
    int port;

    @Option(names = "--users", paramLabel = "FILE", defaultValue = DEFAULT_USERS,
            description = "Users and their password hashes (default: ${DEFAULT-VALUE}); make it with: zhibiao serve passwd NAME.")
    Path users;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = DEFAULT_STATE,
            description = "The server's directory (default: ${DEFAULT-VALUE}): release/ (the copy of the current "
                    + "release it serves), server/audit (who ran what), server/lockouts.")
    Path state;

    @Option(names = "--tls-keystore", paramLabel = "FILE", defaultValue = TlsInit.DEFAULT_KEYSTORE,
            description = "PKCS12 keystore with the server's key and certificate (default: ${DEFAULT-VALUE}; "
                    + "zhibiao serve tls-init makes a self-signed one). Its password is read from FILE.password.")
    Path keystore;

    @Option(names = "--insecure",
            description = "Serve without TLS: passwords and data cross the network readable. Only for a trial on "
                    + "this machine.")
    boolean insecure;

    @Option(names = "--query-timeout", paramLabel = "SECONDS", defaultValue = "" + ServeSettings.DEFAULT_QUERY_TIMEOUT,
            description = "A statement running longer is cancelled (default: ${DEFAULT-VALUE}).")
    int queryTimeout;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_MAX_ROWS,
            description = "A result with more rows is cut off with an error (default: ${DEFAULT-VALUE}).")
    long maxRows;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_MAX_SESSIONS,
            description = "Open sessions at most (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--max-sessions-per-user", paramLabel = "N",
            defaultValue = "" + ServeSettings.DEFAULT_MAX_SESSIONS_PER_USER,
            description = "Open sessions of one user at most (default: ${DEFAULT-VALUE}).")
    int maxSessionsPerUser;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "" + ServeSettings.DEFAULT_IDLE_TIMEOUT,
            description = "A connection silent this long is closed (default: ${DEFAULT-VALUE}).")
    int idleTimeout;

    @Option(names = "--login-timeout", paramLabel = "SECONDS", defaultValue = "" + ServeSettings.DEFAULT_LOGIN_TIMEOUT,
            description = "Time a new connection has for TLS and login (default: ${DEFAULT-VALUE}).")
    int loginTimeout;

    @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_MAX_FRAME_BYTES,
            description = "Largest request accepted (default: ${DEFAULT-VALUE}).")
    int maxFrame;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "Spark task threads of the server, shared fairly by the clients' queries (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "2g",
            description = "Java heap of the sandboxed server (default: ${DEFAULT-VALUE}); it restarts if a query exhausts it.")
    String heap;

    @Option(names = "--sandbox-user", paramLabel = "NAME", defaultValue = Sandbox.DEFAULT_USER,
            description = "System user the sandbox runs as when started by root (default: ${DEFAULT-VALUE}).")
    String sandboxUser;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "60",
            description = "How often the lake is checked for a new release to serve (default: ${DEFAULT-VALUE}).")
    int refresh;

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Override
    public Integer call() throws InterruptedException, IOException {
        ServeUsers loaded = ServeUsers.load(users);
        String password = insecure ? null : TlsInit.password(keystore);
        Sandbox.Options options = new Sandbox.Options(sandboxUser, heap, SandboxedServer.class.getName());
        String unavailable = Sandbox.unavailable(options);
        if (unavailable != null) {
            throw io.zhibiao.lake.ZhibiaoErrors.sandboxUnavailable(unavailable);
        }
        if (insecure) {
            System.err.println("zhibiao serve: WARNING --insecure: no TLS; passwords and data cross the network "
                    + "in plain text.");
        }
        Files.createDirectories(state);
        Path serving = state.resolve("release");
        SparkSession spark = sparkOptions.session("zhibiao-serve");
        Lake l = Lake.at(lake);
        ServingRelease.Copy copy = ServingRelease.materialise(spark, l, serving);
        ServeSettings settings = new ServeSettings(host, port, insecure,
                insecure ? null : keystore.toAbsolutePath().toString(), password, serving.toString(),
                state.resolve("server").toString(), queryTimeout, maxRows, maxSessions, maxSessionsPerUser,
                idleTimeout, loginTimeout, ServeSettings.DEFAULT_MAX_PENDING_LOGINS, maxFrame, threads, null)
                .withUsers(loaded);
        Sandbox.Running[] running = {Sandbox.start(settings, options, System.err::println)};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running[0].close(), "zhibiao-serve-stop"));
        String url = "jdbc:hive2://" + host + ":" + running[0].port() + "/published"
                + (insecure ? "" : ";ssl=true;sslTrustStore=" + TlsInit.truststore(keystore) + ";trustStorePassword="
                        + TlsInit.TRUSTSTORE_PASSWORD);
        System.out.printf("zhibiao serve: %s%n", url);
        System.out.printf("users in %s: %s; release %d (%d tables) copied to %s%n", loaded.file(),
                String.join(", ", loaded.names()), copy.release(), copy.tables().size(), serving);
        System.out.printf("sandboxed (bubblewrap%s): reads only %s; audit log in %s; Ctrl-C stops.%n",
                Sandbox.isRoot() ? ", user " + sandboxUser : "", serving, state.resolve("server/audit"));
        int restarts = 0;
        long sinceCheck = 0;
        int served = copy.release();
        ServeSettings fixedPort = settings.onPort(running[0].port());
        while (true) {
            if (running[0].process().waitFor(1, TimeUnit.SECONDS)) {
                int code = running[0].process().exitValue();
                if (++restarts > 5) {
                    System.err.printf("zhibiao serve: the server ended (exit %d) five times; giving up%n", code);
                    return ExitCode.FAILED;
                }
                System.err.printf("zhibiao serve: the server ended (exit %d%s); starting it again%n", code,
                        code == 3 ? ", out of memory" : "");
                running[0].close();
                running[0] = Sandbox.start(fixedPort, options, System.err::println);
            }
            if (++sinceCheck >= refresh) {
                sinceCheck = 0;
                try {
                    if (ServingRelease.latestRelease(spark, l) != served) {
                        ServingRelease.Copy next = ServingRelease.materialise(spark, l, serving);
                        served = next.release();
                        System.out.printf("zhibiao serve: release %d copied; the server switches to it%n", served);
                    }
                } catch (RuntimeException e) {
                    System.err.println("zhibiao serve: cannot copy the new release: " + e.getMessage());
                }
            }
        }
    }

    @Command(name = "passwd", description = "Add a user to the users file, or give one a new password. The password is "
            + "read from the terminal (twice), or as one line from standard input when there is no terminal.")
    static final class Passwd implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "User name, e.g. finebi.")
        String name;

        @Option(names = "--users", paramLabel = "FILE", defaultValue = DEFAULT_USERS,
                description = "Users file to create or update (default: ${DEFAULT-VALUE}).")
        Path users;

        @Override
        public Integer call() throws IOException {
            String password = readPassword();
            ServeUsers.put(users, name, password);
            System.out.printf("zhibiao serve: user %s saved in %s (PBKDF2-HMAC-SHA256, %d iterations)%n", name, users,
                    ServeUsers.ITERATIONS);
            return ExitCode.OK;
        }

        private String readPassword() throws IOException {
            Console console = System.console();
            if (console == null) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line = in.readLine();
                if (line == null) {
                    throw io.zhibiao.lake.ZhibiaoErrors.noPasswordOnStandardInput();
                }
                return line;
            }
            char[] first = console.readPassword("password for %s: ", name);
            char[] again = console.readPassword("again: ");
            try {
                if (first == null || !Arrays.equals(first, again)) {
                    throw io.zhibiao.lake.ZhibiaoErrors.passwordsDiffer();
                }
                return new String(first);
            } finally {
                if (first != null) {
                    Arrays.fill(first, ' ');
                }
                if (again != null) {
                    Arrays.fill(again, ' ');
                }
            }
        }
    }

    @Command(name = "unlock", description = "Clear the lockout of a user after too many failed logins (the running "
            + "server sees it at the user's next login).")
    static final class Unlock implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The locked user name.")
        String name;

        @Option(names = "--state", paramLabel = "DIR", defaultValue = DEFAULT_STATE,
                description = "The server's directory (default: ${DEFAULT-VALUE}).")
        Path state;

        @Override
        public Integer call() {
            boolean was = LoginThrottle.unlock(state.resolve("server/lockouts"), name);
            System.out.printf("zhibiao serve: user %s %s%n", name, was ? "unlocked" : "was not locked");
            return ExitCode.OK;
        }
    }
}
