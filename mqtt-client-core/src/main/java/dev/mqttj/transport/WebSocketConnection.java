package dev.mqttj.transport;

import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection over a WebSocket (subprotocol {@code mqtt}, binary frames). MQTT packets may be split
 * across frames or packed several to a frame; the bytes are decoded as one stream.
 *
 * <p>Frames are requested one at a time, so a slow reader applies back-pressure to the peer.
 */
final class WebSocketConnection extends CoalescedConnection implements WebSocket.Listener {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private volatile WebSocket socket;
    private PacketDecoder decoder = new PacketDecoder();
    private ByteBuffer received = ByteBuffer.allocate(0);
    private boolean readerExempted;
    private boolean ended;
    private IOException failure;

    private final FrameSink frames;

    WebSocketConnection(String remote) {
        this(new FrameSink(remote), remote);
    }

    private WebSocketConnection(FrameSink frames, String remote) {
        super(frames, remote);
        this.frames = frames;
    }

    void attach(WebSocket webSocket) {
        this.socket = webSocket;
        frames.socket = webSocket;
    }

    /** Writes each coalesced batch as one binary frame. */
    private static final class FrameSink implements CoalescingWriter.Sink {
        private final String remote;
        private volatile WebSocket socket;

        FrameSink(String remote) {
            this.remote = remote;
        }

        @Override
        public void write(ByteBuffer data) throws IOException {
            try {
                socket.sendBinary(data, true).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing to " + remote);
            } catch (ExecutionException e) {
                throw new IOException("WebSocket write to " + remote + " failed: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lock.lock();
        try {
            received.compact();
            if (received.remaining() < data.remaining()) {
                ByteBuffer larger = ByteBuffer.allocate(received.position() + data.remaining());
                received.flip();
                larger.put(received);
                received = larger;
            }
            received.put(data);
            received.flip();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        fail(new IOException("broker " + remote + " sent a text frame; MQTT over WebSockets uses binary frames only"));
        webSocket.abort();
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        lock.lock();
        try {
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail(error instanceof IOException ? (IOException) error
                : new IOException("WebSocket to " + remote + " failed: " + error.getMessage(), error));
    }

    private void fail(IOException error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = error;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Packet receive() throws IOException {
        lock.lock();
        try {
            if (!readerExempted) {
                readerExempted = true;
                writer.exemptFromBackPressure(Thread.currentThread());
            }
            while (true) {
                Packet packet = decoder.decode(received);
                if (packet != null) {
                    return packet;
                }
                if (isClosed()) {
                    throw new IOException("connection to " + remote + " is closed");
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    throw new EOFException("connection closed by " + remote);
                }
                try {
                    writer.wakeDeferred();
                    arrived.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading from " + remote);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setReadLimit(int maxPacketSize) {
        PacketDecoder limited = decoderFor(maxPacketSize);
        lock.lock();
        try {
            decoder = limited;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void closeTransport() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
