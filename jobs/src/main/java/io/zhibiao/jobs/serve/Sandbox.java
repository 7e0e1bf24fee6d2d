package io.zhibiao.jobs.serve;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Runs the JDBC server ({@link SandboxedServer}) in a process that can reach nothing but the release it serves.
 * Debian's bubblewrap ({@code bwrap}) gives it a file system of its own holding only: the Java runtime and the
 * system libraries it loads, the jars of the class path (read-only), the copied release at {@code /serving}
 * (read-only), its state directory at {@code /state} (audit log, lockouts) and an empty {@code /tmp}. No
 * {@code /bin}, no shell, no other program; not the lake, the landing files, the users file or the keystore
 * (users' hashes and the key arrive on standard input). It has its own process, IPC and host-name namespaces and
 * shares only the network. Started as root, it first drops to the unprivileged system user {@value #DEFAULT_USER}
 * (made by {@code scripts/install-serve-sandbox.sh}) with no capabilities and no way to gain any.
 */
public final class Sandbox {

    public static final String DEFAULT_USER = "zhibiao-serve";
    /** The line the sandboxed server prints once it listens: this, the port, the release. */
    static final String LISTENING = "zhibiao-serve-listening ";
    /** A keystore carried inside the settings instead of as a file. */
    static final String INLINE = "base64:";

    static final String SERVING = "/serving";
    static final String STATE = "/state";

    private static final List<String> ADD_OPENS = List.of("java.base/java.lang", "java.base/java.lang.invoke",
            "java.base/java.lang.reflect", "java.base/java.io", "java.base/java.net", "java.base/java.nio",
            "java.base/java.util", "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
            "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/sun.nio.cs", "java.base/sun.security.action",
            "java.base/sun.util.calendar");

    /** How to start the sandbox. */
    public record Options(String user, String heap, String mainClass) {
        public static Options defaults() {
            return new Options(DEFAULT_USER, "2g", SandboxedServer.class.getName());
        }
    }

    /** A running sandboxed server. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path runtime;

        private final OutputStream stdin;

        Running(Process process, int port, Path runtime, OutputStream stdin) {
            this.process = process;
            this.port = port;
            this.runtime = runtime;
            this.stdin = stdin;
        }

        public int port() {
            return port;
        }

        public Process process() {
            return process;
        }

        @Override
        public void close() {
            try {
                stdin.close(); // the server stops in order when its standard input ends
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                ServingRelease.deleteTree(runtime);
            } catch (IOException e) {
                // a temporary directory; the system cleans it
            }
        }
    }

    private Sandbox() {
    }

    /** Why this machine cannot run the sandbox, or null. */
    static String unavailable(Options options) {
        if (!Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
            return "bubblewrap (/usr/bin/bwrap) is not installed; scripts/install-serve-sandbox.sh installs it";
        }
        if (isRoot() && uidGid(options.user()) == null) {
            return "the system user '" + options.user() + "' the sandbox runs as does not exist; "
                    + "scripts/install-serve-sandbox.sh creates it";
        }
        return null;
    }

    /**
     * Starts the server in the sandbox and waits until it listens. {@code settings} names the serving and state
     * directories and the keystore as this process sees them; the server's output lines go to {@code log}.
     */
    public static Running start(ServeSettings settings, Options options, Consumer<String> log) {
        String why = unavailable(options);
        if (why != null) {
            throw io.zhibiao.lake.ZhibiaoErrors.sandboxUnavailable(why);
        }
        Path runtime = null;
        try {
            runtime = Files.createTempDirectory("zhibiao-serve-sandbox");
            Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
            int[] ids = isRoot() ? uidGid(options.user()) : null;
            Path state = Path.of(settings.stateDir()).toAbsolutePath();
            if (ids != null) {
                reachable(Path.of(settings.servingDir()).toAbsolutePath(), options.user());
                reachable(state.getParent(), options.user());
            }
            prepareState(state, ids);
            String name = ids != null ? options.user() : System.getProperty("user.name");
            int uid = ids != null ? ids[0] : unixId(true);
            int gid = ids != null ? ids[1] : unixId(false);
            write(runtime.resolve("passwd"), name + ":x:" + uid + ":" + gid + ":zhibiao serve:/tmp:/nonexistent\n");
            write(runtime.resolve("group"), name + ":x:" + gid + ":\n");
            write(runtime.resolve("hosts"), "127.0.0.1 localhost zhibiao-serve\n::1 localhost\n");
            List<String> classPath = ids == null ? classPath() : staged(classPath(), runtime.resolve("cp"));
            List<String> command = command(settings, options, runtime, ids, classPath);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().clear();
            Process p = pb.start();
            ServeSettings inside = settings.inSandbox(SERVING, STATE, settings.insecure() ? null
                    : INLINE + Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(settings.keystore()))));
            // The settings as one line; standard input then stays open: closing it stops the server in order.
            OutputStream in = p.getOutputStream();
            in.write((inside.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> follow(p, port, log), "zhibiao-serve-sandbox-output");
            reader.setDaemon(true);
            reader.start();
            try {
                return new Running(p, port.get(180, TimeUnit.SECONDS), runtime, in);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                p.destroyForcibly();
                throw new IllegalStateException("the sandboxed JDBC server did not start"
                        + (p.isAlive() ? " within 180 s" : " (exit " + p.waitFor() + "); its output is above"), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the sandbox", e);
        }
    }

    private static void follow(Process p, CompletableFuture<Integer> port, Consumer<String> log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(LISTENING) && !port.isDone()) {
                    port.complete(Integer.parseInt(line.substring(LISTENING.length()).split(" ")[0]));
                } else {
                    log.accept(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the sandboxed server ended"));
    }

    /** The bwrap command line (after setpriv when started as root). */
    static List<String> command(ServeSettings settings, Options options, Path runtime, int[] ids,
            List<String> classPath) {
        List<String> c = new ArrayList<>();
        if (ids != null) {
            c.addAll(List.of("/usr/bin/setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"));
        }
        c.addAll(List.of("/usr/bin/bwrap", "--unshare-all", "--share-net", "--die-with-parent", "--new-session",
                "--clearenv", "--cap-drop", "ALL", "--hostname", "zhibiao-serve"));
        // First the fresh /tmp: binds of paths under the host's /tmp (the staged class path) go on top of it.
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        String javaHome = real(Path.of(System.getProperty("java.home")));
        bind(c, "--ro-bind", javaHome, javaHome);
        for (String etc : List.of("/etc/java-17-openjdk")) {
            if (Files.isDirectory(Path.of(etc))) {
                bind(c, "--ro-bind", etc, etc);
            }
        }
        for (String lib : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64")) {
            if (Files.isDirectory(Path.of(lib))) {
                bind(c, "--ro-bind", lib, lib);
            }
        }
        c.addAll(List.of("--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64"));
        for (String entry : classPath) {
            bind(c, "--ro-bind", entry, entry);
        }
        bind(c, "--ro-bind", Path.of(settings.servingDir()).toAbsolutePath().toString(), SERVING);
        bind(c, "--bind", Path.of(settings.stateDir()).toAbsolutePath().toString(), STATE);
        bind(c, "--ro-bind", runtime.resolve("passwd").toString(), "/etc/passwd");
        bind(c, "--ro-bind", runtime.resolve("group").toString(), "/etc/group");
        bind(c, "--ro-bind", runtime.resolve("hosts").toString(), "/etc/hosts");
        c.addAll(List.of("--chdir", "/tmp",
                "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8"));
        c.add(javaHome + "/bin/java");
        c.add("-Xmx" + options.heap());
        c.add("-XX:+ExitOnOutOfMemoryError");
        c.add("-Djava.io.tmpdir=/tmp");
        c.add("-Duser.home=/tmp");
        c.add("-Dfile.encoding=UTF-8");
        for (String o : ADD_OPENS) {
            c.add("--add-opens=" + o + "=ALL-UNNAMED");
        }
        c.add("-cp");
        c.add(String.join(File.pathSeparator, classPath));
        c.add(options.mainClass());
        return c;
    }

    private static void bind(List<String> c, String how, String from, String to) {
        c.add(how);
        c.add(from);
        c.add(to);
    }

    /**
     * This JVM's class path as files, with the class paths of manifest-only jars (Maven's test runner, the
     * zhibiao.jar launcher's lib/) spelled out: the sandbox gets each of them and nothing else.
     */
    static List<String> classPath() {
        Set<String> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                expand(Path.of(e).toAbsolutePath(), out, 0);
            }
        }
        return new ArrayList<>(out);
    }

    private static void expand(Path entry, Set<String> out, int depth) {
        if (!Files.exists(entry) || !out.add(real(entry))) {
            return;
        }
        if (depth > 2 || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest m = jar.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return;
            }
            for (String ref : cp.trim().split("\\s+")) {
                if (ref.isEmpty()) {
                    continue;
                }
                Path p;
                try {
                    URI u = entry.getParent().toUri().resolve(new URI(null, null, ref.replace('\\', '/'), null));
                    p = ref.startsWith("file:") ? Path.of(new URI(ref)) : Path.of(u);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    p = entry.getParent().resolve(ref);
                }
                expand(p, out, depth + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path of " + entry, e);
        }
    }

    /**
     * The class path linked (or copied) into a directory the sandbox's user may read: the jars may sit where only
     * root can look (root's Maven repository), and bwrap runs as the unprivileged user.
     */
    private static List<String> staged(List<String> entries, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String e : entries) {
            Path from = Path.of(e);
            Path to = dir.resolve(String.format("%03d-%s", i++, from.getFileName()));
            if (Files.isDirectory(from)) {
                try (Stream<Path> s = Files.walk(from)) {
                    for (Path p : s.toList()) {
                        Path q = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(q);
                        } else {
                            Files.copy(p, q);
                        }
                        Files.setPosixFilePermissions(q, PosixFilePermissions.fromString(
                                Files.isDirectory(q) ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            } else {
                try {
                    Files.createLink(to, from);
                } catch (IOException | UnsupportedOperationException e2) {
                    Files.copy(from, to);
                }
                if (!Files.getPosixFilePermissions(to).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                    Files.delete(to);
                    Files.copy(from, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            out.add(to.toString());
        }
        return out;
    }

    private static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }

    /**
     * The sandbox is set up by its unprivileged user, who must be able to reach the directories it is given: each
     * parent must be searchable by others (root's home is not, for one).
     */
    private static void reachable(Path dir, String user) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p)
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("the sandbox's user " + user + " cannot reach " + dir + ": " + p
                        + " is closed to other users (mode " + PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(p)) + "); give --state a directory under one others "
                        + "may enter, e.g. /var/lib/zhibiao-serve");
            }
        }
    }

    /** The state directory: audit and lockouts, owned by the sandbox's user so that it can write there. */
    private static void prepareState(Path state, int[] ids) throws IOException {
        for (Path d : List.of(state, state.resolve("audit"), state.resolve("lockouts"))) {
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            if (ids != null) {
                Files.setAttribute(d, "unix:uid", ids[0]);
                Files.setAttribute(d, "unix:gid", ids[1]);
            }
        }
        if (ids != null) {
            try (Stream<Path> s = Stream.concat(Files.list(state.resolve("audit")), Files.list(state.resolve("lockouts")))) {
                for (Path f : s.toList()) {
                    Files.setAttribute(f, "unix:uid", ids[0]);
                    Files.setAttribute(f, "unix:gid", ids[1]);
                }
            }
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }

    static boolean isRoot() {
        return unixId(true) == 0;
    }

    private static int unixId(boolean user) {
        com.sun.security.auth.module.UnixSystem u = new com.sun.security.auth.module.UnixSystem();
        return (int) (user ? u.getUid() : u.getGid());
    }

    /** uid and gid of a system user from /etc/passwd, or null. */
    static int[] uidGid(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.map(l -> l.split(":")).filter(f -> f.length > 3 && f[0].equals(user))
                    .map(f -> new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])}).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
