package io.zhibiao.jobs.serve;

import io.zhibiao.jobs.ExitCode;
import io.zhibiao.transforms.lake.Lake;
import io.zhibiao.jobs.SparkOptions;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zhibiao serve}: the published tables over JDBC until Ctrl-C; {@code zhibiao serve passwd NAME} adds a user. */
@Command(name = "serve", subcommands = ServeCommand.Passwd.class,
        description = "Serve the lake's published tables over JDBC (HiveServer2 protocol: FineBI, Superset, Tableau, "
                + "DBeaver, Excel via ODBC) until Ctrl-C: read-only, published schema only, users from a file.")
public final class ServeCommand implements Callable<Integer> {

    static final String DEFAULT_USERS = "serve-users.yaml";

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

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Override
    public Integer call() throws InterruptedException {
        ServeUsers loaded = ServeUsers.load(users);
        SparkSession spark = sparkOptions.session("zhibiao-serve");
        PublishedServer server = PublishedServer.start(spark, Lake.at(lake), host, port, loaded);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "zhibiao-serve-stop"));
        System.out.printf("zhibiao serve: %s (Hive JDBC driver; users in %s: %s)%n", server.url(), loaded.file(),
                String.join(", ", loaded.names()));
        System.out.printf("serving %d tables: %s%n", server.tables().size(), String.join(", ", server.tables()));
        System.out.println("read-only, published schema only; Ctrl-C stops.");
        stopped.await();
        return ExitCode.OK;
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
                    throw new IllegalArgumentException("no password on standard input");
                }
                return line;
            }
            char[] first = console.readPassword("password for %s: ", name);
            char[] again = console.readPassword("again: ");
            try {
                if (first == null || !Arrays.equals(first, again)) {
                    throw new IllegalArgumentException("the two passwords differ; nothing was saved");
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
}
