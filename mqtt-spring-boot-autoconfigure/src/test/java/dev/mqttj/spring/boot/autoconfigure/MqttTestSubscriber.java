package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.packet.Message;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain core service that subscribes to a filter and collects what it receives, to check what an
 * application published.
 */
final class MqttTestSubscriber implements AutoCloseable {

    private final Service service = new Service();
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    MqttTestSubscriber(String brokerUrl, String filter) throws Exception {
        service.setMessageCallback(received::add);
        // Moquette refuses empty client ids.
        service.start(Config.withClientId(brokerUrl, "subscriber-" + System.nanoTime()));
        service.subscribe(filter, 2).await(Duration.ofSeconds(10));
    }

    /** Returns the next message, failing the test when none arrives within 10 s. */
    Message next() throws InterruptedException {
        Message message = received.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message arrived within 10 s");
        }
        return message;
    }

    BlockingQueue<Message> received() {
        return received;
    }

    @Override
    public void close() {
        service.stop(true);
    }
}
