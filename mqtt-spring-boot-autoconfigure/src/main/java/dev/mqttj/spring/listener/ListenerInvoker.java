package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.GenericMessage;

/** Binds a received message to a listener method's parameters and calls it; one per listener. */
@FunctionalInterface
interface ListenerInvoker {

    /**
     * Calls the listener method for a message.
     *
     * @param received the message
     * @param template the listener's filter that matched it
     * @return the method's return value
     * @throws Exception what binding or the method threw, as spring-messaging's {@code InvocableHandlerMethod}
     *     reports it: the method's own exception unwrapped, a {@code MessageConversionException} for a payload
     *     that cannot be read, a {@code MethodArgumentResolutionException} for a parameter that cannot be bound
     */
    Object invoke(ReceivedMessage received, TopicTemplate template) throws Exception;

    /** Through spring-messaging: the argument resolvers of the handler method's factory bind every parameter. */
    static ListenerInvoker messaging(InvocableHandlerMethod handlerMethod, String listenerId) {
        return (received, template) -> handlerMethod.invoke(new GenericMessage<>(received.message().payload(),
                new MqttMessageHeaders(received, listenerId, template)));
    }
}
