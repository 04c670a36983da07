package dev.mqttj.benchmarks.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The ceiling for QoS 0: a plain socket that writes pre-encoded PUBLISH packets in large batches,
 * then one QoS 1 PUBLISH whose PUBACK proves the broker has read everything before it.
 */
final class RawSocketPublisher implements AutoCloseable {

    private static final int PACKETS_PER_BATCH = 1_000;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawSocketPublisher(String clientId, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        InputStream raw = socket.getInputStream();
        in = new DataInputStream(raw);
        out.write(connect(clientId));
        out.flush();
        byte[] connack = new byte[4];
        in.readFully(connack);
        if (connack[0] != 0x20 || connack[3] != 0) {
            throw new IOException("broker refused the raw CONNECT: CONNACK " + toHex(connack));
        }
    }

    /** Publishes {@code count} QoS 0 messages, then waits for the PUBACK of a final QoS 1 message. */
    void publish(String topic, byte[] payload, int count) throws IOException {
        byte[] packet = publishPacket(topic, payload, 0, 0);
        int perBatch = Math.min(PACKETS_PER_BATCH, Math.max(1, count));
        byte[] batch = new byte[packet.length * perBatch];
        for (int i = 0; i < perBatch; i++) {
            System.arraycopy(packet, 0, batch, i * packet.length, packet.length);
        }
        int left = count;
        while (left > 0) {
            int now = Math.min(left, perBatch);
            out.write(batch, 0, now * packet.length);
            left -= now;
        }
        out.write(publishPacket(topic, payload, 1, 1));
        out.flush();
        byte[] puback = new byte[4];
        in.readFully(puback);
        if (puback[0] != 0x40 || puback[3] != 1) {
            throw new IOException("expected PUBACK for packet id 1 but read " + toHex(puback));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.write(new byte[] {(byte) 0xE0, 0});
            out.flush();
        } finally {
            socket.close();
        }
    }

    private static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT".getBytes(StandardCharsets.US_ASCII));
        body.write(4);
        body.write(0x02);
        body.write(0);
        body.write(60);
        writeString(body, id);
        return packet(0x10, body.toByteArray());
    }

    static byte[] publishPacket(String topic, byte[] payload, int qos, int packetId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic.getBytes(StandardCharsets.UTF_8));
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId);
        }
        body.write(payload, 0, payload.length);
        return packet(0x30 | qos << 1, body.toByteArray());
    }

    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(header);
        int remaining = body.length;
        do {
            int digit = remaining & 0x7F;
            remaining >>>= 7;
            packet.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        packet.write(body, 0, body.length);
        return packet.toByteArray();
    }

    private static String toHex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return hex.toString();
    }
}
