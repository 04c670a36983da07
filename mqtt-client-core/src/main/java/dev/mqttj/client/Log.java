package dev.mqttj.client;

/**
 * Where a client's or service's lines go: the application's {@link Logger} when one is set (every line,
 * as gomqtt), otherwise the JDK's {@link System.Logger} named {@code dev.mqttj}, which a Spring Boot or
 * any SLF4J application sees in its usual log: packets at TRACE, connection changes at INFO and
 * DEBUG, failures at WARNING.
 */
final class Log {

    /**
     * Looked up on the first line written, not when the first service is created: finding the JDK's logger
     * (its LoggerFinder, the bridge to the application's logging) costs a cold start several milliseconds,
     * which then fall on the thread that logs, usually the service's own, instead of the one creating it.
     */
    private static final class Jdk {

        static final System.Logger LOGGER = System.getLogger("dev.mqttj");

        private Jdk() {
        }
    }

    private final Logger custom;

    Log(Logger custom) {
        this.custom = custom;
    }

    /** Whether packet-level lines are wanted; checked before such a line is built. */
    boolean tracing() {
        return custom != null || Jdk.LOGGER.isLoggable(System.Logger.Level.TRACE);
    }

    void trace(String line) {
        write(System.Logger.Level.TRACE, line);
    }

    void debug(String line) {
        write(System.Logger.Level.DEBUG, line);
    }

    void info(String line) {
        write(System.Logger.Level.INFO, line);
    }

    void warn(String line) {
        write(System.Logger.Level.WARNING, line);
    }

    private void write(System.Logger.Level level, String line) {
        try {
            if (custom != null) {
                custom.log(line);
            } else if (Jdk.LOGGER.isLoggable(level)) {
                Jdk.LOGGER.log(level, line);
            }
        } catch (RuntimeException ignored) {
            // Logging is a side channel: a failing logger must not abort a send half way (after the packet
            // was queued) or stop the keep-alive timer.
        }
    }
}
