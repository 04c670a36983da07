/**
 * The Spring-facing MQTT API: {@link dev.mqttj.spring.core.MqttTemplate} for publishing, payload
 * converters, and the application events about the connection.
 */
package dev.mqttj.spring.core;
