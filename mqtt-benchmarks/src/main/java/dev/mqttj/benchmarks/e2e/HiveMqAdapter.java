package dev.mqttj.benchmarks.e2e;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.util.concurrent.TimeUnit;

/**
 * Drives the HiveMQ client's asynchronous MQTT 3 API. Runs in its own JVM on the Netty 4.1 that
 * the HiveMQ client declares, not on the Netty 4.2 of this module.
 */
final class HiveMqAdapter implements BenchClient {

    private static final long TIMEOUT_SECONDS = 10;

    private Mqtt3AsyncClient client;
    private Receiver receiver;

    @Override
    public void connect(String clientId, int port, Receiver receiver) throws Exception {
        this.receiver = receiver;
        client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        client.connectWith().cleanSession(true).keepAlive(30).send().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void publishQos0(String topic, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion completion) {
        client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload).send()
                .whenComplete((ignored, error) -> completion.done(error));
    }

    @Override
    public void subscribe(String topicFilter, int qos) throws Exception {
        Receiver target = receiver;
        client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.fromCode(qos))
                .callback(publish -> {
                    if (target != null) {
                        target.received(publish.getPayloadAsBytes());
                    }
                })
                .send().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void disconnect() throws Exception {
        client.disconnect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
