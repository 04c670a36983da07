package dev.mqttj.benchmarks.e2e;

import dev.mqttj.client.Client;
import dev.mqttj.client.Config;
import java.time.Duration;

/** Drives our {@link Client} through its public API only. */
final class OurClientAdapter implements BenchClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Client client = new Client();

    @Override
    public void connect(String clientId, int port, Receiver receiver) throws Exception {
        if (receiver != null) {
            client.setCallback((message, error) -> {
                if (message != null) {
                    receiver.received(message.payload());
                }
            });
        }
        client.connect(Config.builder("tcp://127.0.0.1:" + port).clientId(clientId).maxInflight(1000).build()).await(TIMEOUT);
    }

    @Override
    public void publishQos0(String topic, byte[] payload) {
        client.publish(topic, payload, 0, false);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion completion) {
        client.publish(topic, payload, qos, false).onComplete((done, failure) -> completion.done(failure));
    }

    @Override
    public void subscribe(String topicFilter, int qos) throws Exception {
        client.subscribe(topicFilter, qos).await(TIMEOUT);
    }

    @Override
    public void disconnect() throws Exception {
        client.disconnect();
    }
}
