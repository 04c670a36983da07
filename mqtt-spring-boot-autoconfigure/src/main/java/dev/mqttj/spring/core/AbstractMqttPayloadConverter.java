package dev.mqttj.spring.core;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.springframework.core.ResolvableType;

/**
 * Base of the payload converters: {@code byte[]} passes through unchanged and {@code String} is
 * UTF-8 in both directions (not a JSON string literal); every other type goes to
 * {@link #serialize(Object)} and {@link #deserialize(byte[], Class)}.
 */
public abstract class AbstractMqttPayloadConverter implements MqttPayloadConverter {

    /** Creates the converter. */
    protected AbstractMqttPayloadConverter() {
    }

    @Override
    public final byte[] toPayload(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return serialize(value);
        } catch (MqttPayloadConversionException e) {
            throw e;
        } catch (Exception e) {
            throw new MqttPayloadConversionException("cannot convert " + value.getClass().getName()
                    + " to an MQTT payload: " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T fromPayload(byte[] payload, Class<T> type) {
        if (type == byte[].class) {
            return (T) payload;
        }
        if (type == String.class) {
            return (T) new String(payload, StandardCharsets.UTF_8);
        }
        return (T) read(payload, type);
    }

    @Override
    public final Object fromPayload(byte[] payload, Type type) {
        return type instanceof Class<?> raw ? fromPayload(payload, raw) : read(payload, type);
    }

    /** Deserializes, wrapping any failure in an {@link MqttPayloadConversionException} that names the type. */
    private Object read(byte[] payload, Type type) {
        try {
            return type instanceof Class<?> raw ? deserialize(payload, raw) : deserialize(payload, type);
        } catch (MqttPayloadConversionException e) {
            throw e;
        } catch (Exception e) {
            throw new MqttPayloadConversionException("cannot read an MQTT payload of " + payload.length
                    + " bytes as " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deserializes a payload into a parameterized type such as {@code List<Reading>}. The default reads
     * the raw class; JSON converters override it to honour the type arguments.
     *
     * @param payload the payload
     * @param type the target type, not a {@code Class}
     * @return the value
     * @throws Exception if deserialization fails; wrapped in an {@link MqttPayloadConversionException}
     */
    protected Object deserialize(byte[] payload, Type type) throws Exception {
        return deserialize(payload, ResolvableType.forType(type).toClass());
    }

    /**
     * Serializes a value that is neither {@code byte[]} nor {@code String}.
     *
     * @param value the value
     * @return the payload
     * @throws Exception if serialization fails; wrapped in an {@link MqttPayloadConversionException}
     */
    protected abstract byte[] serialize(Object value) throws Exception;

    /**
     * Deserializes a payload into a type that is neither {@code byte[]} nor {@code String}.
     *
     * @param <T> the target type
     * @param payload the payload
     * @param type the target type
     * @return the value
     * @throws Exception if deserialization fails; wrapped in an {@link MqttPayloadConversionException}
     */
    protected abstract <T> T deserialize(byte[] payload, Class<T> type) throws Exception;
}
