package dev.mqttj.transport;

import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection over a TCP or TLS socket: blocking reads on the caller's thread into an adaptive
 * buffer, writes coalesced by a {@link CoalescingWriter}. Plain TCP goes through a
 * {@link SocketChannel} with a direct read buffer; TLS through the {@link javax.net.ssl.SSLSocket}'s
 * streams with a heap buffer.
 */
final class StreamConnection extends CoalescedConnection {

    private static final int MIN_READ_BUFFER = 512;
    private static final int MAX_READ_BUFFER = 64 * 1024;
    /** After this many reads that used less than a quarter of the buffer, it shrinks. */
    private static final int SHRINK_AFTER = 8;

    private final Socket socket;
    private final SocketChannel channel;
    private final InputStream in;
    private PacketDecoder decoder = new PacketDecoder();
    private ByteBuffer readBuffer;
    private int smallReads;

    StreamConnection(Socket socket, String remote) throws IOException {
        this(socket, null, socket.getInputStream(), streamSink(socket.getOutputStream()), remote);
    }

    StreamConnection(SocketChannel channel, String remote) {
        this(channel.socket(), channel, null, data -> {
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }, remote);
    }

    private StreamConnection(Socket socket, SocketChannel channel, InputStream in, CoalescingWriter.Sink sink,
            String remote) {
        super(sink, remote);
        this.socket = socket;
        this.channel = channel;
        this.in = in;
    }

    private static CoalescingWriter.Sink streamSink(OutputStream out) {
        return data -> {
            out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            out.flush();
        };
    }

    @Override
    public Packet receive() throws IOException {
        ByteBuffer buffer = readBuffer;
        if (buffer == null) {
            writer.exemptFromBackPressure(Thread.currentThread());
            buffer = allocate(MIN_READ_BUFFER);
            buffer.flip();
            readBuffer = buffer;
        }
        while (true) {
            Packet packet = decoder.decode(buffer);
            if (packet != null) {
                return packet;
            }
            buffer = fill(buffer);
        }
    }

    /** Reads more bytes after the unconsumed ones, growing or shrinking the buffer to the traffic. */
    private ByteBuffer fill(ByteBuffer buffer) throws IOException {
        buffer.compact();
        if (!buffer.hasRemaining() && buffer.capacity() < MAX_READ_BUFFER) {
            buffer = resize(buffer, buffer.capacity() * 2);
        }
        writer.wakeDeferred();
        int read = readInto(buffer);
        if (read < 0) {
            buffer.flip();
            readBuffer = buffer;
            throw new EOFException("connection closed by " + remote);
        }
        if (buffer.position() < buffer.capacity() / 4 && buffer.capacity() > MIN_READ_BUFFER) {
            if (++smallReads >= SHRINK_AFTER) {
                smallReads = 0;
                buffer = resize(buffer, Math.max(MIN_READ_BUFFER, buffer.capacity() / 2));
            }
        } else {
            smallReads = 0;
        }
        buffer.flip();
        readBuffer = buffer;
        return buffer;
    }

    /** Reads at least one byte after the buffer's position and advances it; -1 at the end of the stream. */
    private int readInto(ByteBuffer buffer) throws IOException {
        if (channel != null) {
            return channel.read(buffer);
        }
        int read = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        if (read > 0) {
            buffer.position(buffer.position() + read);
        }
        return read;
    }

    private ByteBuffer allocate(int capacity) {
        return channel != null ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private ByteBuffer resize(ByteBuffer buffer, int capacity) {
        ByteBuffer resized = allocate(Math.max(capacity, buffer.position()));
        buffer.flip();
        resized.put(buffer);
        return resized;
    }

    @Override
    public void setReadLimit(int maxPacketSize) {
        decoder = decoderFor(maxPacketSize);
    }

    @Override
    void closeTransport() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort: the socket is unusable either way.
        }
    }
}
