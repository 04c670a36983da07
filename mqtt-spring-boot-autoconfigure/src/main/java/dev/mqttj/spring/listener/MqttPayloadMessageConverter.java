package dev.mqttj.spring.listener;

import dev.mqttj.spring.core.MqttPayloadConversionException;
import dev.mqttj.spring.core.MqttPayloadConverter;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.GenericMessage;

/**
 * The spring-messaging view of an {@link MqttPayloadConverter}: listener payload parameters are read with the
 * same converter as {@link dev.mqttj.spring.core.MqttTemplate} writes them. {@code byte[]} is passed as is,
 * {@code ByteBuffer} wraps the bytes, {@code String} is UTF-8; generic types such as {@code List<Reading>} keep
 * their type arguments.
 */
public final class MqttPayloadMessageConverter implements SmartMessageConverter {

    private final MqttPayloadConverter payloadConverter;

    /**
     * Creates the converter.
     *
     * @param payloadConverter the payload converter, usually the application's bean
     */
    public MqttPayloadMessageConverter(MqttPayloadConverter payloadConverter) {
        this.payloadConverter = Objects.requireNonNull(payloadConverter, "payloadConverter");
    }

    /**
     * Reads the payload as the target class.
     *
     * @param message a message with a {@code byte[]} payload
     * @param targetClass the type to read
     * @return the value
     * @throws MessageConversionException naming the target type if the payload cannot be read as it
     */
    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass) {
        return fromMessage(message, targetClass, null);
    }

    /**
     * Reads the payload as the parameter's (possibly generic) type.
     *
     * @param message a message with a {@code byte[]} payload
     * @param targetClass the raw type to read
     * @param conversionHint the {@link MethodParameter}, whose generic type is honoured
     * @return the value
     * @throws MessageConversionException naming the target type if the payload cannot be read as it
     */
    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass, Object conversionHint) {
        if (!(message.getPayload() instanceof byte[] payload)) {
            return null;
        }
        if (targetClass == ByteBuffer.class) {
            return ByteBuffer.wrap(payload);
        }
        Type type = conversionHint instanceof MethodParameter parameter
                ? parameter.getNestedGenericParameterType() : targetClass;
        try {
            return payloadConverter.fromPayload(payload, type);
        } catch (MqttPayloadConversionException e) {
            throw new MessageConversionException(message, "cannot read the payload as " + type.getTypeName()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a value as payload bytes.
     *
     * @param payload the value
     * @param headers the headers of the new message, or null
     * @return a message with the payload bytes
     * @throws MessageConversionException if the value cannot be converted
     */
    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers) {
        return toMessage(payload, headers, null);
    }

    /**
     * Writes a value as payload bytes.
     *
     * @param payload the value
     * @param headers the headers of the new message, or null
     * @param conversionHint ignored
     * @return a message with the payload bytes
     * @throws MessageConversionException if the value cannot be converted
     */
    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers, Object conversionHint) {
        try {
            return new GenericMessage<>(payloadConverter.toPayload(payload), headers);
        } catch (MqttPayloadConversionException e) {
            throw new MessageConversionException(e.getMessage(), e);
        }
    }
}
