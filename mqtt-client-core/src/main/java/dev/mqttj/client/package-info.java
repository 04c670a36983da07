/**
 * The client and the reconnecting service: the Java port of gomqtt's {@code client} package.
 *
 * <p>{@link dev.mqttj.client.Client} connects once and returns a future for every operation;
 * {@link dev.mqttj.client.Service} keeps a connection up, resubscribes and queues while offline. Both
 * implement {@link dev.mqttj.client.MqttOperations}. Futures ({@link dev.mqttj.client.GenericFuture},
 * {@link dev.mqttj.client.ConnectFuture}, {@link dev.mqttj.client.SubscribeFuture}) complete with a typed
 * result or fail with an {@link dev.mqttj.client.MqttClientException}, the base of every error this package
 * reports, one subclass per gomqtt error value.
 *
 * <p>Durations: a {@code Duration} parameter is never null or negative, and zero means "do not wait"
 * ({@code await(Duration.ZERO)} polls, {@code disconnect(Duration.ZERO)} sends DISCONNECT at once). Settings
 * that bound an operation (connect, queue and resubscribe timeouts, reconnect delays) must be positive;
 * a zero keep-alive turns keep-alive off and a zero maximum write delay writes at once, as their
 * MQTT and gomqtt meanings say.
 */
package dev.mqttj.client;
