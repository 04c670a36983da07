package dev.mqttj.testing;

/** Turns down slf4j-simple for the embedded broker's chatty libraries, unless a test already configured it. */
final class QuietLogging {

    private QuietLogging() {
    }

    static void apply() {
        // slf4j-simple reads these per logger on creation, so they work as long as they precede Moquette's loggers.
        setIfAbsent("org.slf4j.simpleLogger.log.io.moquette", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.h2", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.com.bugsnag", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
