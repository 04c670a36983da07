/**
 * Micrometer observation of listener invocations, opt-in with {@code mqtt.listener.observation-enabled=true}.
 */
package dev.mqttj.spring.listener.observation;
