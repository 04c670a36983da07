/**
 * MQTT topic names and filters: validation ({@link dev.mqttj.topic.Topics}), shared subscriptions
 * ({@link dev.mqttj.topic.SharedSubscription}) and a concurrent matching tree ({@link dev.mqttj.topic.TopicTree})
 * that routes a received topic to everything subscribed to a matching filter. The port of gomqtt's
 * {@code topic} package. It depends on the JDK and on {@code dev.mqttj.internal.MqttStrings}, the one
 * definition of the topic rules, which the codec checks packets against too.
 */
package dev.mqttj.topic;
