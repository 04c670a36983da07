/**
 * The MQTT 3.1.1 (and 3.1) packet codec.
 *
 * <p>Every control packet is an immutable record implementing {@link dev.mqttj.packet.Packet}; constructors
 * validate their fields and throw {@link java.lang.IllegalArgumentException} naming packet and field.
 * {@link dev.mqttj.packet.PacketEncoder} writes packets into caller-supplied buffers without allocating;
 * {@link dev.mqttj.packet.PacketDecoder} is a streaming decoder (one per connection) that checks the
 * fixed header and the maximum packet size before it allocates anything for a body and reports every
 * violation as a {@link dev.mqttj.packet.MalformedPacketException}.
 */
package dev.mqttj.packet;
