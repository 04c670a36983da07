package dev.mqttj.spring.boot.autoconfigure.testcontainers;

import org.testcontainers.containers.Container;

/**
 * Creates {@link dev.mqttj.spring.boot.autoconfigure.MqttConnectionDetails} for a
 * {@code @ServiceConnection} container of the {@code eclipse-mosquitto} image (a
 * {@code GenericContainer} exposing port 1883). Start it with {@code mosquitto -c /mosquitto-no-auth.conf}:
 * the image's default configuration accepts connections from inside the container only.
 */
class MosquittoContainerConnectionDetailsFactory extends MqttContainerConnectionDetailsFactory<Container<?>> {

    /** The MQTT port inside the container. */
    static final int MQTT_PORT = 1883;

    MosquittoContainerConnectionDetailsFactory() {
        super("eclipse-mosquitto");
    }

    @Override
    int mqttPort(Container<?> container) {
        return container.getMappedPort(MQTT_PORT);
    }
}
