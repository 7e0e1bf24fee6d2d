package io.zhibiao.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake's writer lock on a local directory, without Spark: exclusion, waiting, stale takeover, races. */
class LakeLockTest {

    private static final LakeLock.Settings FAST = new LakeLock.Settings(Duration.ofMillis(100), Duration.ofSeconds(3),
            Duration.ofMillis(50));

    @TempDir
    Path dir;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private LakeLock lock(String run) {
        return LakeLock.of(Lake.at(dir), new Configuration(), run, "run", FAST, log::add);
    }

    private Path file() {
        return dir.resolve("_lock").resolve(LakeLock.FILE);
    }

    @Test
    void aSecondWriterIsToldWhoHoldsTheLakeAndGetsItOnceReleased() throws Exception {
        try (LakeLock first = lock("run-1")) {
            assertEquals(Optional.empty(), first.acquire(Duration.ZERO));
            assertTrue(Files.readString(file()).contains("\"run_id\" : \"run-1\""), Files.readString(file()));
            LakeLock second = lock("run-2");
            Optional<LakeLock.Holder> holder = second.acquire(Duration.ZERO);
            assertEquals("run-1", holder.orElseThrow().runId());
            assertEquals(ProcessHandle.current().pid(), holder.get().pid());
            assertFalse(second.held());
            // The status view sees the same holder, alive.
            LakeLock.Look look = LakeLock.look(Lake.at(dir), new Configuration(), FAST);
            assertEquals("run-1", look.holder().orElseThrow().runId());
            assertFalse(look.stale());
        }
        assertFalse(Files.exists(file()), "closing removes the lock file");
        try (LakeLock third = lock("run-3")) {
            assertEquals(Optional.empty(), third.acquire(Duration.ZERO));
        }
    }

    @Test
    void waitingEndsWhenTheHolderLetsGoOrWhenTheTimeIsUp() throws Exception {
        LakeLock first = lock("run-1");
        first.acquire(Duration.ZERO);
        long t0 = System.nanoTime();
        Optional<LakeLock.Holder> gaveUp = lock("run-2").acquire(Duration.ofMillis(400));
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("run-1", gaveUp.orElseThrow().runId());
        assertTrue(waited >= 400, "waited " + waited + " ms");
        assertTrue(log.get(0).startsWith("waiting for the lake's writer lock, held by run run-1"), log.toString());

        Thread releaser = new Thread(() -> {
            sleep(600);
            first.close();
        });
        releaser.start();
        t0 = System.nanoTime();
        try (LakeLock third = lock("run-3")) {
            assertEquals(Optional.empty(), third.acquire(null));
            waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waited >= 500, "got it after " + waited + " ms, before the holder let go at 600 ms");
            assertTrue(Files.readString(file()).contains("run-3"));
        }
        releaser.join();
    }

    @Test
    void theHolderBeatsByTouchingTheFile() throws Exception {
        try (LakeLock l = lock("run-1")) {
            l.acquire(Duration.ZERO);
            Files.setLastModifiedTime(file(), FileTime.from(Instant.now().minusSeconds(60)));
            // A beat every 100 ms: the time is fresh again well within 10 s, even on a machine busy with other work.
            long age = Long.MAX_VALUE;
            for (int i = 0; i < 100 && age >= 5_000; i++) {
                sleep(100);
                age = Duration.between(Files.getLastModifiedTime(file()).toInstant(), Instant.now()).toMillis();
            }
            assertTrue(age < 5_000, "heartbeat " + age + " ms old");
        }
    }

    @Test
    void aLockWhoseProcessIsGoneIsTakenOverAtOnce() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        writeForeign("run-dead", LakeLock.hostName(), p.pid(), "", Instant.now());
        try (LakeLock l = lock("run-2")) {
            assertEquals(Optional.empty(), l.acquire(Duration.ZERO));
            assertTrue(Files.readString(file()).contains("run-2"));
        }
        assertTrue(log.get(0).startsWith("took over the lake's writer lock from run run-dead"), log.toString());
        assertTrue(log.get(0).endsWith("process " + p.pid() + " on this host is gone"), log.toString());
        assertTrue(Files.readString(dir.resolve("_lock/taken-over-run-dead-by-run-2.json")).contains("run-dead"));
    }

    @Test
    void aReusedProcessIdDoesNotKeepALock() throws Exception {
        // Our own pid, but started at another time: the process that took the lock is not this one.
        writeForeign("run-old", LakeLock.hostName(), ProcessHandle.current().pid(), "2020-01-01T00:00:00Z", Instant.now());
        try (LakeLock l = lock("run-2")) {
            assertEquals(Optional.empty(), l.acquire(Duration.ZERO));
        }
        assertTrue(log.get(0).contains("is another process now"), log.toString());
    }

    @Test
    void anotherHostsLockIsStaleOnlyOnceItsHeartbeatIsOld() throws Exception {
        writeForeign("run-far", "another-host", 4242, "2026-01-01T00:00:00Z", Instant.now());
        LakeLock l = lock("run-2");
        LakeLock.Holder far = l.acquire(Duration.ZERO).orElseThrow();
        assertEquals("run-far another-host 4242", far.runId() + " " + far.host() + " " + far.pid());
        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().minusSeconds(10))); // stale after 3 s
        assertEquals(Optional.empty(), l.acquire(Duration.ZERO));
        l.close();
        assertTrue(log.get(0).endsWith("no heartbeat for 10 s (stale after 3 s)"), log.toString());
    }

    @Test
    void aHalfWrittenLockIsHeldUntilItIsOldThenTakenOver() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), new byte[0]);
        LakeLock l = lock("run-2");
        assertEquals("?", l.acquire(Duration.ZERO).orElseThrow().runId());
        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals(Optional.empty(), l.acquire(Duration.ZERO));
        l.close();
    }

    /**
     * Eight contenders find the same dead holder at once: exactly one ends up holding the lake, and every other one
     * is told that one's run. Repeated, as races are.
     */
    @Test
    void contendersForAStaleLockNeverBothWin() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                writeForeign("run-dead", LakeLock.hostName(), p.pid(), "", Instant.now());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<LakeLock.Holder>>> results = new ArrayList<>();
                List<LakeLock> locks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    LakeLock l = lock("run-" + round + "-" + i);
                    locks.add(l);
                    results.add(pool.submit(() -> {
                        go.await();
                        return l.acquire(Duration.ZERO);
                    }));
                }
                go.countDown();
                List<String> winners = new ArrayList<>();
                List<String> toldHolders = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Optional<LakeLock.Holder> r = results.get(i).get();
                    if (r.isEmpty()) {
                        winners.add(locks.get(i).me().runId());
                    } else {
                        toldHolders.add(r.get().runId());
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": " + winners);
                String onDisk = Files.readString(file());
                assertTrue(onDisk.contains("\"" + winners.get(0) + "\""), onDisk);
                for (String h : toldHolders) {
                    // A loser may have looked before the winner's file appeared and seen the dead holder.
                    assertTrue(h.equals(winners.get(0)) || h.equals("run-dead"), h);
                }
                locks.forEach(LakeLock::close);
                assertFalse(Files.exists(file()));
                try (var left = Files.list(file().getParent())) {
                    assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith("takeover-")), "claims removed");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theHadoopStoreCreatesOnlyIfAbsent() throws IOException {
        LakeLock.Store s = new LakeLock.Hadoop(new org.apache.hadoop.fs.Path(dir.toUri().toString(), "_lock"),
                new Configuration());
        assertTrue(s.createNew("a", "one".getBytes(StandardCharsets.UTF_8)));
        assertFalse(s.createNew("a", "two".getBytes(StandardCharsets.UTF_8)));
        assertEquals("one", new String(s.read("a").orElseThrow(), StandardCharsets.UTF_8));
        s.touch("a", Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), s.modified("a").orElseThrow());
        assertTrue(s.rename("a", "b"));
        assertFalse(s.rename("a", "c"));
        assertEquals(Optional.empty(), s.read("a"));
        s.delete("b");
        assertEquals(Optional.empty(), s.modified("b"));
    }

    private void writeForeign(String run, String host, long pid, String started, Instant heartbeat) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"run_id\":\"" + run + "\",\"command\":\"run\",\"user\":\"etl\",\"host\":\"" + host
                + "\",\"pid\":" + pid + ",\"process_started\":\"" + started + "\",\"acquired_at\":\"2026-12-01T00:00:00Z\"}");
        Files.setLastModifiedTime(file(), FileTime.from(heartbeat));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
