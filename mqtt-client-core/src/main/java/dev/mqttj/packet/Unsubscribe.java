package dev.mqttj.packet;

import dev.mqttj.internal.MqttStrings;

import java.util.List;
import java.util.Objects;

/**
 * The UNSUBSCRIBE packet: one or more topic filters to remove.
 *
 * @param id the packet id, 1..65535
 * @param topicFilters at least one valid topic filter; copied into an unmodifiable list
 */
public record Unsubscribe(int id, List<String> topicFilters) implements IdentifiedPacket {

    /**
     * Validates and creates an UNSUBSCRIBE.
     *
     * @param id the packet id, 1..65535
     * @param topicFilters at least one valid topic filter; copied into an unmodifiable list
     * @throws NullPointerException if the list or an entry is null
     * @throws IllegalArgumentException if the id is not 1..65535, the list is empty, a filter is invalid, or
     *     the packet would be longer than the largest remaining length
     */
    public Unsubscribe {
        PacketIds.check("UNSUBSCRIBE", id);
        Objects.requireNonNull(topicFilters, "UNSUBSCRIBE: topic filters must not be null");
        topicFilters = List.copyOf(topicFilters);
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("UNSUBSCRIBE: topic filters must have at least one entry");
        }
        long length = 2;
        for (String filter : topicFilters) {
            String problem = MqttStrings.filterProblem(filter);
            if (problem != null) {
                throw new IllegalArgumentException("UNSUBSCRIBE: topic filter " + problem);
            }
            length += 2L + 3L * filter.length(); // an upper bound: at most 3 bytes a char
        }
        if (length > RemainingLength.MAX && exactLength(topicFilters) > RemainingLength.MAX) {
            throw new IllegalArgumentException("UNSUBSCRIBE: topic filters make the packet longer than "
                    + RemainingLength.MAX + " bytes");
        }
    }

    private static long exactLength(List<String> topicFilters) {
        long length = 2;
        for (String filter : topicFilters) {
            length += 2L + Utf8.length(filter);
        }
        return length;
    }

    /**
     * Returns {@link PacketType#UNSUBSCRIBE}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
