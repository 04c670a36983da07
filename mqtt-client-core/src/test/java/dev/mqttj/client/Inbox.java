package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link Client} whose callback queues every message and error, so a test can wait for the next one. */
final class Inbox implements AutoCloseable {

    final Client client = new Client();
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final Duration timeout;
    String clientId;

    Inbox(Duration timeout) {
        this.timeout = timeout;
        client.setCallback((message, error) -> {
            if (error != null) {
                errors.add(error);
            } else {
                messages.add(message);
            }
        });
    }

    ConnectFuture connect(Config config) throws IOException, TimeoutException, InterruptedException {
        clientId = config.clientId();
        ConnectFuture future = client.connect(config);
        future.await(timeout);
        return future;
    }

    void subscribe(String topicFilter, int qos) throws TimeoutException, InterruptedException {
        SubscribeFuture future = client.subscribe(topicFilter, qos);
        future.await(timeout);
        assertThat(future.returnCodes()).as("SUBACK for %s", topicFilter).containsExactly(qos);
    }

    void publish(String topic, String payload, int qos, boolean retain) throws TimeoutException, InterruptedException {
        client.publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), qos, retain).await(timeout);
    }

    /** Waits for the next message; fails the test when none arrives in time. */
    Message next() throws InterruptedException {
        Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message within %s (errors: %s)", timeout, errors).isNotNull();
        return message;
    }

    @Override
    public void close() {
        client.close();
    }
}
