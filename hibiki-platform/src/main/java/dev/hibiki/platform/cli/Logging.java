package dev.hibiki.platform.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adjusts logging for the command being run. */
public final class Logging {

    private Logging() {
    }

    /** One-shot commands print results, not the start-up chatter of the libraries they use. */
    public static void quiet() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
    }

    /** Writes out buffered log events; called last during shutdown. */
    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) ctx.stop();
    }
}
