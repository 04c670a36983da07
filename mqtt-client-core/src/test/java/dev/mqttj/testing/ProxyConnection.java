package dev.mqttj.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection through a {@link ChaosProxy}: per direction a reader thread that queues chunks and a
 * writer thread that applies stall, black hole and latency before writing them on.
 */
final class ProxyConnection {

    private static final int CHUNK_SIZE = 16 * 1024;
    /** Bounded so a stalled direction pushes back through TCP instead of buffering without limit. */
    private static final int QUEUE_CHUNKS = 64;
    private static final Chunk END_OF_STREAM = new Chunk(new byte[0], 0);

    private final ChaosProxy proxy;
    private final Socket client;
    private final Socket upstream;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger openDirections = new AtomicInteger(2);

    ProxyConnection(ChaosProxy proxy, Socket client, Socket upstream, String name) {
        this.proxy = proxy;
        this.client = client;
        this.upstream = upstream;
        this.name = name;
    }

    void start() {
        direction(client, upstream, name + "-up");
        direction(upstream, client, name + "-down");
    }

    private void direction(Socket from, Socket to, String threadName) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        proxy.newThread(() -> read(from, queue), threadName + "-read").start();
        proxy.newThread(() -> write(queue, to), threadName + "-write").start();
    }

    private void read(Socket from, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[CHUNK_SIZE];
        try {
            InputStream in = from.getInputStream();
            while (!closed.get()) {
                int n = in.read(buffer);
                if (n < 0) {
                    enqueue(queue, END_OF_STREAM);
                    return;
                }
                if (!proxy.blackHoled) {
                    enqueue(queue, new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
                }
            }
        } catch (IOException e) {
            abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        }
    }

    /** Blocks while the queue is full (back-pressure), but never past the connection's end. */
    private void enqueue(BlockingQueue<Chunk> queue, Chunk chunk) throws InterruptedException {
        while (!closed.get()) {
            if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void write(BlockingQueue<Chunk> queue, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            while (!closed.get()) {
                Chunk chunk = queue.poll(100, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    continue;
                }
                if (chunk == END_OF_STREAM) {
                    // Pass the half-close on; the connection ends once both directions have.
                    to.shutdownOutput();
                    if (openDirections.decrementAndGet() == 0) {
                        close();
                    }
                    return;
                }
                if (!awaitDue(chunk) || closed.get()) {
                    return;
                }
                if (proxy.blackHoled) {
                    continue; // queued before the black hole started: swallow it too
                }
                out.write(chunk.bytes);
                out.flush();
                proxy.forwarded(chunk.bytes.length);
            }
        } catch (IOException e) {
            abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        }
    }

    /** Waits while stalled and until the chunk's latency has passed; false when the connection closed. */
    private boolean awaitDue(Chunk chunk) throws InterruptedException {
        proxy.lock.lock();
        try {
            while (!closed.get()) {
                if (proxy.stalled) {
                    proxy.stateChanged.awaitNanos(100_000_000L);
                    continue;
                }
                long wait = chunk.readAtNanos + proxy.latencyNanos - System.nanoTime();
                if (wait <= 0) {
                    return true;
                }
                // Wakes early on latency or stall changes; the loop re-reads the current settings.
                proxy.stateChanged.awaitNanos(Math.min(wait, 100_000_000L));
            }
            return false;
        } finally {
            proxy.lock.unlock();
        }
    }

    /** Resets both sockets (RST) at once. */
    void abort() {
        if (closed.compareAndSet(false, true)) {
            ChaosProxy.reset(client);
            ChaosProxy.reset(upstream);
            proxy.removed(this);
        }
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(client);
            closeQuietly(upstream);
            proxy.removed(this);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to do.
        }
    }

    private record Chunk(byte[] bytes, long readAtNanos) {
    }
}
