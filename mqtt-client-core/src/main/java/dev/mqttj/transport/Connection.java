package dev.mqttj.transport;

import dev.mqttj.packet.Packet;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * One open connection to a broker that sends and receives whole MQTT packets.
 *
 * <p>Thread contract: {@link #receive()} is called by exactly one thread (the client's reader);
 * {@link #send(Packet)} and {@link #flush()} may be called by any number of threads at once;
 * {@link #close()} may be called from any thread at any time and unblocks both sides.
 */
public interface Connection extends Closeable {

    /**
     * Queues a packet for sending. Packets from concurrent callers are written in the order their
     * {@code send} calls took effect and coalesced into as few socket writes as possible. The call
     * returns once the packet is encoded into the connection's write buffer; it blocks only while
     * that buffer is over its high-water mark (back-pressure), and never on the reader thread.
     *
     * @param packet the packet to send
     * @throws IOException if the connection is closed or a previous write failed
     */
    void send(Packet packet) throws IOException;

    /**
     * Blocks until every packet queued before this call has been written to the network.
     *
     * @throws IOException if the connection is closed or the write failed
     */
    void flush() throws IOException;

    /**
     * Blocks until the next whole packet has arrived and returns it.
     *
     * @return the next packet, never null
     * @throws java.io.EOFException if the peer closed the connection
     * @throws dev.mqttj.packet.MalformedPacketException if the peer sent an invalid packet or one
     *     larger than the read limit
     * @throws IOException if the connection failed or was closed locally
     */
    Packet receive() throws IOException;

    /**
     * Sets the largest packet (remaining length in bytes) that {@link #receive()} accepts; larger
     * packets fail before any buffer for them is allocated.
     *
     * @param maxPacketSize the limit in bytes, at least 2
     * @throws IllegalArgumentException if the limit is below 2
     */
    void setReadLimit(int maxPacketSize);

    /**
     * Sets the longest time a queued packet may wait before it is written. The writer writes as
     * soon as the previous write finished, so in practice this is an upper bound, not a delay.
     *
     * @param maxWriteDelay the bound, zero or positive
     */
    void setMaxWriteDelay(Duration maxWriteDelay);

    /**
     * Names the connection; its threads are called {@code mqtt-<name>-writer}. Call before the first
     * {@link #send(Packet)}.
     *
     * @param name a short name, typically the client id
     */
    void setName(String name);

    /**
     * Returns a description of the remote end, such as {@code tcp://127.0.0.1:1883}.
     *
     * @return the remote address as text
     */
    String remoteAddress();

    /**
     * Closes the connection at once without flushing queued packets. Idempotent; never throws.
     */
    @Override
    void close();
}
