/**
 * The annotations an application uses to receive MQTT messages: {@link dev.mqttj.spring.annotation.MqttListener},
 * {@link dev.mqttj.spring.annotation.TopicVariable} and the header names in
 * {@link dev.mqttj.spring.annotation.MqttHeaders}. They need spring-messaging on the class path.
 */
package dev.mqttj.spring.annotation;
