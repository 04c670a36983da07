package dev.mqttj.client;

/**
 * Where a client's or service's lines go: the application's {@link Logger} when one is set (every line,
 * as gomqtt), otherwise the JDK's {@link System.Logger} named {@code dev.mqttj}, which a Spring Boot or
 * any SLF4J application sees in its usual log: packets at TRACE, connection changes at INFO and
 * DEBUG, failures at WARNING.
 */
final class Log {

    static final System.Logger SYSTEM = System.getLogger("dev.mqttj");

    private final Logger custom;

    Log(Logger custom) {
        this.custom = custom;
    }

    /** Whether packet-level lines are wanted; checked before such a line is built. */
    boolean tracing() {
        return custom != null || SYSTEM.isLoggable(System.Logger.Level.TRACE);
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
            } else if (SYSTEM.isLoggable(level)) {
                SYSTEM.log(level, line);
            }
        } catch (RuntimeException ignored) {
            // Logging is a side channel: a failing logger must not abort a send half way (after the packet
            // was queued) or stop the keep-alive timer.
        }
    }
}
