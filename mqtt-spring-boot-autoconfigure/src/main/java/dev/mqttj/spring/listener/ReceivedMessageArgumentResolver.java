package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.spring.annotation.MqttHeaders;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves parameters of the core's types: {@link ReceivedMessage} (with the delivery details) and
 * {@link dev.mqttj.packet.Message} (the application message).
 */
final class ReceivedMessageArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return type == ReceivedMessage.class || type == dev.mqttj.packet.Message.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        ReceivedMessage received = (ReceivedMessage) message.getHeaders().get(MqttHeaders.RECEIVED_MESSAGE);
        if (received == null || parameter.getParameterType() == ReceivedMessage.class) {
            return received;
        }
        return received.message();
    }
}
