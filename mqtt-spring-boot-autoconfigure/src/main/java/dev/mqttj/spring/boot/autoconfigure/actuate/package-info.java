/**
 * The {@code mqtt} actuator endpoint: connection state, subscriptions and listeners, with write operations to
 * stop and start a listener when the application allows them.
 */
package dev.mqttj.spring.boot.autoconfigure.actuate;
