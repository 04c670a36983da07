package dev.mqttj.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the library logs through the JDK's {@code System.Logger} (backed by java.util.logging in tests)
 * while an action runs.
 */
public final class LogCapture {

    /** An action that may throw anything. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs the action.
         *
         * @throws Exception whatever the action throws
         */
        void run() throws Exception;
    }

    private LogCapture() {
    }

    /**
     * Runs {@code action} and returns the records logged meanwhile to {@code loggerName} and its children.
     *
     * @param loggerName the logger's name, such as {@code dev.mqttj}
     * @param action what to run
     * @return the records, in order
     * @throws Exception what the action threw
     */
    public static List<LogRecord> during(String loggerName, Action action) throws Exception {
        Logger logger = Logger.getLogger(loggerName);
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return records;
    }
}
