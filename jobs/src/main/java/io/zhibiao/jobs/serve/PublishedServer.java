package io.zhibiao.jobs.serve;

import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeCatalog;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hive.service.CompositeService;
import org.apache.hive.service.Service;
import org.apache.hive.service.cli.CLIService;
import org.apache.hive.service.cli.SessionHandle;
import org.apache.hive.service.server.HiveServer2;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode$;
import org.apache.spark.sql.hive.HiveUtils$;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2$;
import org.apache.spark.sql.hive.thriftserver.server.SparkSQLOperationManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The published tables of one copied release ({@link ServingRelease}) over JDBC: Spark's Thrift Server (the
 * HiveServer2 protocol FineBI, Superset, Tableau and DBeaver speak) behind {@link GuardedThriftService}, on a
 * session of its own that knows only the {@code published} schema. In production it runs in the sandbox
 * ({@link SandboxedServer}); tests also start it in their own JVM.
 *
 * <p>Each statement is checked twice before it runs: the session's parser refuses anything but a query or a
 * metadata statement naming published tables and allowed functions ({@link Confinement}), and the statement gate
 * analyses it and holds every plan node and expression against {@link QueryAllowList}.
 */
public final class PublishedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedServer.class);
    private static final String AUTH_CLASS_PROPERTY = "hive.server2.custom.authentication.class";

    private final HiveThriftServer2 server;
    private final SparkSession session;
    private final String host;
    private final int port;
    private final AuditLog audit;
    private final ScheduledExecutorService watcher;
    private volatile List<String> tables;
    private volatile String release;

    private PublishedServer(HiveThriftServer2 server, SparkSession session, String host, int port, AuditLog audit,
            ScheduledExecutorService watcher, List<String> tables, String release) {
        this.server = server;
        this.session = session;
        this.host = host;
        this.port = port;
        this.audit = audit;
        this.watcher = watcher;
        this.tables = List.copyOf(tables);
        this.release = release;
    }

    /**
     * Starts serving the release that {@code settings.servingDir()/current} names, on settings' host and port
     * (port 0: any free port, see {@link #port()}), with both statement checks.
     */
    public static PublishedServer start(SparkSession spark, ServeSettings settings) {
        return start(spark, settings, true);
    }

    /**
     * {@code statementChecks} false leaves out both SQL checks; only tests do that, to show that the sandbox
     * alone keeps a statement from reaching what it must not.
     */
    static PublishedServer start(SparkSession spark, ServeSettings settings, boolean statementChecks) {
        Path servingRoot = Path.of(settings.servingDir());
        Path state = Path.of(settings.stateDir());
        AuditLog audit = new AuditLog(state.resolve("audit"));
        LoginThrottle throttle = new LoginThrottle(state.resolve("lockouts"), System::currentTimeMillis);
        UserFileAuthenticator.use(ServeUsers.of("(from the launching process)", settings.users()), throttle, audit);
        // HiveServer2 looks the provider class up in a HiveConf of its own making, which reads system properties.
        System.setProperty(AUTH_CLASS_PROPERTY, UserFileAuthenticator.class.getName());
        SSLContext tls = settings.insecure() ? null : tls(settings);
        SparkSession serving = servingSession(spark, settings, statementChecks);
        String release = currentRelease(servingRoot);
        List<String> tables = register(serving, servingRoot.resolve(release));
        GuardedThriftService.StatementGate gate = statementChecks
                ? new Gate(servingRoot.toAbsolutePath().toString())
                : (session, sql) -> Optional.empty();
        HiveThriftServer2 server = startThriftServer(serving.sqlContext(), settings, tls, audit, gate);
        int actual = boundPort(server);
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zhibiao-serve-release-watch");
            t.setDaemon(true);
            return t;
        });
        PublishedServer ps = new PublishedServer(server, serving, settings.host(), actual, audit, watcher, tables,
                release);
        watcher.scheduleWithFixedDelay(() -> ps.followRelease(servingRoot), 2, 2, TimeUnit.SECONDS);
        LOG.info("[serve] JDBC on {}:{} ({}), {} users, release {} with {} tables: {}", settings.host(), actual,
                settings.insecure() ? "plaintext" : "TLS", settings.users().size(), release, tables.size(),
                String.join(", ", tables));
        audit.write("server_started", AuditLog.fields("port", actual, "release", release, "tls", !settings.insecure()));
        return ps;
    }

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

    /** The release directory being served (release-N). */
    public String release() {
        return release;
    }

    /** The session the clients' sessions derive from (for tests and diagnostics). */
    SparkSession session() {
        return session;
    }

    /** Stops listening; the Spark context stays up for its other users. */
    @Override
    public void close() {
        watcher.shutdownNow();
        server.stop();
        audit.write("server_stopped", AuditLog.fields("port", port));
        audit.close();
        LOG.info("[serve] stopped listening on {}:{}", host, port);
    }

    /** A new release copied in by the launching process is served to the statements that start after it. */
    private void followRelease(Path servingRoot) {
        try {
            String now = currentRelease(servingRoot);
            if (!now.equals(release)) {
                List<String> before = tables;
                tables = register(session, servingRoot.resolve(now));
                List<String> gone = before.stream().filter(t -> !tables.contains(t)).toList();
                Confinement.settingUp(() -> {
                    gone.forEach(t -> session.sql("DROP TABLE IF EXISTS " + t));
                    return null;
                });
                LOG.info("[serve] now serving {} (was {})", now, release);
                audit.write("release_switched", AuditLog.fields("from", release, "to", now));
                release = now;
            }
        } catch (RuntimeException e) {
            LOG.warn("[serve] cannot switch to the new release: {}", e.getMessage());
        }
    }

    private static String currentRelease(Path servingRoot) {
        try {
            String r = ServingRelease.current(servingRoot);
            if (r == null || !r.matches("release-[0-9]+") || !Files.isDirectory(servingRoot.resolve(r))) {
                throw new IllegalStateException(servingRoot + " holds no release to serve (no valid 'current')");
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + servingRoot.resolve(ServingRelease.CURRENT), e);
        }
    }

    private static List<String> register(SparkSession serving, Path releaseDir) {
        List<String> tables = Confinement.settingUp(
                () -> LakeCatalog.registerZone(serving, Lake.at(releaseDir.toString()), Confinement.SERVED_SCHEMA));
        if (tables.isEmpty()) {
            throw new IllegalStateException(releaseDir + " holds no published tables");
        }
        Confinement.settingUp(() -> {
            tables.forEach(t -> keepSchemaInCatalog(serving, releaseDir, t));
            tables.forEach(t -> keepCommentInCatalog(serving, releaseDir, t));
            // Read each table once, so the first client's first query does not wait for Delta's log and Spark's code.
            tables.forEach(t -> serving.sql("SELECT * FROM " + t + " LIMIT 1").collectAsList());
            return null;
        });
        return tables;
    }

    /** Answers the thrift service's question about each statement: parsed, analysed, held against the lists. */
    private static final class Gate implements GuardedThriftService.StatementGate {
        private final String servingRoot;
        private SparkSQLOperationManager operations;

        Gate(String servingRoot) {
            this.servingRoot = servingRoot;
        }

        void attach(CLIService cli) {
            operations = (SparkSQLOperationManager) cli.getSessionManager().getOperationManager();
        }

        @Override
        public Optional<GuardedThriftService.Refused> refusal(SessionHandle handle, String sql) {
            SQLContext ctx = operations.sessionToContexts().get(handle);
            if (ctx == null) {
                return Optional.empty(); // HiveServer2 answers an unknown session itself
            }
            SparkSession s = ctx.sparkSession();
            Option<SparkSession> before = SparkSession.getActiveSession();
            SparkSession.setActiveSession(s);
            try {
                LogicalPlan parsed = s.sessionState().sqlParser().parsePlan(sql);
                LogicalPlan analysed = s.sessionState().executePlan(parsed, CommandExecutionMode$.MODULE$.SKIP())
                        .analyzed();
                return QueryAllowList.refusalOfAnalyzed(analysed, servingRoot)
                        .map(GuardedThriftService.Refused::byPolicy);
            } catch (Refusal r) {
                return Optional.of(GuardedThriftService.Refused.byPolicy(r.getMessage()));
            } catch (org.apache.spark.sql.AnalysisException e) {
                // Nothing runs that the gate has not seen analysed: Spark's own error (a typo, an unknown column) is
                // the answer, without running the statement.
                return Optional.of(new GuardedThriftService.Refused(e.getMessage(),
                        e.getSqlState() == null ? "42000" : e.getSqlState()));
            } finally {
                if (before.isDefined()) {
                    SparkSession.setActiveSession(before.get());
                } else {
                    SparkSession.clearActiveSession();
                }
            }
        }
    }

    private static SSLContext tls(ServeSettings settings) {
        String ks0 = settings.keystore();
        try (InputStream in = ks0.startsWith(Sandbox.INLINE) ? new java.io.ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(ks0.substring(Sandbox.INLINE.length()))) : new FileInputStream(ks0)) {
            char[] password = settings.keystorePassword() == null ? new char[0]
                    : settings.keystorePassword().toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS keystore: "
                    + e.getMessage(), e);
        }
    }

    /**
     * HiveThriftServer2 as Spark starts it, with its binary thrift service exchanged for the guarded one before
     * anything listens.
     */
    private static HiveThriftServer2 startThriftServer(SQLContext sql, ServeSettings settings, SSLContext tls,
            AuditLog audit, GuardedThriftService.StatementGate gate) {
        try {
            HiveConf conf = HiveUtils$.MODULE$.newClientForExecution(sql.sparkContext().conf(),
                    sql.sessionState().newHadoopConf()).conf();
            HiveThriftServer2 server = new HiveThriftServer2(sql);
            server.init(conf);
            CLIService cli = (CLIService) field(HiveServer2.class, "cliService").get(server);
            if (gate instanceof Gate) {
                ((Gate) gate).attach(cli);
            }
            GuardedThriftService guarded = new GuardedThriftService(cli, settings, tls, audit, gate);
            guarded.init(conf);
            Field thrift = field(HiveServer2.class, "thriftCLIService");
            Object stock = thrift.get(server);
            @SuppressWarnings("unchecked")
            List<Service> services = (List<Service>) field(CompositeService.class, "serviceList").get(server);
            services.set(services.indexOf(stock), guarded);
            thrift.set(server, guarded);
            server.start();
            Method ui = HiveThriftServer2$.class.getDeclaredMethod("createListenerAndUI", HiveThriftServer2.class,
                    org.apache.spark.SparkContext.class);
            ui.setAccessible(true);
            ui.invoke(HiveThriftServer2$.MODULE$, server, sql.sparkContext());
            return server;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Spark's thrift server is not the one zhibiao serve was built for: "
                    + e, e);
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /**
     * A session on the caller's Spark context with a fresh catalog, the parse-time check and the thrift server's
     * settings. The builder makes a new session (rather than handing back the caller's) only when no session is
     * active or default; those are put back afterwards.
     */
    private static SparkSession servingSession(SparkSession spark, ServeSettings settings, boolean checks) {
        Option<SparkSession> active = SparkSession.getActiveSession();
        Option<SparkSession> fallback = SparkSession.getDefaultSession();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        try {
            SparkSession serving = SparkSession.builder()
                    .config("hive.server2.thrift.bind.host", settings.host())
                    .config("hive.server2.thrift.port", String.valueOf(settings.port()))
                    .config("hive.server2.transport.mode", "binary")
                    .config("hive.server2.authentication", "CUSTOM")
                    // Queries run as the server's own user; the logged-in name is for the audit log.
                    .config("hive.server2.enable.doAs", "false")
                    .config("hive.server2.logging.operation.enabled", "false")
                    .config("hive.server2.idle.session.timeout", settings.idleTimeoutSeconds() * 1000L + "ms")
                    .config("hive.server2.session.check.interval", "60000ms")
                    .config("hive.server2.async.exec.threads", String.valueOf(settings.maxSessions()))
                    .config("spark.sql.thriftServer.queryTimeout", settings.queryTimeoutSeconds() + "s")
                    // Results stream to the client partition by partition instead of being collected whole.
                    .config("spark.sql.thriftServer.incrementalCollect", "true")
                    .config("spark.sql.variable.substitute", "false")
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
            if (checks) {
                Confinement.install(serving.extensions());
            }
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
    private static void keepSchemaInCatalog(SparkSession serving, Path releaseDir, String table) {
        var catalog = serving.sessionState().catalog();
        try {
            var id = serving.sessionState().sqlParser().parseTableIdentifier(table);
            if (catalog.getTableMetadata(id).schema().isEmpty()) {
                String location = releaseDir + "/" + table.replace('.', '/');
                catalog.alterTableDataSchema(id, serving.read().format("delta").load(location).schema());
            }
        } catch (org.apache.spark.sql.AnalysisException e) {
            throw new IllegalStateException("cannot describe " + table + " to JDBC clients: " + e.getMessage(), e);
        }
    }

    /**
     * The Delta table's description (a synthetic release's 示例数据 note, {@link ServingRelease#comment}) as the
     * catalog's table comment, which JDBC getTables reports as REMARKS.
     */
    private static void keepCommentInCatalog(SparkSession serving, Path releaseDir, String table) {
        String location = releaseDir + "/" + table.replace('.', '/');
        org.apache.spark.sql.Row detail = io.delta.tables.DeltaTable.forPath(serving, location).detail().select("description").first();
        if (detail.isNullAt(0)) {
            return;
        }
        try {
            var id = serving.sessionState().sqlParser().parseTableIdentifier(table);
            if (detail.getString(0).equals(serving.sessionState().catalog().getTableMetadata(id).comment().getOrElse(() -> null))) {
                return;
            }
            scala.collection.immutable.Map<String, String> comment =
                    scala.collection.immutable.Map$.MODULE$.<String, String>empty().updated("comment", detail.getString(0));
            // The catalog entry only (the v1 command): the served copy's Delta log already holds the description.
            new org.apache.spark.sql.execution.command.AlterTableSetPropertiesCommand(id, comment, false).run(serving);
        } catch (org.apache.spark.sql.AnalysisException e) {
            throw new IllegalStateException("cannot describe " + table + " to JDBC clients: " + e.getMessage(), e);
        }
    }

    /** The listening port, waiting briefly for the thrift service to bind when a free one was asked for. */
    private static int boundPort(HiveThriftServer2 server) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            for (Object s : server.getServices()) {
                if (s instanceof GuardedThriftService && ((GuardedThriftService) s).getPortNumber() > 0) {
                    return ((GuardedThriftService) s).getPortNumber();
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
