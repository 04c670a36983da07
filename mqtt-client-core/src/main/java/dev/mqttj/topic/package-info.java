/**
 * MQTT topic names and filters: validation ({@link dev.mqttj.topic.Topics}), shared subscriptions
 * ({@link dev.mqttj.topic.SharedSubscription}) and a concurrent matching tree ({@link dev.mqttj.topic.TopicTree})
 * that routes a received topic to everything subscribed to a matching filter. The port of gomqtt's
 * {@code topic} package; it depends on nothing but the JDK.
 */
package dev.mqttj.topic;
