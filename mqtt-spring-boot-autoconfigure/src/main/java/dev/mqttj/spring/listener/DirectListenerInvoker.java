package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.spring.annotation.TopicVariable;
import dev.mqttj.spring.core.MqttPayloadConversionException;
import dev.mqttj.spring.core.MqttPayloadConverter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Calls a listener method whose parameters the {@link MqttMessageHandlerMethodFactory}'s own resolvers bind
 * from the received message alone, binding them directly: the same values as those resolvers give, without a
 * spring-messaging {@code Message}, its headers and the per-parameter resolver look-ups, which together cost
 * more per message than the rest of the dispatch.
 *
 * <p>Applies when every parameter is a {@code String} {@link TopicVariable}, a {@link ReceivedMessage} or
 * {@code dev.mqttj.packet.Message}, or a payload without any annotation (so no {@code @Valid}, no
 * {@code @Payload} expression) that is neither {@code Optional} nor one of spring-messaging's message or header
 * types; and only with the factory's built-in resolvers. Any other listener is bound by spring-messaging, as
 * before. A failure is reported as spring-messaging reports it (see {@link ListenerInvoker#invoke}).
 */
final class DirectListenerInvoker implements ListenerInvoker {

    private enum Binding { TOPIC_VARIABLE, RECEIVED_MESSAGE, MESSAGE, RAW_PAYLOAD, BYTE_BUFFER_PAYLOAD, CONVERTED_PAYLOAD }

    private final Object bean;
    private final Method method;
    private final String listenerId;
    private final MqttPayloadConverter converter;
    /** For a filter that lacks a variable, which the endpoint's checks rule out: spring-messaging reports it. */
    private final ListenerInvoker fallback;
    private final Binding[] bindings;
    private final Type[] payloadTypes;
    private final Class<?>[] payloadClasses;
    private final String[] variables;
    /** The endpoint's templates, and per template the level of each topic variable parameter. */
    private final TopicTemplate[] templates;
    private final int[][] levels;

    private DirectListenerInvoker(Object bean, Method method, String listenerId, MqttPayloadConverter converter,
            ListenerInvoker fallback, Binding[] bindings, Type[] payloadTypes, Class<?>[] payloadClasses,
            String[] variables, List<TopicTemplate> templates) {
        this.bean = bean;
        this.method = method;
        this.listenerId = listenerId;
        this.converter = converter;
        this.fallback = fallback;
        this.bindings = bindings;
        this.payloadTypes = payloadTypes;
        this.payloadClasses = payloadClasses;
        this.variables = variables;
        this.templates = templates.toArray(new TopicTemplate[0]);
        this.levels = new int[this.templates.length][bindings.length];
        for (int t = 0; t < this.templates.length; t++) {
            for (int i = 0; i < bindings.length; i++) {
                levels[t][i] = variables[i] == null ? -1 : this.templates[t].levelOf(variables[i]);
            }
        }
    }

    /**
     * Returns a direct invoker for the listener, or null if one of its parameters needs spring-messaging.
     *
     * @param endpoint the listener
     * @param handlerMethod the handler method the factory created for it; its bean and parameters are used
     * @param converter the factory's payload converter, or null if the factory has resolvers of its own
     */
    static ListenerInvoker create(MqttListenerEndpoint endpoint, InvocableHandlerMethod handlerMethod,
            MqttPayloadConverter converter) {
        if (converter == null || !(handlerMethod.getBean() == endpoint.bean())) {
            return null;
        }
        MethodParameter[] parameters = handlerMethod.getMethodParameters();
        Binding[] bindings = new Binding[parameters.length];
        Type[] payloadTypes = new Type[parameters.length];
        Class<?>[] payloadClasses = new Class<?>[parameters.length];
        String[] variables = new String[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            MethodParameter parameter = parameters[i];
            Class<?> type = parameter.getParameterType();
            TopicVariable variable = parameter.getParameterAnnotation(TopicVariable.class);
            if (variable != null) {
                if (type != String.class || parameter.getParameterAnnotations().length != 1) {
                    return null;
                }
                bindings[i] = Binding.TOPIC_VARIABLE;
                variables[i] = MqttListenerEndpoint.variableName(variable, parameter);
                continue;
            }
            if (parameter.getParameterAnnotations().length != 0 || type == Optional.class
                    || Message.class.isAssignableFrom(type) || MessageHeaders.class == type
                    || MessageHeaderAccessor.class.isAssignableFrom(type)) {
                return null;
            }
            if (type == ReceivedMessage.class) {
                bindings[i] = Binding.RECEIVED_MESSAGE;
            } else if (type == dev.mqttj.packet.Message.class) {
                bindings[i] = Binding.MESSAGE;
            } else if (ClassUtils.isAssignable(type, byte[].class)) {
                // Spring's payload resolver hands over a payload its parameter can take as it is.
                bindings[i] = Binding.RAW_PAYLOAD;
            } else if (type == ByteBuffer.class) {
                bindings[i] = Binding.BYTE_BUFFER_PAYLOAD;
            } else {
                bindings[i] = Binding.CONVERTED_PAYLOAD;
                payloadTypes[i] = parameter.getNestedGenericParameterType();
                payloadClasses[i] = type;
            }
        }
        Method method = BridgeMethodResolver.findBridgedMethod(handlerMethod.getMethod());
        ReflectionUtils.makeAccessible(method);
        return new DirectListenerInvoker(handlerMethod.getBean(), method, endpoint.id(), converter,
                ListenerInvoker.messaging(handlerMethod, endpoint.id()), bindings, payloadTypes, payloadClasses,
                variables, endpoint.topics());
    }

    @Override
    public Object invoke(ReceivedMessage received, TopicTemplate template) throws Exception {
        int[] templateLevels = levelsOf(template);
        dev.mqttj.packet.Message message = received.message();
        Object[] args = new Object[bindings.length];
        for (int i = 0; i < args.length; i++) {
            switch (bindings[i]) {
                case TOPIC_VARIABLE -> {
                    int level = templateLevels != null ? templateLevels[i] : template.levelOf(variables[i]);
                    if (level < 0) {
                        return fallback.invoke(received, template);
                    }
                    args[i] = TopicTemplate.level(message.topic(), level);
                }
                case RECEIVED_MESSAGE -> args[i] = received;
                case MESSAGE -> args[i] = message;
                case RAW_PAYLOAD -> args[i] = message.payload();
                case BYTE_BUFFER_PAYLOAD -> args[i] = ByteBuffer.wrap(message.payload());
                default -> args[i] = convert(received, template, payloadTypes[i], payloadClasses[i]);
            }
        }
        try {
            return method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            // Unwrapped as spring-messaging's InvocableHandlerMethod does, so error handlers see the same.
            Throwable target = e.getTargetException();
            if (target instanceof Exception exception) {
                throw exception;
            }
            if (target instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Invocation failure of " + method.toGenericString(), target);
        }
    }

    private int[] levelsOf(TopicTemplate template) {
        for (int t = 0; t < templates.length; t++) {
            if (templates[t] == template) {
                return levels[t];
            }
        }
        return null;
    }

    /** Reads the payload as {@link MqttPayloadMessageConverter} and Spring's payload resolver do. */
    private Object convert(ReceivedMessage received, TopicTemplate template, Type type, Class<?> parameterClass) {
        byte[] payload = received.message().payload();
        Object value;
        try {
            value = converter.fromPayload(payload, type);
        } catch (MqttPayloadConversionException e) {
            throw new MessageConversionException(asMessage(received, template), "cannot read the payload as "
                    + type.getTypeName() + ": " + e.getMessage(), e);
        }
        if (value == null) {
            Message<?> message = asMessage(received, template);
            throw new MessageConversionException(message, "Cannot convert from [" + payload.getClass().getName()
                    + "] to [" + parameterClass.getName() + "] for " + message);
        }
        return value;
    }

    /** The message spring-messaging would have bound, for an exception that carries it. */
    private Message<?> asMessage(ReceivedMessage received, TopicTemplate template) {
        return new GenericMessage<>(received.message().payload(), new MqttMessageHeaders(received, listenerId,
                template));
    }
}
