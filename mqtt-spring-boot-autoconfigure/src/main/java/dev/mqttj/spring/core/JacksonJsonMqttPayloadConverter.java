package dev.mqttj.spring.core;

import java.lang.reflect.Type;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts objects to and from JSON with a Jackson 3 {@link JsonMapper}.
 */
public final class JacksonJsonMqttPayloadConverter extends AbstractMqttPayloadConverter {

    private final JsonMapper jsonMapper;
    /**
     * A reader per payload class: {@code readerFor(type).readValue(bytes)} is what {@code readValue(bytes, type)}
     * does after looking the type up again, which took about 6 % of reading a small record. A Jackson 3 mapper
     * is immutable, so a reader made once stays right.
     */
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return jsonMapper.readerFor(type);
        }
    };

    /**
     * Creates the converter.
     *
     * @param jsonMapper the mapper, usually the application's
     */
    public JacksonJsonMqttPayloadConverter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected byte[] serialize(Object value) {
        return this.jsonMapper.writeValueAsBytes(value);
    }

    @Override
    protected <T> T deserialize(byte[] payload, Class<T> type) {
        return this.readers.get(type).readValue(payload);
    }

    @Override
    protected Object deserialize(byte[] payload, Type type) throws Exception {
        return this.jsonMapper.readValue(payload, this.jsonMapper.getTypeFactory().constructType(type));
    }
}
