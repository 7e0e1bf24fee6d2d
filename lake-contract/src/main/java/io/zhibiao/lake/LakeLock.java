package io.zhibiao.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer per lake. A command that writes to the lake ({@code run}, {@code ingest}, {@code refine},
 * {@code indicators}, {@code check}, {@code maintain}) holds {@code _lock/writer.json} while it works; readers never
 * look at it. The file is created only if absent (an atomic create on the lake's own file system: {@code O_EXCL} on a
 * local disk, the name node's create on HDFS), and says who holds it: run id, command, user, host, process id and
 * that process's start time. While the holder works a daemon thread touches the file's modification time every
 * {@link Settings#heartbeat()}: that time is the heartbeat.
 *
 * <p>A lock is stale, and is taken over, when its holder is known dead — the same host, and no process with that id
 * and start time — or when its heartbeat is older than {@link Settings#staleAfter()} (another host, or a holder that
 * cannot be asked). A takeover first creates {@code _lock/takeover-<run>} for the stale run (only one contender
 * can), checks that the lock still names that run, moves it aside as {@code _lock/taken-over-<run>-by-<new run>.json} and then
 * creates its own: two processes that find the same stale lock cannot both end up holding it. A holder whose heartbeat
 * finds the lock no longer its own (taken over while it was paused) halts at once rather than write beside the new
 * holder.
 *
 * <p>On an object store without an atomic create-if-absent (S3 without conditional writes) the create is not
 * exclusive; lake-contract/README.md says what to do there.
 */
public final class LakeLock implements AutoCloseable {

    static final String FILE = "writer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How often the holder beats, and how old a heartbeat makes a lock from another host stale. */
    public record Settings(Duration heartbeat, Duration staleAfter, Duration pollEvery) {
        /** Every 10 s; stale after 2 min without a beat; a waiting command looks again every 2 s. */
        public static Settings defaults() {
            Duration beat = Duration.ofMillis(Long.getLong("zhibiao.lock.heartbeat-ms", 10_000));
            Duration stale = Duration.ofMillis(Long.getLong("zhibiao.lock.stale-after-ms", 120_000));
            return new Settings(beat, stale, Duration.ofMillis(Math.min(2_000, beat.toMillis())));
        }
    }

    /** Who holds (or held) a lake's lock, as its lock file says, and the file's last heartbeat. */
    public record Holder(String runId, String command, String user, String host, long pid, String processStarted,
                         Instant acquiredAt, Instant heartbeat) {

        /** One line for messages: run, command, user@host, pid, since, last heartbeat. */
        public String describe(Instant now) {
            return "run " + runId + " (zhibiao " + command + ", " + user + "@" + host + ", pid " + pid + ", since "
                    + acquiredAt + ", last heartbeat " + Duration.between(heartbeat, now).toSeconds() + " s ago)";
        }
    }

    /** The state of a lake's lock when someone looked. */
    public record Look(Optional<Holder> holder, boolean stale, String why) {
    }

    private final Store store;
    private final Settings settings;
    private final Holder me;
    private final Consumer<String> log;
    private ScheduledExecutorService beating;
    private Thread hook;
    private volatile boolean held;

    private LakeLock(Store store, Settings settings, Holder me, Consumer<String> log) {
        this.store = store;
        this.settings = settings;
        this.me = me;
        this.log = log;
    }

    /** A lock on {@code lake} for {@code runId}'s {@code command}, not yet taken. */
    public static LakeLock of(Lake lake, Configuration conf, String runId, String command, Settings settings,
                              Consumer<String> log) {
        ProcessHandle self = ProcessHandle.current();
        Instant now = Instant.now();
        Holder me = new Holder(runId, command, System.getProperty("user.name", "?"), hostName(), self.pid(),
                self.info().startInstant().map(Instant::toString).orElse(""), now, now);
        return new LakeLock(Store.of(lake, conf), settings, me, log);
    }

    /** The lock as it is now, without taking it: for {@code zhibiao status}. */
    public static Look look(Lake lake, Configuration conf, Settings settings) {
        Store store = Store.of(lake, conf);
        try {
            Optional<Holder> h = read(store);
            if (h.isEmpty()) {
                return new Look(Optional.empty(), false, "");
            }
            String why = staleness(h.get(), settings, Instant.now());
            return new Look(h, why != null, why == null ? "" : why);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes the lock, waiting up to {@code wait} (zero: not at all; null: as long as it takes) while another live
     * process holds it. Returns the holder that kept it from us, or empty once we hold it.
     */
    public Optional<Holder> acquire(Duration wait) throws IOException, InterruptedException {
        Instant until = wait == null ? null : Instant.now().plus(wait);
        boolean said = false;
        while (true) {
            Optional<Holder> other = tryOnce();
            if (other.isEmpty()) {
                started();
                return Optional.empty();
            }
            if (until != null && !Instant.now().isBefore(until)) {
                return other;
            }
            if (!said) {
                log.accept("waiting for the lake's writer lock, held by " + other.get().describe(Instant.now()));
                said = true;
            }
            Thread.sleep(settings.pollEvery().toMillis());
        }
    }

    /** Whether this process holds the lock now. */
    public boolean held() {
        return held;
    }

    public Holder me() {
        return me;
    }

    /** Lets go: stops the heartbeat and removes the lock file if it is still ours. */
    @Override
    public synchronized void close() {
        if (!held) {
            return;
        }
        held = false;
        beating.shutdownNow();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is closing us
            }
        }
        try {
            Optional<Holder> h = read(store);
            if (h.isPresent() && h.get().runId().equals(me.runId()) && h.get().pid() == me.pid()) {
                store.delete(FILE);
            }
        } catch (IOException e) {
            log.accept("could not remove the lake's writer lock (" + e.getMessage() + "); the next run takes it over"
                    + " once it sees this process gone");
        }
    }

    /** One attempt: create the file, else take over a stale lock, else report its holder. */
    private Optional<Holder> tryOnce() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (store.createNew(FILE, json(me))) {
                return Optional.empty();
            }
            Optional<Holder> h = read(store);
            if (h.isEmpty()) {
                continue; // removed meanwhile (or being written by a process that just died): try again
            }
            String why = staleness(h.get(), settings, Instant.now());
            if (why == null) {
                return h;
            }
            if (takeOver(h.get(), why)) {
                return Optional.empty();
            }
        }
        Optional<Holder> h = read(store);
        return h.isPresent() ? h : Optional.of(unreadable());
    }

    private boolean takeOver(Holder stale, String why) throws IOException {
        String claim = "takeover-" + safe(stale.runId()) + "-" + stale.pid();
        if (!store.createNew(claim, json(me))) {
            Optional<Instant> claimed = store.modified(claim);
            // A contender that died in the middle of its takeover leaves its claim: old claims are removed.
            if (claimed.isPresent() && claimed.get().plus(settings.staleAfter()).isBefore(Instant.now())) {
                store.delete(claim);
            }
            return false;
        }
        try {
            Optional<Holder> now = read(store);
            if (now.isEmpty() || !now.get().runId().equals(stale.runId()) || now.get().pid() != stale.pid()) {
                return false;
            }
            if (!store.rename(FILE, "taken-over-" + safe(stale.runId()) + "-by-" + safe(me.runId()) + ".json")
                    || !store.createNew(FILE, json(me))) {
                return false;
            }
            log.accept("took over the lake's writer lock from " + stale.describe(Instant.now()) + ": " + why);
            return true;
        } finally {
            store.delete(claim);
        }
    }

    private void started() {
        held = true;
        beating = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zhibiao-lake-lock");
            t.setDaemon(true);
            return t;
        });
        long every = settings.heartbeat().toMillis();
        beating.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        hook = new Thread(this::close, "zhibiao-lake-lock-release");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void beat() {
        try {
            Optional<Holder> h = read(store);
            if (held && (h.isEmpty() || !h.get().runId().equals(me.runId()) || h.get().pid() != me.pid())) {
                String line = "zhibiao: error: this run lost the lake's writer lock"
                        + h.map(o -> " to " + o.describe(Instant.now())).orElse(" (its file was removed)")
                        + "; halting before writing beside another writer";
                System.err.println(line);
                System.err.flush();
                Runtime.getRuntime().halt(ExitCode.FAILED);
            }
            store.touch(FILE, Instant.now());
        } catch (IOException | RuntimeException e) {
            log.accept("lake lock heartbeat failed: " + e.getMessage());
        }
    }

    /** Null when the holder may be alive; otherwise why the lock is stale. */
    static String staleness(Holder h, Settings settings, Instant now) {
        if (h.host().equals(hostName()) && h.pid() > 0) {
            Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
            if (p.isEmpty() || !p.get().isAlive()) {
                return "process " + h.pid() + " on this host is gone";
            }
            String started = p.get().info().startInstant().map(Instant::toString).orElse("");
            if (!h.processStarted().isEmpty() && !started.isEmpty() && !started.equals(h.processStarted())) {
                return "process " + h.pid() + " on this host is another process now (started " + started + ")";
            }
            return null; // alive on this host: never taken from a live process, however late its heartbeat
        }
        Duration age = Duration.between(h.heartbeat(), now);
        return age.compareTo(settings.staleAfter()) > 0
                ? "no heartbeat for " + age.toSeconds() + " s (stale after " + settings.staleAfter().toSeconds() + " s)"
                : null;
    }

    private static Optional<Holder> read(Store store) throws IOException {
        Optional<byte[]> bytes = store.read(FILE);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Instant heartbeat = store.modified(FILE).orElse(Instant.EPOCH);
        try {
            JsonNode n = JSON.readTree(bytes.get());
            if (n == null || !n.hasNonNull("run_id")) {
                throw new IOException("no run_id");
            }
            return Optional.of(new Holder(n.path("run_id").asText(), n.path("command").asText(), n.path("user").asText(),
                    n.path("host").asText(), n.path("pid").asLong(), n.path("process_started").asText(),
                    Instant.parse(n.path("acquired_at").asText()), heartbeat));
        } catch (IOException | RuntimeException e) {
            // Half written by a process that died between create and write: its time says how old it is.
            return Optional.of(new Holder("?", "?", "?", "?", -1, "", heartbeat, heartbeat));
        }
    }

    private Holder unreadable() {
        return new Holder("?", "?", "?", "?", -1, "", Instant.EPOCH, Instant.EPOCH);
    }

    private static byte[] json(Holder h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", h.runId());
        n.put("command", h.command());
        n.put("user", h.user());
        n.put("host", h.host());
        n.put("pid", h.pid());
        n.put("process_started", h.processStarted());
        n.put("acquired_at", h.acquiredAt().toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** This machine's host name, as lock files and notifications name it. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    /** The few file operations the lock needs, on the lake's own file system, all in {@code <lake>/_lock}. */
    interface Store {
        /** Creates {@code name} with {@code content} only if absent; false if it exists. Atomic. */
        boolean createNew(String name, byte[] content) throws IOException;

        Optional<byte[]> read(String name) throws IOException;

        Optional<Instant> modified(String name) throws IOException;

        void touch(String name, Instant at) throws IOException;

        /** Moves {@code from} to {@code to}; false if {@code from} is gone or {@code to} exists. */
        boolean rename(String from, String to) throws IOException;

        void delete(String name) throws IOException;

        static Store of(Lake lake, Configuration conf) {
            return lake.localDirectory().<Store>map(d -> new Local(d.resolve("_lock")))
                    .orElseGet(() -> new Hadoop(new Path(lake.root() + "/_lock"), conf));
        }
    }

    /** A local directory: {@code O_CREAT|O_EXCL} through java.nio. */
    static final class Local implements Store {
        private final java.nio.file.Path dir;

        Local(java.nio.file.Path dir) {
            this.dir = dir;
        }

        @Override
        public boolean createNew(String name, byte[] content) throws IOException {
            Files.createDirectories(dir);
            java.nio.file.Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
            Files.write(tmp, content);
            try {
                // A hard link is created only if the name is free, and appears with its whole content at once.
                Files.createLink(dir.resolve(name), tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException noLinks) {
                try (OutputStream out = Files.newOutputStream(dir.resolve(name), java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    out.write(content);
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        @Override
        public Optional<byte[]> read(String name) throws IOException {
            try {
                return Optional.of(Files.readAllBytes(dir.resolve(name)));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<Instant> modified(String name) throws IOException {
            try {
                return Optional.of(Files.getLastModifiedTime(dir.resolve(name)).toInstant());
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        public void touch(String name, Instant at) throws IOException {
            Files.setLastModifiedTime(dir.resolve(name), FileTime.from(at));
        }

        @Override
        public boolean rename(String from, String to) throws IOException {
            try {
                Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        @Override
        public void delete(String name) throws IOException {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    /** HDFS and other Hadoop file systems whose create-if-absent is atomic. */
    static final class Hadoop implements Store {
        private final Path dir;
        private final FileSystem fs;

        Hadoop(Path dir, Configuration conf) {
            this.dir = dir;
            try {
                this.fs = dir.getFileSystem(conf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean createNew(String name, byte[] content) throws IOException {
            fs.mkdirs(dir);
            FSDataOutputStream out;
            try {
                out = fs.create(new Path(dir, name), false);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                if (fs.exists(new Path(dir, name))) {
                    return false;
                }
                throw e;
            }
            try (out) {
                out.write(content);
            }
            return true;
        }

        @Override
        public Optional<byte[]> read(String name) throws IOException {
            try (InputStream in = fs.open(new Path(dir, name))) {
                return Optional.of(in.readAllBytes());
            } catch (java.io.FileNotFoundException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<Instant> modified(String name) throws IOException {
            try {
                return Optional.of(Instant.ofEpochMilli(fs.getFileStatus(new Path(dir, name)).getModificationTime()));
            } catch (java.io.FileNotFoundException e) {
                return Optional.empty();
            }
        }

        @Override
        public void touch(String name, Instant at) throws IOException {
            fs.setTimes(new Path(dir, name), at.toEpochMilli(), -1);
        }

        @Override
        public boolean rename(String from, String to) throws IOException {
            try {
                return fs.rename(new Path(dir, from), new Path(dir, to));
            } catch (java.io.FileNotFoundException gone) {
                return false;
            }
        }

        @Override
        public void delete(String name) throws IOException {
            fs.delete(new Path(dir, name), false);
        }
    }

    @Override
    public String toString() {
        return "lake lock of " + me.describe(Instant.now());
    }
}
