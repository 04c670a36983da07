package dev.mqttj.packet;

import java.util.List;
import java.util.Objects;

/**
 * The SUBSCRIBE packet: one or more topic filters, each with a requested QoS.
 *
 * @param id the packet id, 1..65535
 * @param subscriptions at least one subscription; copied into an unmodifiable list
 */
public record Subscribe(int id, List<Subscription> subscriptions) implements IdentifiedPacket {
    /**
     * Up to this many entries fit in any packet: each filter is at most 65535 bytes, so an entry with its
     * length prefix and QoS byte is at most 65538 bytes.
     */
    private static final int ALWAYS_FITTING_ENTRIES = (RemainingLength.MAX - 2) / (Utf8.MAX_STRING_BYTES + 3);

    /**
     * Validates and creates a SUBSCRIBE.
     *
     * @param id the packet id, 1..65535
     * @param subscriptions at least one subscription; copied into an unmodifiable list
     * @throws NullPointerException if the list or an entry is null
     * @throws IllegalArgumentException if the id is not 1..65535, the list is empty, or the packet would be
     *     longer than the largest remaining length
     */
    public Subscribe {
        PacketIds.check("SUBSCRIBE", id);
        Objects.requireNonNull(subscriptions, "SUBSCRIBE: subscriptions must not be null");
        subscriptions = List.copyOf(subscriptions);
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("SUBSCRIBE: subscriptions must have at least one entry");
        }
        if (subscriptions.size() > ALWAYS_FITTING_ENTRIES && exactLength(subscriptions) > RemainingLength.MAX) {
            throw new IllegalArgumentException("SUBSCRIBE: subscriptions make the packet longer than "
                    + RemainingLength.MAX + " bytes");
        }
    }

    private static long exactLength(List<Subscription> subscriptions) {
        long length = 2;
        for (Subscription s : subscriptions) {
            length += 3L + Utf8.length(s.topicFilter());
        }
        return length;
    }

    /**
     * Returns {@link PacketType#SUBSCRIBE}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
