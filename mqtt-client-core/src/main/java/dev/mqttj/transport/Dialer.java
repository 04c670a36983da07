package dev.mqttj.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * Opens connections to brokers named by URL.
 *
 * <p>The standard dialer ({@link #defaultDialer()} or {@link #builder()}) understands
 * {@code tcp://} and {@code mqtt://} (port 1883), {@code tls://}, {@code ssl://} and {@code mqtts://}
 * (port 8883), {@code ws://} (port 80) and {@code wss://} (port 443). Implement this interface to
 * plug in another transport.
 */
@FunctionalInterface
public interface Dialer {

    /**
     * Opens a connection to the broker at the given URL.
     *
     * @param url the broker URL, for example {@code tcp://user:secret@127.0.0.1:1883}
     * @return the open connection
     * @throws IllegalArgumentException if the URL is malformed or its scheme unsupported
     * @throws IOException if the connection could not be established in time
     */
    Connection dial(String url) throws IOException;

    /**
     * Opens a connection to the broker at the given URL within a time limit. The default
     * implementation ignores the limit and calls {@link #dial(String)}; the standard dialer takes the
     * shorter of the limit and its own connect timeout.
     *
     * @param url the broker URL
     * @param timeout the longest the dial may take, positive
     * @return the open connection
     * @throws IllegalArgumentException if the URL is malformed or its scheme unsupported
     * @throws IOException if the connection could not be established in time
     */
    default Connection dial(String url, Duration timeout) throws IOException {
        return dial(url);
    }

    /**
     * Returns the shared standard dialer with default settings: 10 s connect timeout, the JDK's
     * default {@link javax.net.ssl.SSLContext} and hostname verification on.
     *
     * @return the default dialer
     */
    static Dialer defaultDialer() {
        return StandardDialer.DEFAULT;
    }

    /**
     * Starts building a standard dialer with custom settings.
     *
     * @return a new builder
     */
    static StandardDialer.Builder builder() {
        return new StandardDialer.Builder();
    }
}
