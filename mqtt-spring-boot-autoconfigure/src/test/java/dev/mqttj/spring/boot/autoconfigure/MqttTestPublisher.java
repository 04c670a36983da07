package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain core service on its own connection that publishes and waits for each publish to complete, so that a
 * test's messages reach the broker exactly once, whatever happens to the application's connection.
 */
final class MqttTestPublisher implements AutoCloseable {

    private final Service service = new Service();

    MqttTestPublisher(String brokerUrl) {
        service.start(Config.withClientId(brokerUrl, "publisher-" + System.nanoTime()));
    }

    /** Publishes a UTF-8 payload and waits up to 10 s for the QoS flow to complete. */
    void publish(String topic, String payload, int qos) throws Exception {
        service.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false).await(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        service.stop(true);
    }
}
