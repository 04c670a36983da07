/**
 * Auto-configuration of the MQTT connection: {@code mqtt.*} properties, connection details,
 * customizers, and the lifecycle of the core {@link dev.mqttj.client.Service}.
 */
package dev.mqttj.spring.boot.autoconfigure;
