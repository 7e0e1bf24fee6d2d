package io.zhibiao.jobs.serve;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.apache.hive.service.ServiceException;
import org.apache.hive.service.auth.HiveAuthFactory;
import org.apache.hive.service.auth.TSetIpAddressProcessor;
import org.apache.hive.service.cli.CLIService;
import org.apache.hive.service.cli.OperationHandle;
import org.apache.hive.service.cli.SessionHandle;
import org.apache.hive.service.cli.thrift.ThriftBinaryCLIService;
import org.apache.hive.service.rpc.thrift.TCLIService;
import org.apache.hive.service.rpc.thrift.TCancelOperationReq;
import org.apache.hive.service.rpc.thrift.TCloseOperationReq;
import org.apache.hive.service.rpc.thrift.TCloseSessionReq;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TExecuteStatementReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementResp;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TFetchResultsResp;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusReq;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusResp;
import org.apache.hive.service.rpc.thrift.TOpenSessionReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TOperationState;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TStatus;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.apache.thrift.TProcessor;
import org.apache.thrift.TProcessorFactory;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.server.ServerContext;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.transport.TSaslServerTransport;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveServer2's binary Thrift service with its door guarded. Thrift's own server gives every connection a thread
 * for as long as the client likes, before and after login, and reads whatever sizes a client announces; this one:
 * <ul>
 * <li>speaks TLS (unless started {@code --insecure});</li>
 * <li>gives a connection {@code loginTimeout} seconds to finish TLS and the login, and keeps at most
 * {@code maxPendingLogins} connections logging in: a new one pushes out the oldest, so idle or slow connections
 * cannot lock real clients out;</li>
 * <li>reads the login and every request under a size limit ({@link GuardedSocket});</li>
 * <li>closes a connection idle for {@code idleTimeout} seconds (its sessions with it);</li>
 * <li>checks every request before it reaches HiveServer2: the session-open settings ({@link SessionSettings}),
 * the number of sessions, every statement against {@link QueryAllowList} once Spark has analysed it, the rows a
 * result may have; and it writes the audit log;</li>
 * <li>sends errors as one line without stack traces or server paths.</li>
 * </ul>
 */
final class GuardedThriftService extends ThriftBinaryCLIService {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedThriftService.class);

    /** Answers the statement gate: why a statement is not run in a session, or empty. */
    interface StatementGate {
        Optional<Refused> refusal(SessionHandle session, String sql);
    }

    /** A statement not run: the message and SQLSTATE the client gets. */
    record Refused(String message, String sqlState) {
        static Refused byPolicy(String message) {
            return new Refused(message, Refusal.SQL_STATE);
        }
    }

    private final ServeSettings settings;
    private final SSLContext tls;
    private final AuditLog audit;
    private final StatementGate gate;
    private final Map<SessionHandle, Client> sessions = new ConcurrentHashMap<>();
    private final Map<OperationHandle, Statement> statements = new ConcurrentHashMap<>();
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();

    /** Who opened a session, from where. */
    private record Client(String user, String address) {
    }

    /** A statement being answered, for the audit log. */
    private static final class Statement {
        final Client client;
        final SessionHandle session;
        final String sql;
        final long started = System.nanoTime();
        long rows;
        String outcome = "ok";
        String message;

        Statement(Client client, SessionHandle session, String sql) {
            this.client = client;
            this.session = session;
            this.sql = sql;
        }
    }

    GuardedThriftService(CLIService cliService, ServeSettings settings, SSLContext tls, AuditLog audit,
            StatementGate gate) {
        super(cliService);
        this.settings = settings;
        this.tls = tls;
        this.audit = audit;
        this.gate = gate;
    }

    @Override
    protected void initializeServer() {
        try {
            hiveAuthFactory = new HiveAuthFactory(hiveConf);
            TTransportFactory sasl = hiveAuthFactory.getAuthTransFactory();
            ServerSocket socket = bind();
            portNum = socket.getLocalPort();
            TCLIService.Iface guarded = (TCLIService.Iface) Proxy.newProxyInstance(
                    TCLIService.Iface.class.getClassLoader(), new Class<?>[] {TCLIService.Iface.class}, new Guard());
            server = new Door(socket, sasl, guarded);
            server.setServerEventHandler(serverEventHandler);
            LOG.info("[serve] listening on {}:{} ({})", hiveHost, portNum, tls == null ? "plaintext, --insecure" : "TLS");
        } catch (Exception e) {
            throw new ServiceException("zhibiao serve cannot listen on " + hiveHost + ":" + portNum + ": "
                    + e.getMessage(), e);
        }
    }

    private ServerSocket bind() throws IOException {
        InetAddress address = InetAddress.getByName(hiveHost == null || hiveHost.isBlank() ? "127.0.0.1" : hiveHost);
        if (tls == null) {
            return new ServerSocket(portNum, 128, address);
        }
        SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(portNum, 128, address);
        s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        return s;
    }

    /** The accept loop: one thread per connection, bounded, with pending logins evicted oldest first. */
    private final class Door extends TServer {
        private final ServerSocket socket;
        private final TTransportFactory sasl;
        private final TCLIService.Iface guarded;
        private final ThreadPoolExecutor workers;
        private final Deque<Connection> pending = new ArrayDeque<>();
        private final Set<Connection> open = ConcurrentHashMap.newKeySet();
        private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
        private volatile boolean stopped;

        Door(ServerSocket socket, TTransportFactory sasl, TCLIService.Iface guarded) throws Exception {
            super(new TServer.Args(new TServerSocket(socket)).processorFactory(new TProcessorFactory(null)));
            this.socket = socket;
            this.sasl = sasl;
            this.guarded = guarded;
            int threads = settings.maxSessions() + 2 * settings.maxPendingLogins() + 8;
            AtomicInteger n = new AtomicInteger();
            this.workers = new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "zhibiao-serve-connection-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void serve() {
            setServing(true);
            while (!stopped) {
                Socket s;
                try {
                    s = socket.accept();
                } catch (IOException e) {
                    if (!stopped) {
                        LOG.warn("[serve] accepting a connection failed: {}", e.getMessage());
                    }
                    continue;
                }
                Connection c = new Connection(this, s);
                synchronized (pending) {
                    pending.addLast(c);
                    while (pending.size() > settings.maxPendingLogins()) {
                        pending.removeFirst().drop();
                    }
                }
                hand(c);
            }
            setServing(false);
        }

        /**
         * A thread for the connection; when every thread is taken, the oldest connections still logging in are
         * pushed out to free one (their threads end as soon as their sockets close), and only after 200 ms of that
         * is the new connection turned away.
         */
        private void hand(Connection c) {
            for (int attempt = 0; ; attempt++) {
                try {
                    workers.execute(c);
                    return;
                } catch (RejectedExecutionException full) {
                    if (attempt == 100) {
                        LOG.warn("[serve] {} connections already; turned one away from {}", open.size(), c.address);
                        leavePending(c);
                        c.drop();
                        return;
                    }
                    synchronized (pending) {
                        Connection oldest = pending.peekFirst();
                        if (oldest != null && oldest != c) {
                            pending.removeFirst().drop();
                        }
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        void leavePending(Connection c) {
            synchronized (pending) {
                pending.remove(c);
            }
        }

        @Override
        public void stop() {
            stopped = true;
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the server socket", e);
            }
            open.forEach(Connection::drop);
            workers.shutdownNow();
        }
    }

    /** One client connection, on its own thread. */
    private final class Connection implements Runnable {
        private final Door door;
        private final Socket socket;
        private final String address;
        final List<SessionHandle> opened = new ArrayList<>();
        volatile boolean closeAfterReply;

        Connection(Door door, Socket socket) {
            this.door = door;
            this.socket = socket;
            this.address = socket.getInetAddress().getHostAddress();
        }

        void drop() {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing a connection", e);
            }
        }

        @Override
        public void run() {
            door.open.add(this);
            connection.set(this);
            UserFileAuthenticator.CLIENT_ADDRESS.set(address);
            TTransport transport = null;
            TProtocol protocol = null;
            TServerEventHandler events = door.getEventHandler();
            ServerContext context = null;
            String user = null;
            try {
                socket.setSoTimeout(settings.loginTimeoutSeconds() * 1000);
                socket.setTcpNoDelay(true);
                GuardedSocket guardedSocket = new GuardedSocket(socket, settings.maxFrameBytes());
                guardedSocket.readLogin();
                try {
                    transport = door.sasl.getTransport(guardedSocket);
                } catch (RuntimeException failedLogin) {
                    return; // the SASL exchange has told the client; the authenticator logged and audited it
                }
                door.leavePending(this);
                user = ((TSaslServerTransport) transport).getSaslServer().getAuthorizationID();
                // A login is a connection and a thread: one user holds a few more than its sessions, no more.
                if (door.perUser.computeIfAbsent(user, k -> new AtomicInteger()).incrementAndGet()
                        > settings.maxSessionsPerUser() + 2) {
                    LOG.warn("[serve] user '{}' from {} has {} connections open already; closed the new one",
                            UserFileAuthenticator.printable(user), address, settings.maxSessionsPerUser() + 2);
                    audit.write("connection_refused", AuditLog.fields("user", UserFileAuthenticator.printable(user),
                            "address", address, "message", "too many connections for one user"));
                    return;
                }
                socket.setSoTimeout(settings.idleTimeoutSeconds() * 1000);
                TProcessor processor = new TSetIpAddressProcessor<>(door.guarded);
                protocol = new TBinaryProtocol.Factory(true, true, settings.maxFrameBytes(), settings.maxFrameBytes())
                        .getProtocol(transport);
                if (events != null) {
                    context = events.createContext(protocol, protocol);
                }
                while (!door.stopped) {
                    if (events != null) {
                        events.processContext(context, transport, transport);
                    }
                    if (!processor.process(protocol, protocol) || closeAfterReply) {
                        break; // a refused session's connection is closed: the Hive driver leaves it open otherwise
                    }
                }
            } catch (Exception e) {
                LOG.debug("[serve] connection from {} ended: {}", address, e.toString());
            } finally {
                if (user != null) {
                    door.perUser.get(user).decrementAndGet();
                }
                door.leavePending(this);
                door.open.remove(this);
                if (events != null && context != null) {
                    try {
                        events.deleteContext(context, protocol, protocol);
                    } catch (RuntimeException e) {
                        LOG.debug("closing the sessions of a connection", e);
                    }
                }
                for (SessionHandle h : opened) {
                    closed(h, "disconnected");
                }
                if (transport != null) {
                    transport.close();
                }
                drop();
                connection.remove();
                UserFileAuthenticator.CLIENT_ADDRESS.remove();
            }
        }
    }

    /** Every request of an authenticated client passes here on its way to HiveServer2. */
    private final class Guard implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(this, args);
            }
            Object request = args == null || args.length == 0 ? null : args[0];
            Object response;
            switch (method.getName()) {
                case "OpenSession":
                    response = openSession((TOpenSessionReq) request);
                    break;
                case "ExecuteStatement":
                    response = execute((TExecuteStatementReq) request);
                    break;
                case "FetchResults":
                    response = fetch((TFetchResultsReq) request);
                    break;
                case "GetOperationStatus":
                    response = status((TGetOperationStatusReq) request);
                    break;
                case "CloseOperation":
                    response = call(method, args);
                    finished(new OperationHandle(((TCloseOperationReq) request).getOperationHandle()));
                    break;
                case "CloseSession":
                    response = call(method, args);
                    closed(new SessionHandle(((TCloseSessionReq) request).getSessionHandle()), "closed");
                    break;
                case "GetDelegationToken":
                case "CancelDelegationToken":
                case "RenewDelegationToken":
                case "SetClientInfo":
                    response = call(method, args);
                    break;
                default:
                    response = call(method, args);
                    if (method.getName().startsWith("Get") && !method.getName().equals("GetInfo")
                            && !method.getName().equals("GetResultSetMetadata")) {
                        audit.write("metadata", AuditLog.fields("user", TSetIpAddressProcessor.getUserName(),
                                "address", TSetIpAddressProcessor.getUserIpAddress(), "request", method.getName(),
                                "detail", detail(request)));
                    }
            }
            sanitise(response);
            return response;
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(GuardedThriftService.this, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private TOpenSessionResp openSession(TOpenSessionReq req) throws Exception {
            String user = UserFileAuthenticator.printable(UserFileAuthenticator.utf8(TSetIpAddressProcessor.getUserName()));
            String address = TSetIpAddressProcessor.getUserIpAddress();
            Optional<String> refusal = SessionSettings.refusal(req.getConfiguration());
            TOpenSessionResp resp;
            synchronized (sessions) {
                forgetClosedSessions();
                if (refusal.isEmpty() && sessions.size() >= settings.maxSessions()) {
                    refusal = Optional.of("zhibiao serve has its " + settings.maxSessions() + " sessions open; try "
                            + "again later");
                }
                long mine = sessions.values().stream().filter(c -> c.user().equals(user)).count();
                if (refusal.isEmpty() && mine >= settings.maxSessionsPerUser()) {
                    refusal = Optional.of("user '" + user + "' has " + mine + " sessions open, the most one user may "
                            + "have; close one first");
                }
                if (refusal.isPresent()) {
                    audit.write("session_refused", AuditLog.fields("user", user, "address", address, "message",
                            refusal.get()));
                    LOG.warn("[serve] session refused for user '{}' from {}: {}", user, address, refusal.get());
                    resp = new TOpenSessionResp(error(refusal.get(), Refusal.SQL_STATE), protocol(req));
                    Connection c = connection.get();
                    if (c != null && c.opened.isEmpty()) {
                        c.closeAfterReply = true;
                    }
                    return resp;
                }
                resp = GuardedThriftService.this.OpenSession(req);
                if (resp.getStatus().getStatusCode() == TStatusCode.SUCCESS_STATUS && resp.isSetSessionHandle()) {
                    SessionHandle h = new SessionHandle(resp.getSessionHandle());
                    sessions.put(h, new Client(user, address));
                    Connection c = connection.get();
                    if (c != null) {
                        c.opened.add(h);
                    }
                    audit.write("session_opened", AuditLog.fields("user", user, "address", address, "session",
                            h.getHandleIdentifier().toString()));
                }
            }
            return resp;
        }

        private TProtocolVersion protocol(TOpenSessionReq req) {
            TProtocolVersion v = req.getClient_protocol();
            return v == null ? TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V8 : v;
        }

        private TExecuteStatementResp execute(TExecuteStatementReq req) {
            SessionHandle h = new SessionHandle(req.getSessionHandle());
            Client client = sessions.getOrDefault(h, new Client(TSetIpAddressProcessor.getUserName(),
                    TSetIpAddressProcessor.getUserIpAddress()));
            String sql = req.getStatement() == null ? "" : req.getStatement();
            Statement st = new Statement(client, h, sql);
            Optional<Refused> refusal = req.getConfOverlay() == null || req.getConfOverlay().isEmpty()
                    ? Optional.empty()
                    : Optional.of(Refused.byPolicy("zhibiao serve refuses settings sent with a statement ("
                            + String.join(", ", req.getConfOverlay().keySet()) + ")"));
            if (refusal.isEmpty()) {
                try {
                    refusal = gate.refusal(h, sql);
                } catch (RuntimeException e) {
                    refusal = Optional.of(Refused.byPolicy("zhibiao serve could not check the statement: "
                            + e.getMessage()));
                }
            }
            if (refusal.isPresent()) {
                boolean policy = Refusal.SQL_STATE.equals(refusal.get().sqlState());
                st.outcome = policy ? "refused" : "error";
                st.message = refusal.get().message();
                record(st);
                return new TExecuteStatementResp(error(refusal.get().message(), refusal.get().sqlState()));
            }
            TExecuteStatementResp resp;
            try {
                resp = GuardedThriftService.this.ExecuteStatement(req);
            } catch (Exception e) {
                st.outcome = "error";
                st.message = e.getMessage();
                record(st);
                throw new IllegalStateException(e);
            }
            if (resp.getStatus().getStatusCode() == TStatusCode.ERROR_STATUS || !resp.isSetOperationHandle()) {
                st.outcome = "error";
                st.message = resp.getStatus().getErrorMessage();
                record(st);
            } else {
                statements.put(new OperationHandle(resp.getOperationHandle()), st);
            }
            return resp;
        }

        private TFetchResultsResp fetch(TFetchResultsReq req) throws Exception {
            TFetchResultsResp resp = GuardedThriftService.this.FetchResults(req);
            Statement st = statements.get(new OperationHandle(req.getOperationHandle()));
            if (st == null || req.getFetchType() != 0 || resp.getStatus().getStatusCode() != TStatusCode.SUCCESS_STATUS) {
                return resp;
            }
            st.rows += rows(resp.getResults());
            if (st.rows > settings.maxRows()) {
                GuardedThriftService.this.CancelOperation(new TCancelOperationReq(req.getOperationHandle()));
                st.outcome = "row_cap";
                st.message = "the result has more than " + settings.maxRows() + " rows";
                return new TFetchResultsResp(error("zhibiao serve: the result has more than " + settings.maxRows()
                        + " rows, the most this server sends; aggregate, filter or add a LIMIT", "54000"));
            }
            return resp;
        }

        private TGetOperationStatusResp status(TGetOperationStatusReq req) throws Exception {
            TGetOperationStatusResp resp = GuardedThriftService.this.GetOperationStatus(req);
            Statement st = statements.get(new OperationHandle(req.getOperationHandle()));
            if (st != null && resp.isSetOperationState()) {
                TOperationState s = resp.getOperationState();
                if (s == TOperationState.ERROR_STATE) {
                    st.outcome = "error";
                    st.message = resp.getErrorMessage();
                } else if (s == TOperationState.TIMEDOUT_STATE) {
                    st.outcome = "timeout";
                    st.message = "cancelled after " + settings.queryTimeoutSeconds() + " s";
                } else if (s == TOperationState.CANCELED_STATE && !"row_cap".equals(st.outcome)) {
                    st.outcome = "cancelled";
                }
            }
            if (resp.isSetErrorMessage()) {
                resp.setErrorMessage(oneLine(resp.getErrorMessage()));
            }
            return resp;
        }

        private void finished(OperationHandle op) {
            Statement st = statements.remove(op);
            if (st != null) {
                record(st);
            }
        }
    }

    /** Ends a session's bookkeeping: its statements still open are written to the audit log. */
    private void closed(SessionHandle h, String how) {
        Client c = sessions.remove(h);
        statements.entrySet().removeIf(e -> {
            if (e.getValue().session.equals(h)) {
                record(e.getValue());
                return true;
            }
            return false;
        });
        if (c != null) {
            audit.write("session_closed", AuditLog.fields("user", c.user(), "address", c.address(), "session",
                    h.getHandleIdentifier().toString(), "how", how));
        }
    }

    /** Sessions HiveServer2 closed on its own (idle timeout) are no longer counted. */
    private void forgetClosedSessions() {
        for (SessionHandle h : new ArrayList<>(sessions.keySet())) {
            try {
                cliService.getSessionManager().getSession(h);
            } catch (Exception gone) {
                closed(h, "expired");
            }
        }
    }

    private void record(Statement st) {
        audit.write("statement", AuditLog.fields("user", st.client.user(), "address", st.client.address(),
                "session", st.session.getHandleIdentifier().toString(), "statement",
                st.sql.length() > 20_000 ? st.sql.substring(0, 20_000) + "…" : st.sql, "outcome", st.outcome,
                "rows", st.rows, "duration_ms", (System.nanoTime() - st.started) / 1_000_000,
                "message", st.message == null ? null : oneLine(st.message)));
    }

    private static long rows(TRowSet rs) {
        if (rs == null) {
            return 0;
        }
        if (rs.isSetColumns() && !rs.getColumns().isEmpty()) {
            TColumn c = rs.getColumns().get(0);
            switch (c.getSetField()) {
                case BOOL_VAL: return c.getBoolVal().getValuesSize();
                case BYTE_VAL: return c.getByteVal().getValuesSize();
                case I16_VAL: return c.getI16Val().getValuesSize();
                case I32_VAL: return c.getI32Val().getValuesSize();
                case I64_VAL: return c.getI64Val().getValuesSize();
                case DOUBLE_VAL: return c.getDoubleVal().getValuesSize();
                case STRING_VAL: return c.getStringVal().getValuesSize();
                case BINARY_VAL: return c.getBinaryVal().getValuesSize();
                default: return 0;
            }
        }
        return rs.getRowsSize();
    }

    private static String detail(Object request) {
        if (request == null) {
            return null;
        }
        String s = request.toString().replaceAll("sessionHandle:[^)]*\\)\\)?,? ?", "");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static TStatus error(String message, String sqlState) {
        TStatus s = new TStatus(TStatusCode.ERROR_STATUS);
        s.setErrorMessage(message);
        s.setSqlState(sqlState);
        s.setErrorCode(0);
        return s;
    }

    /** Every response's status without HiveServer2's stack trace, its message one line without server paths. */
    private static void sanitise(Object response) {
        if (response == null) {
            return;
        }
        try {
            Object s = response.getClass().getMethod("getStatus").invoke(response);
            if (s instanceof TStatus) {
                TStatus status = (TStatus) s;
                status.setInfoMessages(null);
                if (status.isSetErrorMessage()) {
                    status.setErrorMessage(oneLine(status.getErrorMessage()));
                }
            }
        } catch (ReflectiveOperationException none) {
            // a response without a status
        }
    }

    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile(
            "(?:(?:file|hdfs|s3a?|abfss?|gs|jar):/*|(?<![\\w.~-])/(?=[\\w.-]+/))[^\\s'\"`,;()\\[\\]]*");
    private static final java.util.regex.Pattern CLASS_PREFIX = java.util.regex.Pattern.compile(
            "(?:[a-z][\\w]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?:: )");

    /** An error message as a client should see it: its first line, no class names of the server's, no paths. */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        String first = message.strip();
        int nl = first.indexOf('\n');
        if (nl >= 0) {
            first = first.substring(0, nl).strip();
        }
        first = CLASS_PREFIX.matcher(first).replaceAll("");
        first = PATH.matcher(first).replaceAll("<path>");
        return first.length() > 600 ? first.substring(0, 600) + "…" : first;
    }
}
