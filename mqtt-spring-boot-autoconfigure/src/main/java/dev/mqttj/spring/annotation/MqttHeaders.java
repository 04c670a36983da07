package dev.mqttj.spring.annotation;

/**
 * Names of the message headers an {@link MqttListener} method can bind with {@code @Header}.
 */
public final class MqttHeaders {

    /** The prefix of every MQTT header name. */
    public static final String PREFIX = "mqtt_";

    /** The topic the message was published to ({@code String}). */
    public static final String TOPIC = PREFIX + "topic";

    /** The QoS the message was delivered with ({@code Integer}: 0, 1 or 2). */
    public static final String QOS = PREFIX + "qos";

    /** Whether the message is a retained message sent on subscribing ({@code Boolean}). */
    public static final String RETAINED = PREFIX + "retained";

    /** Whether the broker marked the delivery as a possible redelivery, the DUP flag ({@code Boolean}). */
    public static final String DUPLICATE = PREFIX + "duplicate";

    /** The packet id of the delivery ({@code Integer}: 1..65535 for QoS 1 and 2, 0 for QoS 0). */
    public static final String PACKET_ID = PREFIX + "packetId";

    /** The id of the listener the message is delivered to ({@code String}). */
    public static final String LISTENER_ID = PREFIX + "listenerId";

    /** The core's received message, {@code dev.mqttj.client.ReceivedMessage}. */
    public static final String RECEIVED_MESSAGE = PREFIX + "receivedMessage";

    private MqttHeaders() {
    }
}
