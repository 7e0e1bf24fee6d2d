package io.zhibiao.lake;

import java.util.concurrent.atomic.AtomicReference;

/**
 * How far a long stage has come: the stages report steps (a source ingested, a batch refined, a measure query run, a
 * table promoted) and the command line shows them — a progress bar per stage on a terminal, a log line per step
 * otherwise. One per process, installed by the command line ({@link #install}); without one, steps cost nothing.
 */
public interface Progress {

    /** A stage of {@code total} steps counted in {@code unit} (sources, batches, queries, tables). */
    Stage stage(String name, long total, String unit);

    /** One stage under way; steps may be reported from several threads. */
    interface Stage extends AutoCloseable {
        /** One step done: what it was and the rows it handled (0 when rows do not apply). */
        void step(String what, long rows);

        /** The stage is over (every step done, or it stopped). */
        @Override
        void close();
    }

    /** Reports nothing. */
    Progress NONE = (name, total, unit) -> new Stage() {
        @Override
        public void step(String what, long rows) {
        }

        @Override
        public void close() {
        }
    };

    /** The process's progress display: {@link #NONE} until the command line installs one. */
    static Progress current() {
        return Holder.CURRENT.get();
    }

    /** Installs the process's display; returns the one it replaces. */
    static Progress install(Progress p) {
        return Holder.CURRENT.getAndSet(p == null ? NONE : p);
    }

    /** A stage on the process's display. */
    static Stage start(String name, long total, String unit) {
        return current().stage(name, total, unit);
    }

    /** Holds the installed display. */
    final class Holder {
        private static final AtomicReference<Progress> CURRENT = new AtomicReference<>(NONE);

        private Holder() {
        }
    }
}
