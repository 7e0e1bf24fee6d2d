package io.zhibiao.lake;

import java.util.concurrent.Semaphore;

/**
 * A budget that work running side by side shares (rows, bytes: any unit): each piece of work holds its size while it
 * runs and waits until the budget has room. A piece as large as the whole budget or larger holds all of it and so runs
 * alone; waiting is first come, first served, so a large piece is not overtaken for ever by small ones.
 */
public final class InFlight {

    private final Semaphore units;
    private final int total;

    /** A budget of {@code total} units (1 to {@link Integer#MAX_VALUE}). */
    public InFlight(long total) {
        if (total < 1 || total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a budget of " + total + " is not between 1 and " + Integer.MAX_VALUE);
        }
        this.total = (int) total;
        this.units = new Semaphore(this.total, true);
    }

    /** What one piece of work holds; closing gives it back (once). */
    public final class Held implements AutoCloseable {
        private final int held;
        private boolean closed;

        private Held(int held) {
            this.held = held;
        }

        /** Units held: the piece's size, 1 at least, the whole budget at most. */
        public int units() {
            return held;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                units.release(held);
            }
        }
    }

    /** Waits until {@code size} (at least 1, at most the whole budget) fits, then holds it. */
    public Held hold(long size) {
        int n = (int) Math.max(1, Math.min(total, size));
        try {
            units.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + n + " of a budget of " + total, e);
        }
        return new Held(n);
    }

    /** Units free now. */
    public int free() {
        return units.availablePermits();
    }
}
