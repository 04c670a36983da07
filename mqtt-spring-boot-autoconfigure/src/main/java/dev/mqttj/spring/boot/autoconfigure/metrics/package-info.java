/**
 * Micrometer meters of the MQTT connection, bound when Micrometer and a {@code MeterRegistry} are
 * present.
 */
package dev.mqttj.spring.boot.autoconfigure.metrics;
