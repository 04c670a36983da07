package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.annotation.MqttHeaders;
import java.io.Serial;
import java.util.Map;

/**
 * The headers of one delivery to one listener. Without the random id and timestamp of ordinary
 * {@code MessageHeaders}: generating a UUID per message would cost more than the rest of the dispatch.
 */
final class MqttMessageHeaders extends org.springframework.messaging.MessageHeaders {

    /** Internal header: the {@link TopicTemplate} whose filter matched, read by the topic variable resolver. */
    static final String TEMPLATE = MqttHeaders.PREFIX + "topicTemplate";

    @Serial
    private static final long serialVersionUID = 1L;

    MqttMessageHeaders(ReceivedMessage received, String listenerId, TopicTemplate template) {
        super(null, ID_VALUE_NONE, -1L);
        Message message = received.message();
        Map<String, Object> headers = getRawHeaders();
        headers.put(MqttHeaders.TOPIC, message.topic());
        headers.put(MqttHeaders.QOS, message.qos());
        headers.put(MqttHeaders.RETAINED, message.retain());
        headers.put(MqttHeaders.DUPLICATE, received.duplicate());
        headers.put(MqttHeaders.PACKET_ID, received.packetId());
        headers.put(MqttHeaders.LISTENER_ID, listenerId);
        headers.put(MqttHeaders.RECEIVED_MESSAGE, received);
        headers.put(TEMPLATE, template);
    }
}
