package io.zhibiao.jobs.serve;

import io.zhibiao.transforms.lake.Lake;
import io.zhibiao.transforms.lake.LakeCatalog;
import java.util.List;
import org.apache.hive.service.cli.thrift.ThriftCLIService;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The lake's published tables over JDBC: Spark's Thrift Server (the HiveServer2 protocol FineBI, Superset,
 * Tableau and DBeaver speak) in this JVM, on a session of its own that knows only the {@code published} schema,
 * checks each login against a users file and refuses anything but reading (see {@link Confinement}).
 *
 * <p>The serving session shares the Spark context of the caller's session but not its catalog: it is built with
 * a fresh shared state, so the other zones' tables, registered by the jobs in their own session, are not there
 * to be named. Each JDBC connection gets a child of it (same catalog, same checks).
 */
public final class PublishedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedServer.class);
    private static final String AUTH_CLASS_PROPERTY = "hive.server2.custom.authentication.class";

    private final HiveThriftServer2 server;
    private final SparkSession session;
    private final String host;
    private final int port;
    private final List<String> tables;

    private PublishedServer(HiveThriftServer2 server, SparkSession session, String host, int port, List<String> tables) {
        this.server = server;
        this.session = session;
        this.host = host;
        this.port = port;
        this.tables = List.copyOf(tables);
    }

    /**
     * Starts serving the lake's published tables on host:port (port 0: any free port, see {@link #port()}).
     * {@code spark} gives the Spark context to run on; its own session and catalog are left as they were.
     */
    public static PublishedServer start(SparkSession spark, Lake lake, String host, int port, ServeUsers users) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port (0 picks a free one)");
        }
        UserFileAuthenticator.use(users);
        // HiveServer2 looks the provider class up in a HiveConf of its own making, which reads system properties.
        System.setProperty(AUTH_CLASS_PROPERTY, UserFileAuthenticator.class.getName());
        SparkSession serving = servingSession(spark, host, port);
        List<String> tables = Confinement.settingUp(() -> LakeCatalog.registerZone(serving, lake, Confinement.SERVED_SCHEMA));
        Confinement.settingUp(() -> {
            tables.forEach(t -> keepSchemaInCatalog(serving, lake, t));
            return null;
        });
        if (tables.isEmpty()) {
            throw new IllegalStateException("the lake at " + lake.root() + " has no published tables yet; run "
                    + "`zhibiao run --lake " + lake.root() + "` first");
        }
        HiveThriftServer2 server = HiveThriftServer2.startWithContext(serving.sqlContext());
        int actual = boundPort(server);
        LOG.info("[serve] JDBC (HiveServer2 protocol) on {}:{}, users from {} ({}), serving {} tables: {}", host, actual,
                users.file(), String.join(", ", users.names()), tables.size(), String.join(", ", tables));
        return new PublishedServer(server, serving, host, actual, tables);
    }

    /** The port the server listens on (the free one it took when asked for port 0). */
    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The tables served, as published.&lt;table&gt;. */
    public List<String> tables() {
        return tables;
    }

    /** The JDBC URL a BI tool connects with. */
    public String url() {
        return "jdbc:hive2://" + host + ":" + port + "/" + Confinement.SERVED_SCHEMA;
    }

    /** The session the clients' sessions derive from (for tests and diagnostics). */
    SparkSession session() {
        return session;
    }

    /** Stops listening; the Spark context stays up for its other users. */
    @Override
    public void close() {
        server.stop();
        LOG.info("[serve] stopped listening on {}:{}", host, port);
    }

    /**
     * A session on the caller's Spark context with a fresh catalog, the confinement checks and the thrift server's
     * settings. The builder makes a new session (rather than handing back the caller's) only when no session is
     * active or default; those are put back afterwards.
     */
    private static SparkSession servingSession(SparkSession spark, String host, int port) {
        Option<SparkSession> active = SparkSession.getActiveSession();
        Option<SparkSession> fallback = SparkSession.getDefaultSession();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        try {
            SparkSession serving = SparkSession.builder()
                    .config("hive.server2.thrift.bind.host", host)
                    .config("hive.server2.thrift.port", String.valueOf(port))
                    .config("hive.server2.transport.mode", "binary")
                    .config("hive.server2.authentication", "CUSTOM")
                    // Queries run as the server's own user; the logged-in name is for the logs.
                    .config("hive.server2.enable.doAs", "false")
                    .config("hive.server2.logging.operation.enabled", "false")
                    // The catalog keeps each published table's schema with its Chinese column comments, which is
                    // what JDBC metadata calls (getColumns) read.
                    .config("spark.databricks.delta.catalog.update.enabled", "true")
                    .getOrCreate();
            if (serving.sparkContext() != spark.sparkContext()) {
                throw new IllegalStateException("the serving session did not join the running Spark context");
            }
            // Installed after getOrCreate, not with the builder: getOrCreate applies the context's spark.sql.extensions
            // (Delta's) after the builder's own, and Delta's parser answers its statements (RESTORE, VACUUM, OPTIMIZE,
            // DESCRIBE HISTORY …) without asking the parser it wraps. Each JDBC connection's session builds its
            // parser and checks from this same list of extensions, so the check added last sees every statement first.
            Confinement.install(serving.extensions());
            return serving;
        } finally {
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            if (fallback.isDefined()) {
                SparkSession.setDefaultSession(fallback.get());
            }
            if (active.isDefined()) {
                SparkSession.setActiveSession(active.get());
            }
        }
    }

    /**
     * JDBC's getColumns reads a table's columns (and their comments, the Chinese labels) from the catalog; when
     * Delta left the catalog entry without a schema, the table's own schema is put there.
     */
    private static void keepSchemaInCatalog(SparkSession serving, Lake lake, String table) {
        var catalog = serving.sessionState().catalog();
        try {
            var id = serving.sessionState().sqlParser().parseTableIdentifier(table);
            if (catalog.getTableMetadata(id).schema().isEmpty()) {
                String location = lake.root() + "/" + table.replace('.', '/');
                catalog.alterTableDataSchema(id, serving.read().format("delta").load(location).schema());
            }
        } catch (org.apache.spark.sql.AnalysisException e) {
            throw new IllegalStateException("cannot describe " + table + " to JDBC clients: " + e.getMessage(), e);
        }
    }

    /** The listening port, waiting briefly for the thrift service to bind when a free one was asked for. */
    private static int boundPort(HiveThriftServer2 server) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            for (Object s : server.getServices()) {
                if (s instanceof ThriftCLIService && ((ThriftCLIService) s).getPortNumber() > 0) {
                    return ((ThriftCLIService) s).getPortNumber();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the JDBC server did not start listening within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the JDBC server to listen", e);
            }
        }
    }
}
