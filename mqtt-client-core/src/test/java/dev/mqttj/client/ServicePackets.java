package dev.mqttj.client;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Connect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.packet.Unsubscribe;
import java.util.List;

/** The packets the fake-broker flows of the service tests expect and send. */
final class ServicePackets {

    static final String CLIENT_ID = "svc";

    private ServicePackets() {
    }

    /** The CONNECT a service sends for {@link #config(String)}. */
    static Connect connect() {
        return connect(true);
    }

    static Connect connect(boolean cleanSession) {
        return new Connect(ProtocolVersion.MQTT_3_1_1, CLIENT_ID, 30, cleanSession, null, null, null);
    }

    static Config config(String url) {
        return Config.withClientId(url, CLIENT_ID);
    }

    static Config persistentConfig(String url) {
        return Config.builder(url).clientId(CLIENT_ID).cleanSession(false).build();
    }

    static Connack connack() {
        return new Connack(false, ConnackCode.ACCEPTED);
    }

    static Connack connack(boolean sessionPresent) {
        return new Connack(sessionPresent, ConnackCode.ACCEPTED);
    }

    static Subscribe subscribe(int id, String filter, int qos) {
        return new Subscribe(id, List.of(new Subscription(filter, qos)));
    }

    static Unsubscribe unsubscribe(int id, String filter) {
        return new Unsubscribe(id, List.of(filter));
    }

    static Publish publish(String topic, String payload, int qos, int id) {
        return publish(topic, payload, qos, id, false);
    }

    static Publish publish(String topic, String payload, int qos, int id, boolean dup) {
        Message message = new Message(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), qos, false);
        return new Publish(message, dup, qos == 0 ? 0 : id);
    }
}
