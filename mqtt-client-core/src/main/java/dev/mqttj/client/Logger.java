package dev.mqttj.client;

/**
 * Receives one line per packet sent or received and per keep-alive decision. Passwords never
 * appear in these lines. Called on the client's threads: keep it fast.
 */
@FunctionalInterface
public interface Logger {

    /**
     * Logs one line.
     *
     * @param message the line, without trailing newline
     */
    void log(String message);
}
