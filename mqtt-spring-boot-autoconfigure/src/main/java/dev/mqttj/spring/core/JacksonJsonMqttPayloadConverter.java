package dev.mqttj.spring.core;

import java.lang.reflect.Type;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts objects to and from JSON with a Jackson 3 {@link JsonMapper}.
 */
public final class JacksonJsonMqttPayloadConverter extends AbstractMqttPayloadConverter {

    private final JsonMapper jsonMapper;

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
        return this.jsonMapper.readValue(payload, type);
    }

    @Override
    protected Object deserialize(byte[] payload, Type type) throws Exception {
        return this.jsonMapper.readValue(payload, this.jsonMapper.getTypeFactory().constructType(type));
    }
}
