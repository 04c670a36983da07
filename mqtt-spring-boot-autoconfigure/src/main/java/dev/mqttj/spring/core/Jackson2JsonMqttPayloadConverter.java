package dev.mqttj.spring.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Converts objects to and from JSON with a Jackson 2 {@link ObjectMapper}, for applications that
 * have not moved to Jackson 3.
 */
public final class Jackson2JsonMqttPayloadConverter extends AbstractMqttPayloadConverter {

    private final ObjectMapper objectMapper;

    /**
     * Creates the converter.
     *
     * @param objectMapper the mapper, usually the application's
     */
    public Jackson2JsonMqttPayloadConverter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    protected byte[] serialize(Object value) throws IOException {
        return this.objectMapper.writeValueAsBytes(value);
    }

    @Override
    protected <T> T deserialize(byte[] payload, Class<T> type) throws IOException {
        return this.objectMapper.readValue(payload, type);
    }

    @Override
    protected Object deserialize(byte[] payload, Type type) throws Exception {
        return this.objectMapper.readValue(payload, this.objectMapper.getTypeFactory().constructType(type));
    }
}
