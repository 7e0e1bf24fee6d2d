package io.zhibiao.jobs;

import io.zhibiao.lake.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of long stages on the command line. On a terminal, one progress bar per stage (me.tongfei:progressbar:
 * steps done of total, elapsed, ETA, the last step and the rows so far), and zhibiao's own INFO lines are held back
 * so that they do not break the bar (warnings and errors still show). Elsewhere (a scheduler's log, a pipe), one log
 * line per step with the same figures. {@code ZHIBIAO_PROGRESS=bar|plain|off} overrides the choice.
 */
final class ConsoleProgress implements Progress {

    private static final Logger LOG = LoggerFactory.getLogger("zhibiao");

    private final boolean bars;
    private final PrintStream out;

    ConsoleProgress(boolean bars, PrintStream out) {
        this.bars = bars;
        this.out = out;
    }

    /** For this process: bars on a terminal, log lines elsewhere, as ZHIBIAO_PROGRESS may say instead. */
    static Progress forThisProcess() {
        String mode = System.getenv().getOrDefault("ZHIBIAO_PROGRESS", "").toLowerCase(Locale.ROOT);
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        if (mode.equals("off")) {
            return Progress.NONE;
        }
        boolean bars = mode.equals("bar") || (!mode.equals("plain") && terminal);
        if (bars) {
            org.apache.logging.log4j.core.config.Configurator.setLevel("zhibiao", org.apache.logging.log4j.Level.WARN);
            org.apache.logging.log4j.core.config.Configurator.setLevel("io.zhibiao", org.apache.logging.log4j.Level.WARN);
        }
        return new ConsoleProgress(bars, System.err);
    }

    @Override
    public Stage stage(String name, long total, String unit) {
        return bars ? new Bar(name, total, unit, out) : new Lines(name, total, unit);
    }

    /** ETA from the mean time per step so far; empty before the first step. */
    static String eta(Duration elapsed, long done, long total) {
        if (done <= 0 || done >= total) {
            return done >= total ? "0s" : "?";
        }
        long ms = elapsed.toMillis() * (total - done) / done;
        return seconds(Duration.ofMillis(ms));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    /** A log line per step: "[refine] 5/12 sources (tax_returns), 8,198 rows so far, 12.3s elapsed, ETA 17.2s". */
    static final class Lines implements Stage {
        private final String name;
        private final long total;
        private final String unit;
        private final long started = System.nanoTime();
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong rows = new AtomicLong();

        Lines(String name, long total, String unit) {
            this.name = name;
            this.total = total;
            this.unit = unit;
        }

        @Override
        public void step(String what, long n) {
            long d = done.incrementAndGet();
            long r = rows.addAndGet(n);
            LOG.info("[{}] {}", name, line(d, r, what, Duration.ofNanos(System.nanoTime() - started)));
        }

        String line(long d, long r, String what, Duration elapsed) {
            return String.format(Locale.ROOT, "%d/%d %s (%s), %,d rows so far, %s elapsed, ETA %s", d, total, unit, what, r,
                    seconds(elapsed), eta(elapsed, d, total));
        }

        @Override
        public void close() {
        }
    }

    /** A progress bar on the terminal. */
    static final class Bar implements Stage {
        private final ProgressBar bar;
        private final AtomicLong rows = new AtomicLong();

        Bar(String name, long total, String unit, PrintStream out) {
            this.bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        }

        @Override
        public void step(String what, long n) {
            long r = rows.addAndGet(n);
            synchronized (bar) {
                bar.setExtraMessage(String.format(Locale.ROOT, "%s, %,d rows", what, r));
                bar.step();
            }
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
