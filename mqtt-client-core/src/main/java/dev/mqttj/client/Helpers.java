package dev.mqttj.client;

import dev.mqttj.packet.Message;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One-shot operations that connect, do one thing and disconnect: gomqtt's helper functions
 * {@code ClearRetainedMessage}, {@code ClearSession}, {@code PublishMessage} and {@code ReceiveMessage}.
 *
 * <p>Each timeout bounds the whole operation, connecting included.
 */
public final class Helpers {

    private Helpers() {
    }

    /**
     * Connects with a clean session for the config's client id and disconnects, so the broker drops
     * the stored session of that id.
     *
     * @param config the connection settings; its clean-session flag is ignored
     * @param timeout how long the whole operation may take
     * @throws CancellationException if the broker could not be reached or refused (the cause says why)
     * @throws TimeoutException if the broker did not answer in time
     * @throws InterruptedException if the calling thread was interrupted
     */
    public static void clearSession(Config config, Duration timeout)
            throws TimeoutException, InterruptedException {
        Objects.requireNonNull(config, "config");
        Config clean = config.toBuilder().cleanSession(true).build();
        long deadline = deadline(timeout);
        Client client = new Client();
        try {
            client.connect(clean).await(remaining(deadline, timeout));
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /**
     * Publishes an empty retained message to a topic, which makes the broker drop the message it
     * retains for that topic.
     *
     * @param config the connection settings
     * @param topic the topic name
     * @param timeout how long the whole operation may take
     * @throws CancellationException if the broker could not be reached or refused (the cause says why)
     * @throws TimeoutException if the broker did not answer in time
     * @throws InterruptedException if the calling thread was interrupted
     * @throws IllegalArgumentException if the topic is not a valid topic name
     */
    public static void clearRetainedMessage(Config config, String topic, Duration timeout)
            throws TimeoutException, InterruptedException {
        publishMessage(config, new Message(topic, new byte[0], 0, true), timeout);
    }

    /**
     * Connects, publishes one message, waits for its QoS flow to finish and disconnects.
     *
     * @param config the connection settings
     * @param message the message
     * @param timeout how long the whole operation may take
     * @throws TimeoutException if the broker did not acknowledge in time
     * @throws InterruptedException if the calling thread was interrupted
     * @throws CancellationException if the broker could not be reached, or the connection was refused or
     *     lost (the cause says why)
     */
    public static void publishMessage(Config config, Message message, Duration timeout)
            throws TimeoutException, InterruptedException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(message, "message");
        long deadline = deadline(timeout);
        Client client = new Client();
        try {
            client.connect(config).await(remaining(deadline, timeout));
            client.publishMessage(message).await(remaining(deadline, timeout));
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /**
     * Connects, subscribes to a filter, waits for the first message and disconnects.
     *
     * @param config the connection settings
     * @param topicFilter the filter to subscribe to
     * @param qos the maximum QoS to receive
     * @param timeout how long the whole operation may take
     * @return the first message received
     * @throws CancellationException if the broker could not be reached or refused the connection (the cause
     *     says why)
     * @throws MqttClientException if the connection failed while waiting for the message
     * @throws TimeoutException if no message arrived in time
     * @throws InterruptedException if the calling thread was interrupted
     * @throws IllegalArgumentException if the filter or QoS is invalid
     */
    public static Message receiveMessage(Config config, String topicFilter, int qos, Duration timeout)
            throws TimeoutException, InterruptedException {
        Objects.requireNonNull(config, "config");
        long deadline = deadline(timeout);
        CompletableFuture<Message> received = new CompletableFuture<>();
        Client client = new Client();
        client.setCallback((message, error) -> {
            if (error != null) {
                received.completeExceptionally(error);
            } else {
                received.complete(message);
            }
        });
        try {
            client.connect(config).await(remaining(deadline, timeout));
            client.subscribe(topicFilter, qos).await(remaining(deadline, timeout));
            Message message;
            try {
                message = received.get(remaining(deadline, timeout).toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw ConnectionLostException.of("connection failed while waiting for a message", e.getCause());
            } catch (TimeoutException e) {
                // CompletableFuture's own timeout has no message; say what was waited for, like the other steps.
                throw new TimeoutException("no message on " + topicFilter + " within " + timeout);
            }
            client.disconnect();
            return message;
        } finally {
            client.close();
        }
    }

    private static long deadline(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        return System.nanoTime() + timeout.toNanos();
    }

    private static Duration remaining(long deadline, Duration timeout) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("operation did not finish within " + timeout);
        }
        return Duration.ofNanos(left);
    }
}
