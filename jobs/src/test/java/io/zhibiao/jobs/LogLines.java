package io.zhibiao.jobs;

import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The log lines zhibiao's own classes write while it is open, as a person reading the run's log sees them (the console
 * appender keeps the standard error it started with, so {@link Cli} does not capture them).
 */
final class LogLines implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final LoggerConfig config;
    private final LoggerContext context;

    LogLines() {
        context = (LoggerContext) LogManager.getContext(false);
        config = context.getConfiguration().getLoggerConfig("io.zhibiao");
        appender = WriterAppender.newBuilder().setName("zhibiao-test-lines-" + System.identityHashCode(this))
                .setTarget(text).setLayout(PatternLayout.newBuilder().withPattern("%m%n").build()).build();
        appender.start();
        config.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    /** The lines so far that contain {@code part}. */
    List<String> containing(String part) {
        synchronized (text) {
            return text.toString().lines().filter(l -> l.contains(part)).toList();
        }
    }

    @Override
    public void close() {
        config.removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
