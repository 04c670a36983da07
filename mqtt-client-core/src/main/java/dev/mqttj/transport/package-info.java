/**
 * Transports: the {@link dev.mqttj.transport.Dialer} that opens connections for {@code tcp}/{@code mqtt},
 * {@code tls}/{@code ssl}/{@code mqtts}, {@code ws} and {@code wss} broker URLs, the
 * {@link dev.mqttj.transport.Connection} with buffered, coalesced writes and a read limit, and
 * {@link dev.mqttj.transport.BrokerUrl}, which parses URLs and masks their passwords.
 */
package dev.mqttj.transport;
