/**
 * {@code @ServiceConnection} support: Testcontainers' Mosquitto and HiveMQ CE containers become
 * {@link dev.mqttj.spring.boot.autoconfigure.MqttConnectionDetails}.
 */
package dev.mqttj.spring.boot.autoconfigure.testcontainers;
