package dev.mqttj.transport;

import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import java.io.IOException;
import java.time.Duration;

/**
 * What every connection shares: writes through a {@link CoalescingWriter}, a name, the remote address
 * and a close that runs once. Subclasses read packets and close their transport.
 */
abstract class CoalescedConnection implements Connection {

    final CoalescingWriter writer;
    final String remote;
    private volatile boolean closed;

    CoalescedConnection(CoalescingWriter.Sink sink, String remote) {
        this.writer = new CoalescingWriter(sink);
        this.remote = remote;
    }

    /** A decoder for the read limit, refusing limits no packet could fit. */
    static PacketDecoder decoderFor(int maxPacketSize) {
        if (maxPacketSize < 2) {
            throw new IllegalArgumentException("read limit must be at least 2 bytes but was " + maxPacketSize);
        }
        return new PacketDecoder(maxPacketSize);
    }

    @Override
    public final void send(Packet packet) throws IOException {
        writer.send(packet);
    }

    @Override
    public final void flush() throws IOException {
        writer.flush();
    }

    @Override
    public final void setMaxWriteDelay(Duration maxWriteDelay) {
        writer.setMaxWriteDelay(maxWriteDelay);
    }

    @Override
    public final void setName(String name) {
        writer.setName(name);
    }

    @Override
    public final String remoteAddress() {
        return remote;
    }

    final boolean isClosed() {
        return closed;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        closeTransport();
    }

    /** Closes the socket underneath, once; must not throw. */
    abstract void closeTransport();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + remote + "]";
    }
}
