package dev.mqttj.spring.boot.autoconfigure.testcontainers;

import org.testcontainers.hivemq.HiveMQContainer;

/**
 * Creates {@link dev.mqttj.spring.boot.autoconfigure.MqttConnectionDetails} for a
 * {@code @ServiceConnection} {@link HiveMQContainer} (HiveMQ CE, module
 * {@code org.testcontainers:testcontainers-hivemq}).
 */
class HiveMqContainerConnectionDetailsFactory extends MqttContainerConnectionDetailsFactory<HiveMQContainer> {

    HiveMqContainerConnectionDetailsFactory() {
        super(ANY_CONNECTION_NAME, "org.testcontainers.hivemq.HiveMQContainer");
    }

    @Override
    int mqttPort(HiveMQContainer container) {
        return container.getMqttPort();
    }
}
