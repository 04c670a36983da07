/**
 * The machinery behind {@link dev.mqttj.spring.annotation.MqttListener}: the bean post-processor that turns
 * annotated methods into {@link dev.mqttj.spring.listener.MqttListenerEndpoint}s, the
 * {@link dev.mqttj.spring.listener.MqttListenerEndpointRegistry} that subscribes and starts them, the
 * {@link dev.mqttj.spring.listener.MqttListenerDispatcher} that routes each received message through the core's
 * topic tree, argument binding on spring-messaging, and error handlers.
 */
package dev.mqttj.spring.listener;
