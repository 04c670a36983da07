package dev.mqttj.spring.core;

/**
 * Converts only {@code byte[]} (unchanged) and {@code String} (UTF-8): the converter used when no
 * Jackson is on the class path.
 */
public final class SimpleMqttPayloadConverter extends AbstractMqttPayloadConverter {

    /** Creates the converter. */
    public SimpleMqttPayloadConverter() {
    }

    /**
     * Refuses every value.
     *
     * @throws MqttPayloadConversionException always: only byte[] and String are supported
     */
    @Override
    protected byte[] serialize(Object value) {
        throw unsupported(value.getClass());
    }

    /**
     * Refuses every type.
     *
     * @throws MqttPayloadConversionException always: only byte[] and String are supported
     */
    @Override
    protected <T> T deserialize(byte[] payload, Class<T> type) {
        throw unsupported(type);
    }

    private static MqttPayloadConversionException unsupported(Class<?> type) {
        return new MqttPayloadConversionException("no converter for " + type.getName()
                + ": only byte[] and String are supported; add Jackson (tools.jackson.core:jackson-databind) for JSON"
                + " or define an MqttPayloadConverter bean", null);
    }
}
