package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeLock;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler files of ops/ as written: the cron line and the systemd service's command line run as real processes
 * on a copy of the published sample lake, with only the two install places replaced (/opt/zhibiao: a launcher that
 * runs this build; /srv/zhibiao: the lake and its log). Each starts while the test holds the lake's writer lock, as a
 * person's manual run would: cron's wrapper retries the exit 6, systemd's --wait waits; both then find nothing new.
 * The wrapper's exit-code mapping is checked against a stand-in that exits with given codes.
 */
class SchedulerFilesTest {

    static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();

    @TempDir
    static Path root;
    static Path opt;
    static Path srv;

    @BeforeAll
    static void install() throws IOException {
        opt = root.resolve("opt/zhibiao");
        srv = root.resolve("srv/zhibiao");
        Files.createDirectories(opt.resolve("ops/bin"));
        Files.createDirectories(srv.resolve("log"));
        PublishedSample.copy(srv.resolve("lake"));
        // The launcher: this build's classes (the packaged jar may not exist yet when the tests run).
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) {
                java.add(a);
            }
        }
        java.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), Zhibiao.class.getName()));
        executable(opt.resolve("zhibiao"), "#!/bin/sh\nexec " + String.join(" ", java.stream().map(a -> "'" + a + "'")
                .toList()) + " \"$@\"\n");
        Files.copy(OPS.resolve("bin/zhibiao-scheduled"), opt.resolve("ops/bin/zhibiao-scheduled"));
        opt.resolve("ops/bin/zhibiao-scheduled").toFile().setExecutable(true);
    }

    private static void executable(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String placed(String text) {
        return text.replace("/opt/zhibiao", opt.toString()).replace("/srv/zhibiao", srv.toString());
    }

    /**
     * The test as another writer (a person's manual run). It lets go once {@code seen} holds (the scheduled command
     * has met the lock), or after two minutes: a fixed delay raced a JVM slow to start on a busy machine.
     */
    private static Thread holdLake(java.util.function.BooleanSupplier seen) throws Exception {
        LakeLock held = LakeLock.of(Lake.at(srv.resolve("lake")), new Configuration(), "20261201T013000000Z", "run",
                LakeLock.Settings.defaults(), line -> { });
        assertThat(held.acquire(Duration.ZERO)).isEmpty();
        Thread t = new Thread(() -> {
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            try {
                while (!seen.getAsBoolean() && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        t.start();
        return t;
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theCronLineRetriesWhileAManualRunHoldsTheLakeThenFindsNothingNew() throws Exception {
        List<String> lines = Files.readAllLines(OPS.resolve("cron/zhibiao.cron"));
        Map<String, String> env = new LinkedHashMap<>();
        String job = null;
        for (String l : lines) {
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            if (l.matches("^[A-Z_]+=.*")) {
                env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            } else {
                assertThat(job).as("one job line").isNull();
                job = l;
            }
        }
        // 02:30 every day; the command is the rest of the line, run by /bin/sh as cron does.
        String[] fields = job.split("\\s+", 6);
        assertThat(String.join(" ", List.of(fields).subList(0, 5))).isEqualTo("30 2 * * *");
        assertThat(env).containsEntry("ZHIBIAO_RETRIES", "2").containsEntry("SHELL", "/bin/sh");
        // Ten minutes between attempts is for the night; one second here. Alerts go to a file instead of mail.
        env.put("ZHIBIAO_RETRY_DELAY", "1");
        env.put("ZHIBIAO_ALERT", "cat >> " + root.resolve("alerts.txt"));

        Path runLog = srv.resolve("log/run.log");
        Thread holder = holdLake(() -> contains(runLog, "attempt 1 of 3"));
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", placed(fields[5])).directory(root.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        holder.join();
        String log = Files.readString(srv.resolve("log/run.log"));
        System.out.println("[SchedulerFilesTest] cron line, exit " + p.exitValue() + ", " + srv.resolve("log/run.log") + ":\n"
                + log);
        assertThat(p.exitValue()).as(log).isZero();
        // e.g. zhibiao-scheduled: exit 6 (another zhibiao command is writing to the lake); attempt 1 of 3, next in 1s
        assertThat(log).contains("zhibiao: error: the lake file:" + srv.resolve("lake") + " is being written by run"
                        + " 20261201T013000000Z", "zhibiao-scheduled: exit 6 (another zhibiao command is writing to the lake);"
                        + " attempt 1 of 3, next in 1s", "zhibiao run: nothing new since run ");
        assertThat(root.resolve("alerts.txt")).doesNotExist();
    }

    @Test
    void theSystemdServiceWaitsForAManualRunThenFindsNothingNew() throws Exception {
        String service = Files.readString(OPS.resolve("systemd/zhibiao-run.service"));
        String timer = Files.readString(OPS.resolve("systemd/zhibiao-run.timer"));
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (String l : service.lines().toList()) {
            if (l.startsWith("Environment=")) {
                String kv = l.substring("Environment=".length());
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else if (l.matches("^[A-Za-z]+=.*")) {
                keys.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        assertThat(keys).containsEntry("Type", "oneshot").containsEntry("Restart", "on-failure")
                .containsEntry("RestartPreventExitStatus", "2 3 4 5");
        assertThat(timer).contains("OnCalendar=*-*-* 02:30:00", "Persistent=true");
        if (new File("/usr/bin/systemd-analyze").canExecute()) {
            // systemd's own reading of the units, placed: no unknown key, an executable command line
            Path units = Files.createDirectories(root.resolve("units"));
            for (String u : List.of("zhibiao-run.service", "zhibiao-run.timer", "zhibiao-alert@.service")) {
                Files.writeString(units.resolve(u), placed(Files.readString(OPS.resolve("systemd").resolve(u))));
            }
            Process verify = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", "zhibiao-run.service",
                    "zhibiao-run.timer", "zhibiao-alert@.service").directory(units.toFile()).redirectErrorStream(true).start();
            String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.waitFor()).as(said).isZero();
            assertThat(said).as("systemd-analyze verify").isEmpty();
        }

        // ExecStart= as systemd runs it: the words of the line, no shell, in WorkingDirectory, with Environment=.
        List<String> argv = List.of(placed(keys.get("ExecStart")).split("\\s+"));
        assertThat(argv.subList(1, argv.size())).containsExactly("run", "--lake", srv.resolve("lake").toString(), "--wait=2h");
        Path out0 = root.resolve("systemd-out.txt");
        Thread holder = holdLake(() -> contains(out0, "waiting for the lake's writer lock"));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(new File(placed(keys.get("WorkingDirectory"))))
                .redirectErrorStream(true).redirectOutput(out0.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        holder.join();
        String out = Files.readString(out0);
        System.out.println("[SchedulerFilesTest] systemd ExecStart, exit " + p.exitValue() + ":\n" + out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("zhibiao: waiting for the lake's writer lock, held by run 20261201T013000000Z",
                "zhibiao run: nothing new since run ");
    }

    /** zhibiao-scheduled against a stand-in zhibiao that exits with the codes it is given, one per attempt. */
    @Test
    void theWrapperRetriesOneAndSixAndAlertsOnTheRestWithoutRetrying() throws Exception {
        Path fake = root.resolve("fake-zhibiao");
        Path codes = root.resolve("codes");
        executable(fake, "#!/bin/sh\necho \"attempt $*\" >> " + root.resolve("attempts") + "\n"
                + "code=$(head -n 1 " + codes + "); sed -i 1d " + codes + "; exit $code\n");
        // expected: (codes per attempt, final exit, attempts)
        record Case(String codes, int exit, int attempts, boolean alert) {
        }
        for (Case c : List.of(new Case("1 0", 0, 2, false), new Case("6 6 0", 0, 3, false), new Case("6 6 6", 6, 3, true),
                new Case("1 1 1", 1, 3, true), new Case("2 0", 2, 1, true), new Case("3 0", 3, 1, true),
                new Case("4 0", 4, 1, true), new Case("5 0", 5, 1, true))) {
            Files.writeString(codes, String.join("\n", c.codes().split(" ")) + "\n");
            Files.deleteIfExists(root.resolve("attempts"));
            Files.deleteIfExists(root.resolve("wrapper-alerts.txt"));
            ProcessBuilder pb = new ProcessBuilder(opt.resolve("ops/bin/zhibiao-scheduled").toString(), "run", "--lake", "L")
                    .redirectErrorStream(true);
            pb.environment().putAll(Map.of("ZHIBIAO", fake.toString(), "ZHIBIAO_RETRY_DELAY", "0",
                    "ZHIBIAO_ALERT", "cat >> " + root.resolve("wrapper-alerts.txt")));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(c + ": " + out).isEqualTo(c.exit());
            assertThat(Files.readAllLines(root.resolve("attempts"))).as(c.toString()).hasSize(c.attempts())
                    .allMatch(l -> l.equals("attempt run --lake L"));
            if (c.alert()) {
                assertThat(Files.readString(root.resolve("wrapper-alerts.txt"))).as(c.toString())
                        .startsWith("zhibiao-scheduled: zhibiao run --lake L on ")
                        .contains("ended with exit " + c.exit() + " (", "after " + c.attempts() + " attempt(s)");
            } else {
                assertThat(root.resolve("wrapper-alerts.txt")).as(c.toString()).doesNotExist();
            }
        }
        assertThat(ExitCode.name(ExitCode.LOCKED)).isEqualTo("locked");
    }
}
