package dev.mqttj.packet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An application message: what a PUBLISH carries and what a CONNECT's will announces.
 *
 * <p>The payload array is not copied: the caller hands it over and must not change it afterwards.
 * {@link #payload()} likewise returns the array itself. Equality, hash code and {@link #toString()} are based
 * on content; {@code toString} shows the payload's length, not its bytes.
 *
 * @param topic a valid topic name: non-empty, no '+' or '#', no U+0000, at most 65535 bytes in UTF-8
 * @param payload the payload bytes; null is taken as an empty payload
 * @param qos the quality of service, 0..2
 * @param retain whether the broker should retain the message
 */
public record Message(String topic, byte[] payload, int qos, boolean retain) {
    private static final byte[] EMPTY = new byte[0];

    /**
     * Validates and creates a message.
     *
     * @throws NullPointerException if {@code topic} is null
     * @throws IllegalArgumentException if the topic is not a valid topic name, the QoS is not 0..2, or the
     *     payload makes the PUBLISH longer than the largest remaining length (268,435,455 bytes)
     */
    public Message {
        Objects.requireNonNull(topic, "Message: topic name must not be null");
        String problem = TopicRules.nameProblem(topic);
        if (problem != null) {
            throw new IllegalArgumentException("Message: topic name " + problem);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("Message: QoS must be 0..2 but was " + qos);
        }
        if (payload == null) {
            payload = EMPTY;
        }
        // Each char is at most 3 bytes of UTF-8: the exact length is only needed near the limit.
        int idAndLengthPrefix = 2 + (qos > 0 ? 2 : 0);
        if (idAndLengthPrefix + 3L * topic.length() + payload.length > RemainingLength.MAX
                && idAndLengthPrefix + (long) Utf8.length(topic) + payload.length > RemainingLength.MAX) {
            throw new IllegalArgumentException("Message: payload of " + payload.length
                    + " bytes makes the PUBLISH longer than " + RemainingLength.MAX + " bytes");
        }
    }

    /**
     * Creates a QoS 0, non-retained message whose payload is the UTF-8 encoding of {@code utf8Payload}.
     *
     * @param topic a valid topic name
     * @param utf8Payload the payload text
     * @return the message
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the topic is not a valid topic name
     */
    public static Message of(String topic, String utf8Payload) {
        Objects.requireNonNull(utf8Payload, "Message: payload must not be null");
        return new Message(topic, utf8Payload.getBytes(StandardCharsets.UTF_8), 0, false);
    }

    /**
     * Decodes the payload as UTF-8 text; malformed bytes become U+FFFD.
     *
     * @return the payload as a string
     */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Compares topic, payload content, QoS and retain flag.
     *
     * @return whether {@code o} is a message with equal content
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && qos == m.qos && retain == m.retain && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload);
    }

    /**
     * Returns a hash code over topic, payload content, QoS and retain flag.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return ((topic.hashCode() * 31 + Arrays.hashCode(payload)) * 31 + qos) * 31 + (retain ? 1 : 0);
    }

    /**
     * Shows topic, QoS, retain flag and the payload's length, never the payload bytes.
     *
     * @return e.g. {@code Message[topic=a/b, qos=1, retain=false, payload=12 bytes]}
     */
    @Override
    public String toString() {
        return "Message[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", payload=" + payload.length
                + " bytes]";
    }
}
