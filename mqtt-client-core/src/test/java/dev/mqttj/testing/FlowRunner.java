package dev.mqttj.testing;

import dev.mqttj.packet.MalformedPacketException;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import dev.mqttj.packet.PacketEncoder;
import dev.mqttj.packet.PacketType;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** Plays one {@link Flow} against one accepted connection, recording every packet in the broker's transcript. */
final class FlowRunner implements Runnable {

    private final FakeBroker broker;
    private final Socket socket;
    private final Flow flow;
    private final int connectionNumber;
    private final CountDownLatch done = new CountDownLatch(1);
    private final PacketDecoder decoder = new PacketDecoder(PacketDecoder.DEFAULT_MAX_PACKET_SIZE);
    private final ByteBuffer input = ByteBuffer.allocate(64 * 1024).flip();
    private volatile String currentStep = "not started";

    FlowRunner(FakeBroker broker, Socket socket, Flow flow, int connectionNumber) {
        this.broker = broker;
        this.socket = socket;
        this.flow = flow;
        this.connectionNumber = connectionNumber;
    }

    @Override
    public void run() {
        try {
            List<Flow.Step> steps = flow.snapshot();
            Set<PacketType> skipped = EnumSet.noneOf(PacketType.class);
            for (int i = 0; i < steps.size(); i++) {
                Flow.Step step = steps.get(i);
                currentStep = "step " + (i + 1) + "/" + steps.size() + " (" + step.description() + ")";
                switch (step.kind()) {
                    case SKIP:
                        skipped.addAll(step.skipped());
                        break;
                    case RECEIVE:
                        receive(step, skipped);
                        skipped.clear();
                        break;
                    case SEND:
                        write(PacketEncoder.encode(step.packet()), "B->C " + step.packet());
                        break;
                    case SEND_RAW:
                        write(step.raw(), "B->C raw " + hex(step.raw()));
                        break;
                    case RUN:
                        step.action().run();
                        break;
                    case END:
                        awaitClientClose(skipped);
                        return;
                    case CLOSE:
                        broker.record(connectionNumber, "B closes the connection");
                        socket.close();
                        return;
                    default:
                        throw new IllegalStateException("unknown step kind " + step.kind());
                }
            }
        } catch (FlowMismatch e) {
            broker.fail(connectionNumber, flow.name() + " " + currentStep + ": " + e.getMessage(), null);
        } catch (IOException | RuntimeException | Error e) {
            if (!broker.isClosed()) {
                broker.fail(connectionNumber, flow.name() + " " + currentStep + ": " + e, e);
            }
        } finally {
            closeQuietly();
            done.countDown();
        }
    }

    private void receive(Flow.Step step, Set<PacketType> skipped) throws IOException, FlowMismatch {
        while (true) {
            Packet packet;
            try {
                packet = read();
            } catch (EOFException e) {
                throw new FlowMismatch("expected a packet but the client closed the connection");
            }
            if (skipped.contains(packet.type())) {
                continue;
            }
            if (!step.matcher().test(packet)) {
                throw new FlowMismatch("expected " + step.description().substring("receive ".length())
                        + " but got " + packet);
            }
            return;
        }
    }

    private void awaitClientClose(Set<PacketType> skipped) throws IOException, FlowMismatch {
        while (true) {
            Packet packet;
            try {
                packet = read();
            } catch (EOFException e) {
                broker.record(connectionNumber, "C closed the connection");
                return;
            } catch (IOException e) {
                if (broker.isClosed()) {
                    return; // the broker shut down while the client stayed quiet: that is success too
                }
                broker.record(connectionNumber, "C connection ended: " + e.getMessage());
                return;
            }
            if (!skipped.contains(packet.type())) {
                throw new FlowMismatch("expected nothing more but got " + packet);
            }
        }
    }

    /** Reads one packet, recording it; EOFException when the client closed. */
    private Packet read() throws IOException {
        InputStream in = socket.getInputStream();
        while (true) {
            Packet packet;
            try {
                packet = decoder.decode(input);
            } catch (MalformedPacketException e) {
                broker.record(connectionNumber, "C->B malformed: " + e.getMessage());
                throw e;
            }
            if (packet != null) {
                broker.record(connectionNumber, "C->B " + packet);
                return packet;
            }
            // The decoder consumed everything it was given: refill from the start.
            int n = in.read(input.array(), 0, input.capacity());
            if (n < 0) {
                throw new EOFException("client closed the connection");
            }
            input.position(0).limit(n);
        }
    }

    private void write(byte[] bytes, String transcriptLine) throws IOException {
        broker.record(connectionNumber, transcriptLine);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    boolean awaitDone(long nanos) throws InterruptedException {
        return done.await(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    String currentStep() {
        return flow.name() + " " + currentStep;
    }

    void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to do.
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && i < 64; i++) {
            text.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return bytes.length > 64 ? text + "..." : text.toString();
    }

    /** A packet that does not fit the script. */
    private static final class FlowMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        FlowMismatch(String message) {
            super(message, null, false, false);
        }
    }
}
