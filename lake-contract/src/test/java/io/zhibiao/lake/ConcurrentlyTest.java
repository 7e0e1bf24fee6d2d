package io.zhibiao.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plain Java: the queries are stood in for by functions; no Spark session is needed to test the ordering. */
class ConcurrentlyTest {

    @AfterEach
    void defaultThreads() {
        System.clearProperty(Concurrently.THREADS);
    }

    @Test
    void resultsComeBackInInputOrderWhateverFinishesFirst() {
        System.setProperty(Concurrently.THREADS, "3");
        // "a" sleeps longest, so it finishes last; the map still starts with it.
        Map<String, Integer> out = Concurrently.map(null, List.of("a", "bb", "ccc"), s -> {
            sleep(s.equals("a") ? 300 : 10);
            return s.length();
        });
        assertEquals(List.of("a", "bb", "ccc"), List.copyOf(out.keySet()));
        assertEquals(List.of(1, 2, 3), List.copyOf(out.values()));
    }

    @Test
    void theyReallyRunAtTheSameTime() throws Exception {
        System.setProperty(Concurrently.THREADS, "2");
        // Each of the two waits for the other to have started: run one after the other, the first would wait 5 s
        // and fail; side by side both pass at once.
        CountDownLatch both = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Map<Integer, Boolean> out = Concurrently.map(null, List.of(1, 2), i -> {
            threads.add(Thread.currentThread().getName());
            both.countDown();
            try {
                return both.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(Map.of(1, true, 2, true), out);
        assertEquals(2, threads.size());
        assertTrue(threads.stream().allMatch(t -> t.startsWith("zhibiao-driver-")), threads::toString);
    }

    @Test
    void theFirstFailureInInputOrderIsThrownAsItWas() {
        System.setProperty(Concurrently.THREADS, "2");
        IllegalArgumentException second = new IllegalArgumentException("second input");
        // The third input fails at once, the second only after 200 ms: the second's exception is the one thrown,
        // the same one a loop over the inputs would have met first.
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Concurrently.map(null, List.of(1, 2, 3), i -> {
                    if (i == 2) {
                        sleep(200);
                        throw second;
                    }
                    if (i == 3) {
                        throw new IllegalArgumentException("third input");
                    }
                    return i;
                }));
        assertSame(second, thrown);
    }

    @Test
    void afterAFailureNothingFurtherStartsAndWhatIsUnderWayFinishesBeforeTheCallReturns() {
        System.setProperty(Concurrently.THREADS, "2");
        Set<Integer> started = ConcurrentHashMap.newKeySet();
        Set<Integer> finished = ConcurrentHashMap.newKeySet();
        CountDownLatch twoStarted = new CountDownLatch(1);
        // Input 1 fails once 2 has started; 2 (and 3, if the first thread picks it up before the failure is seen) take
        // 300 ms. Both threads are busy when the failure is seen, so 4, 5 and 6 never start, and whatever had started
        // has finished by the time the failure reaches the caller: no thread of the call still works.
        assertThrows(IllegalStateException.class, () -> Concurrently.map(null, List.of(1, 2, 3, 4, 5, 6), i -> {
            started.add(i);
            if (i == 1) {
                await(twoStarted);
                throw new IllegalStateException("first input");
            }
            if (i == 2) {
                twoStarted.countDown();
            }
            sleep(300);
            finished.add(i);
            return i;
        }));
        assertTrue(started.contains(2), started::toString);
        assertTrue(started.stream().noneMatch(i -> i > 3), started::toString);
        started.remove(1);
        assertEquals(started, finished);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCrashPointSimulatedByTheCallerCutsTheWorkHandedToTheThreads() {
        System.setProperty(Concurrently.THREADS, "2");
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        // the point is reached on a pool thread, not the one that asked for it: the cut still reaches the caller
        assertTrue(CrashPoint.simulate("test:cut", () -> Concurrently.map(null, List.of(1, 2), i -> {
            if (i == 2) {
                CrashPoint.reached("test:cut");
            }
            done.add(i);
            return i;
        })));
        assertEquals(Set.of(1), done);
        // and it does not outlive the simulation: the same work without it runs to the end
        assertEquals(Map.of(1, 1, 2, 2), Concurrently.map(null, List.of(1, 2), i -> {
            CrashPoint.reached("test:cut");
            return i;
        }));
    }

    @Test
    void oneThreadRunsEverythingInTheCallersThreadInTurn() {
        System.setProperty(Concurrently.THREADS, "1");
        String caller = Thread.currentThread().getName();
        Map<Integer, String> out = Concurrently.map(null, List.of(1, 2), i -> Thread.currentThread().getName());
        assertEquals(Map.of(1, caller, 2, caller), out);
        assertEquals(1, Concurrently.threads());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
