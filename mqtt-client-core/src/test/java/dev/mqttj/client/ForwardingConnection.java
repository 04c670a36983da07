package dev.mqttj.client;

import dev.mqttj.packet.Packet;
import dev.mqttj.transport.Connection;
import java.io.IOException;
import java.time.Duration;

/** A connection that passes every call on to another; tests override the calls they want to interfere with. */
abstract class ForwardingConnection implements Connection {
    final Connection delegate;

    ForwardingConnection(Connection delegate) {
        this.delegate = delegate;
    }

    @Override
    public void send(Packet packet) throws IOException {
        delegate.send(packet);
    }

    @Override
    public Packet receive() throws IOException {
        return delegate.receive();
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void setReadLimit(int maxPacketSize) {
        delegate.setReadLimit(maxPacketSize);
    }

    @Override
    public void setMaxWriteDelay(Duration maxWriteDelay) {
        delegate.setMaxWriteDelay(maxWriteDelay);
    }

    @Override
    public void setName(String name) {
        delegate.setName(name);
    }

    @Override
    public String remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
