/**
 * Health of the MQTT connection for Spring Boot's health endpoint, and its optional place in the
 * readiness group.
 */
package dev.mqttj.spring.boot.autoconfigure.health;
