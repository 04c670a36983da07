package dev.mqttj.packet;

import dev.mqttj.internal.MqttStrings;

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
 * <p>A final class rather than a record: the packet decoder checks a topic name on its bytes while it reads
 * them, and a record's constructor would check the decoded string a second time on every received message.
 */
public final class Message {
    private static final byte[] EMPTY = new byte[0];

    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;

    /**
     * Validates and creates a message.
     *
     * @param topic a valid topic name: non-empty, no '+' or '#', no U+0000, at most 65535 bytes in UTF-8
     * @param payload the payload bytes; null is taken as an empty payload
     * @param qos the quality of service, 0..2
     * @param retain whether the broker should retain the message
     * @throws NullPointerException if {@code topic} is null
     * @throws IllegalArgumentException if the topic is not a valid topic name, the QoS is not 0..2, or the
     *     payload makes the PUBLISH longer than the largest remaining length (268,435,455 bytes)
     */
    public Message(String topic, byte[] payload, int qos, boolean retain) {
        Objects.requireNonNull(topic, "Message: topic name must not be null");
        String problem = MqttStrings.nameProblem(topic);
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
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
    }

    /** For the decoder, which has checked every argument against the same rules on the wire bytes. */
    private Message(int qos, boolean retain, String topic, byte[] payload) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
    }

    /**
     * Creates a message from fields the decoder has already checked: a valid topic name, a QoS of 0..2 and a
     * payload that fitted in a packet.
     */
    static Message checked(String topic, byte[] payload, int qos, boolean retain) {
        return new Message(qos, retain, topic, payload);
    }

    /**
     * Returns the topic name.
     *
     * @return the topic the message is published to
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns the payload array itself, not a copy.
     *
     * @return the payload bytes, empty (never null) for an empty payload
     */
    public byte[] payload() {
        return payload;
    }

    /**
     * Returns the quality of service.
     *
     * @return 0, 1 or 2
     */
    public int qos() {
        return qos;
    }

    /**
     * Returns whether the broker should retain the message (or, on a received message, whether it was sent
     * from the broker's retained store).
     *
     * @return the RETAIN flag
     */
    public boolean retain() {
        return retain;
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
