package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.spring.annotation.TopicVariable;
import dev.mqttj.spring.core.AbstractMqttPayloadConverter;
import dev.mqttj.spring.core.MqttPayloadConversionException;
import dev.mqttj.spring.core.MqttPayloadConverter;
import dev.mqttj.spring.listener.internal.MethodCalls;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.MethodParameter;
import org.springframework.core.NativeDetector;
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

    private static final Log LOG = LogFactory.getLog(DirectListenerInvoker.class);

    private enum Binding {
        TOPIC_VARIABLE, RECEIVED_MESSAGE, MESSAGE, RAW_PAYLOAD, BYTE_BUFFER_PAYLOAD, TEXT_PAYLOAD, CONVERTED_PAYLOAD
    }

    /** Added to the parameter count for the kind of a generated call of a void method. */
    private static final int VOID = MethodCalls.MAX_ARITY + 1;

    private final Object bean;
    private final Method method;
    private final String listenerId;
    private final MqttPayloadConverter converter;
    /** For a filter that lacks a variable, which the endpoint's checks rule out: spring-messaging reports it. */
    private final ListenerInvoker fallback;
    private final Binding[] bindings;
    private final Type[] payloadTypes;
    private final Class<?>[] payloadClasses;
    /** The endpoint's templates, and per template the level of each topic variable parameter. */
    private final TopicTemplate[] templates;
    /** Per template, the level of each topic variable parameter; null for a template that lacks one of them. */
    private final int[][] levels;
    /** The generated call of the method (see {@link MethodCalls}), or null to call it by reflection. */
    private final Object call;
    /** Which of {@link MethodCalls}' interfaces {@link #call} implements: the arity, plus {@link #VOID}. */
    private final int callKind;

    private DirectListenerInvoker(Object bean, Method method, String listenerId, MqttPayloadConverter converter,
            ListenerInvoker fallback, Binding[] bindings, Type[] payloadTypes, Class<?>[] payloadClasses,
            String[] variables, List<TopicTemplate> templates, Object call) {
        this.bean = bean;
        this.method = method;
        this.listenerId = listenerId;
        this.converter = converter;
        this.fallback = fallback;
        this.bindings = bindings;
        this.payloadTypes = payloadTypes;
        this.payloadClasses = payloadClasses;
        this.templates = templates.toArray(new TopicTemplate[0]);
        this.levels = new int[this.templates.length][];
        for (int t = 0; t < this.templates.length; t++) {
            int[] templateLevels = new int[bindings.length];
            for (int i = 0; i < bindings.length; i++) {
                templateLevels[i] = variables[i] == null ? -1 : this.templates[t].levelOf(variables[i]);
                if (variables[i] != null && templateLevels[i] < 0) {
                    templateLevels = null;
                    break;
                }
            }
            levels[t] = templateLevels;
        }
        this.call = call;
        this.callKind = bindings.length + (method.getReturnType() == void.class ? VOID : 0);
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
            } else if (type == String.class && converter instanceof AbstractMqttPayloadConverter) {
                // Its String conversion is final: UTF-8, whatever the subclass.
                bindings[i] = Binding.TEXT_PAYLOAD;
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
                variables, endpoint.topics(), hasPrimitiveParameter(method) ? null : generateCall(method));
    }

    /**
     * Whether a parameter is primitive: reflection widens a converter's {@code Integer} for a {@code long}
     * parameter, the generated call's cast would refuse it, so such a method keeps reflection's rules.
     */
    private static boolean hasPrimitiveParameter(Method method) {
        for (Class<?> type : method.getParameterTypes()) {
            if (type.isPrimitive()) {
                return true;
            }
        }
        return false;
    }

    /** A generated call of the method, or null where the runtime cannot give one (then it is called by reflection). */
    private static Object generateCall(Method method) {
        if (NativeDetector.inNativeImage()) {
            return null;
        }
        try {
            return MethodCalls.generate(method);
        } catch (ReflectiveOperationException e) {
            LOG.debug("Calling " + method + " by reflection: " + e.getMessage());
            return null;
        }
    }

    @Override
    public Object invoke(ReceivedMessage received, TopicTemplate template) throws Exception {
        int[] templateLevels = levelsOf(template);
        if (templateLevels == null) {
            return fallback.invoke(received, template);
        }
        Object generated = call;
        if (generated == null) {
            return invokeReflectively(received, template, templateLevels);
        }
        // One case per generated call type, so that each call site sees one interface and the listener's
        // arguments are never collected into an array.
        return switch (callKind) {
            case 0 -> ((MethodCalls.Call0) generated).call(bean);
            case 1 -> ((MethodCalls.Call1) generated).call(bean, argument(0, received, template, templateLevels));
            case 2 -> ((MethodCalls.Call2) generated).call(bean, argument(0, received, template, templateLevels),
                    argument(1, received, template, templateLevels));
            case 3 -> ((MethodCalls.Call3) generated).call(bean, argument(0, received, template, templateLevels),
                    argument(1, received, template, templateLevels), argument(2, received, template, templateLevels));
            case 4 -> ((MethodCalls.Call4) generated).call(bean, argument(0, received, template, templateLevels),
                    argument(1, received, template, templateLevels), argument(2, received, template, templateLevels),
                    argument(3, received, template, templateLevels));
            case VOID + 0 -> {
                ((MethodCalls.VoidCall0) generated).call(bean);
                yield null;
            }
            case VOID + 1 -> {
                ((MethodCalls.VoidCall1) generated).call(bean, argument(0, received, template, templateLevels));
                yield null;
            }
            case VOID + 2 -> {
                ((MethodCalls.VoidCall2) generated).call(bean, argument(0, received, template, templateLevels),
                        argument(1, received, template, templateLevels));
                yield null;
            }
            case VOID + 3 -> {
                ((MethodCalls.VoidCall3) generated).call(bean, argument(0, received, template, templateLevels),
                        argument(1, received, template, templateLevels),
                        argument(2, received, template, templateLevels));
                yield null;
            }
            default -> {
                ((MethodCalls.VoidCall4) generated).call(bean, argument(0, received, template, templateLevels),
                        argument(1, received, template, templateLevels),
                        argument(2, received, template, templateLevels),
                        argument(3, received, template, templateLevels));
                yield null;
            }
        };
    }

    private Object argument(int index, ReceivedMessage received, TopicTemplate template, int[] templateLevels) {
        dev.mqttj.packet.Message message = received.message();
        return switch (bindings[index]) {
            case TOPIC_VARIABLE -> TopicTemplate.level(message.topic(), templateLevels[index]);
            case RECEIVED_MESSAGE -> received;
            case MESSAGE -> message;
            case RAW_PAYLOAD -> message.payload();
            case BYTE_BUFFER_PAYLOAD -> ByteBuffer.wrap(message.payload());
            case TEXT_PAYLOAD -> new String(message.payload(), StandardCharsets.UTF_8);
            case CONVERTED_PAYLOAD -> convert(received, template, payloadTypes[index], payloadClasses[index]);
        };
    }

    private Object invokeReflectively(ReceivedMessage received, TopicTemplate template, int[] templateLevels)
            throws Exception {
        Object[] args = new Object[bindings.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = argument(i, received, template, templateLevels);
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

    /** The levels of the variable parameters for a template, or null to leave the template to spring-messaging. */
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
