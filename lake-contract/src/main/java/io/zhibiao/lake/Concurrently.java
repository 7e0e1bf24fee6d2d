package io.zhibiao.lake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Independent Spark queries of one job, submitted from a few driver threads at once. Most of a small query's time is
 * the driver's (analysis, planning, code generation, the Delta log) and only one core's worth of it per thread, so
 * two or three queries planned side by side keep a small machine's cores busy where one at a time leaves one idle.
 *
 * <p>Results come back in the order of the inputs, and a failure is the first failing input's in that order, thrown
 * as it was thrown: the outcome is the same as running them one after the other, whatever the threads' timing. After a
 * failure nothing further starts, and the call returns only once the inputs already under way have finished. A crash
 * point a test simulates on the calling thread ({@link CrashPoint#simulate}) cuts the work handed to the threads too.
 */
public final class Concurrently {

    /** System property: how many driver threads (default: the machine's cores, at least 2; 1 runs everything in turn). */
    public static final String THREADS = "zhibiao.driver.threads";

    private Concurrently() {
    }

    /** Driver threads to use. */
    public static int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Integer.getInteger(THREADS, Math.max(2, cores)));
    }

    /** {@code fn} applied to every input, on up to {@link #threads()} threads, keyed by input in input order. */
    public static <K, V> Map<K, V> map(SparkSession spark, List<K> inputs, Function<K, V> fn) {
        Map<K, V> out = new LinkedHashMap<>();
        int threads = Math.min(threads(), inputs.size());
        if (threads <= 1) {
            inputs.forEach(k -> out.put(k, fn.apply(k)));
            return out;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "zhibiao-driver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        String cut = CrashPoint.simulated();
        List<Future<V>> futures = new ArrayList<>();
        try {
            for (K k : inputs) {
                futures.add(pool.submit(() -> {
                    SparkSession.setActiveSession(spark);
                    return CrashPoint.carrying(cut, () -> fn.apply(k));
                }));
            }
            for (int i = 0; i < inputs.size(); i++) {
                out.put(inputs.get(i), await(futures.get(i)));
            }
            return out;
        } catch (RuntimeException | Error e) {
            // nothing further starts, and what is under way finishes before the failure is thrown: once this returns,
            // no thread of it still writes
            futures.forEach(f -> f.cancel(false));
            drain(pool);
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void drain(ExecutorService pool) {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                // a query still running: wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <V> V await(Future<V> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a query", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
