package dev.mqttj.spring.core;

import java.lang.reflect.Type;
import org.springframework.core.ResolvableType;

/**
 * Converts between application objects and MQTT payload bytes. The auto-configuration provides one
 * backed by the application's Jackson 3 {@code JsonMapper}, else a Jackson 2 {@code ObjectMapper},
 * else one that handles only {@code byte[]} and {@code String}; define a bean of this type to replace it.
 *
 * <p>Implementations must be thread-safe and should not allocate beyond the payload itself: they run
 * once per message.
 */
public interface MqttPayloadConverter {

    /**
     * Converts a value to payload bytes.
     *
     * @param value the value to send; never null
     * @return the payload
     * @throws MqttPayloadConversionException if the value cannot be converted
     */
    byte[] toPayload(Object value);

    /**
     * Converts payload bytes to a value.
     *
     * @param <T> the target type
     * @param payload the received payload
     * @param type the target type
     * @return the value
     * @throws MqttPayloadConversionException if the payload cannot be read as {@code type}
     */
    <T> T fromPayload(byte[] payload, Class<T> type);

    /**
     * Converts payload bytes to a value of a possibly generic type, such as {@code List<Reading>}. The
     * default reads the type's raw class; the JSON converters honour the type arguments.
     *
     * @param payload the received payload
     * @param type the target type, a {@code Class} or a parameterized type
     * @return the value
     * @throws MqttPayloadConversionException if the payload cannot be read as {@code type}
     */
    default Object fromPayload(byte[] payload, Type type) {
        return fromPayload(payload, ResolvableType.forType(type).toClass());
    }
}
