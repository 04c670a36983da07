package dev.mqttj.session;

/** The direction of a packet stored in a {@link Session}, seen from the client. */
public enum Direction {
    /** Packets received from the broker (QoS 2 publishes awaiting PUBREL). */
    INCOMING,
    /** Packets sent to the broker and not yet fully acknowledged. */
    OUTGOING
}
