package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.annotation.MqttHeaders;
import java.io.Serial;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The headers of one delivery to one listener, answered from the received message itself: a {@code @Header}
 * lookup costs a string switch, and the map behind ordinary {@code MessageHeaders} is only filled when the
 * headers are used as a whole (a {@code Map} parameter, logging). Without the random id and timestamp of
 * ordinary headers: generating a UUID per message would cost more than the rest of the dispatch.
 *
 * <p>Used by one thread at a time, the one that runs the listener.
 */
final class MqttMessageHeaders extends org.springframework.messaging.MessageHeaders {

    /** Internal header: the {@link TopicTemplate} whose filter matched, read by the topic variable resolver. */
    static final String TEMPLATE = MqttHeaders.PREFIX + "topicTemplate";

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ReceivedMessage received;
    private final String listenerId;
    private final transient TopicTemplate template;
    private boolean filled;

    MqttMessageHeaders(ReceivedMessage received, String listenerId, TopicTemplate template) {
        super(null, ID_VALUE_NONE, -1L);
        this.received = received;
        this.listenerId = listenerId;
        this.template = template;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        Message message = received.message();
        switch (name) {
            case MqttHeaders.TOPIC:
                return message.topic();
            case MqttHeaders.QOS:
                return message.qos();
            case MqttHeaders.RETAINED:
                return message.retain();
            case MqttHeaders.DUPLICATE:
                return received.duplicate();
            case MqttHeaders.PACKET_ID:
                return received.packetId();
            case MqttHeaders.LISTENER_ID:
                return listenerId;
            case MqttHeaders.RECEIVED_MESSAGE:
                return received;
            case TEMPLATE:
                return template;
            default:
                return null;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Class<T> type) {
        Object value = get(key);
        if (value != null && !type.isAssignableFrom(value.getClass())) {
            throw new IllegalArgumentException("Incorrect type specified for header '" + key + "'. Expected [" + type
                    + "] but actual type is [" + value.getClass() + "]");
        }
        return (T) value;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public boolean containsValue(Object value) {
        return filled().containsValue(value);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        filled();
        return super.entrySet();
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public Set<String> keySet() {
        filled();
        return super.keySet();
    }

    @Override
    public int size() {
        return filled().size();
    }

    @Override
    public Collection<Object> values() {
        filled();
        return super.values();
    }

    @Override
    public boolean equals(Object other) {
        filled();
        return super.equals(other);
    }

    @Override
    public int hashCode() {
        filled();
        return super.hashCode();
    }

    @Override
    public String toString() {
        filled();
        return super.toString();
    }

    /** Fills the map of the base class, for the operations that see the headers as a whole. */
    private Map<String, Object> filled() {
        Map<String, Object> headers = getRawHeaders();
        if (!filled) {
            filled = true;
            for (String name : new String[] {MqttHeaders.TOPIC, MqttHeaders.QOS, MqttHeaders.RETAINED,
                    MqttHeaders.DUPLICATE, MqttHeaders.PACKET_ID, MqttHeaders.LISTENER_ID, MqttHeaders.RECEIVED_MESSAGE,
                    TEMPLATE}) {
                headers.put(name, get(name));
            }
        }
        return headers;
    }
}
