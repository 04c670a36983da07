package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;

import java.io.IOException;
import java.util.List;

/**
 * Stores the packets of one client's session: unacknowledged outgoing, and incoming QoS 2, by packet id.
 *
 * <p>Each {@link Direction} has its own store; the same id may be present in both. Within a direction,
 * packets keep the order in which they were first saved, which is the order the client resends them in
 * after a reconnect. Implementations are thread-safe: the client's reader thread and user threads call
 * them concurrently.
 */
public interface Session {

    /**
     * Returns the next id for an outgoing packet: 1, 2, ... 65535, then 1 again, never 0.
     *
     * <p>Ids that currently have a stored {@link Direction#OUTGOING} packet are skipped, so a wrap-around
     * never hands out an id that is still in flight. The skip costs one map lookup per candidate id.
     *
     * @return an id in 1..65535 with no stored outgoing packet
     * @throws IllegalStateException when all 65535 ids have a stored outgoing packet
     */
    int nextId();

    /**
     * Stores a packet under its id; a packet already stored with the same id in the same direction is
     * quietly replaced and keeps its place in the order of {@link #allPackets(Direction)}.
     *
     * @param direction the store to write to
     * @param packet the packet; its {@code id()} must be in 1..65535
     * @throws IllegalArgumentException when the packet id is outside 1..65535
     * @throws IOException when a persistent session cannot write the packet
     */
    void savePacket(Direction direction, IdentifiedPacket packet) throws IOException;

    /**
     * Returns the packet stored under an id.
     *
     * @param direction the store to read from
     * @param id the packet id
     * @return the stored packet, or {@code null} when there is none
     * @throws IOException when a persistent session cannot be read
     */
    IdentifiedPacket lookupPacket(Direction direction, int id) throws IOException;

    /**
     * Removes the packet stored under an id; an id with no stored packet is not an error.
     *
     * @param direction the store to delete from
     * @param id the packet id
     * @throws IOException when a persistent session cannot record the deletion
     */
    void deletePacket(Direction direction, int id) throws IOException;

    /**
     * Returns every stored packet of a direction in the order they were first saved (replacing a packet
     * keeps its place; deleting and saving again moves it to the end).
     *
     * @param direction the store to read from
     * @return an unmodifiable snapshot, empty when nothing is stored
     * @throws IOException when a persistent session cannot be read
     */
    List<IdentifiedPacket> allPackets(Direction direction) throws IOException;

    /**
     * Drops every packet of both directions and restarts the id counter at 1.
     *
     * @throws IOException when a persistent session cannot record the reset
     */
    void reset() throws IOException;
}
