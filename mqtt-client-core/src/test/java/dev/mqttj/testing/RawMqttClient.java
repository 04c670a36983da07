package dev.mqttj.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Hand-written MQTT 3.1.1 bytes over a socket, just enough to prove the test brokers work. Not a client:
 * no state, no retries, every call blocks with a 5 s socket timeout. Speaks TCP, TLS, ws and wss.
 */
final class RawMqttClient implements AutoCloseable {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBACK = 9;
    static final int PINGRESP = 13;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final boolean websocket;
    private final java.util.ArrayDeque<Packet> pendingPublishes = new java.util.ArrayDeque<>();
    private java.util.function.Consumer<String> afterConnack = clientId -> { };

    private RawMqttClient(Socket socket, boolean websocket) throws IOException {
        this.socket = socket;
        this.websocket = websocket;
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        InputStream raw = socket.getInputStream();
        this.out = socket.getOutputStream();
        if (websocket) {
            upgrade(raw);
            this.in = new DataInputStream(new WebSocketFrameInput(raw));
        } else {
            this.in = new DataInputStream(raw);
        }
    }

    static RawMqttClient tcp(int port) throws IOException {
        return new RawMqttClient(plain(port), false);
    }

    static RawMqttClient tls(int port, SSLContext context) throws IOException {
        return new RawMqttClient(handshake(port, context), false);
    }

    static RawMqttClient ws(int port) throws IOException {
        return new RawMqttClient(plain(port), true);
    }

    static RawMqttClient wss(int port, SSLContext context) throws IOException {
        return new RawMqttClient(handshake(port, context), true);
    }

    static SSLSocket handshake(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain(port), FreePorts.LOOPBACK,
                port, true);
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        return socket;
    }

    private static Socket plain(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), 5_000);
        return socket;
    }

    /** Runs {@code hook} with the client id after every accepted CONNECT (see EmbeddedBroker#awaitClientConnected). */
    RawMqttClient afterConnack(java.util.function.Consumer<String> hook) {
        this.afterConnack = hook;
        return this;
    }

    /** Sends CONNECT and returns the CONNACK return code. */
    int connect(String clientId, boolean cleanSession) throws IOException {
        return connect(clientId, cleanSession, null, null);
    }

    int connect(String clientId, boolean cleanSession, String username, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);
        int flags = (cleanSession ? 0x02 : 0) | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        body.write(flags);
        body.write(0);
        body.write(60);
        string(body, clientId);
        if (username != null) {
            string(body, username);
        }
        if (password != null) {
            string(body, password);
        }
        send(0x10, body.toByteArray());
        byte[] connack = expect(CONNACK);
        if (connack[1] == 0) {
            afterConnack.accept(clientId);
        }
        return connack[1];
    }

    /** Subscribes to one filter and returns the granted QoS (0x80 on failure). */
    int subscribe(int packetId, String filter, int qos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId);
        string(body, filter);
        body.write(qos);
        send(0x82, body.toByteArray());
        byte[] suback = expect(SUBACK);
        return suback[2] & 0xFF;
    }

    void publish(String topic, byte[] payload, int qos, int packetId, boolean retain) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId);
        }
        body.write(payload);
        send(0x30 | (qos << 1) | (retain ? 1 : 0), body.toByteArray());
        if (qos == 1) {
            expect(PUBACK);
        }
    }

    void puback(int packetId) throws IOException {
        send(0x40, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** Sends PUBREC, PUBREL (flags 0010) or PUBCOMP for a packet id: {@code type} is the packet type number. */
    void acknowledge(int type, int packetId) throws IOException {
        send(type << 4 | (type == 6 ? 2 : 0), new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    void ping() throws IOException {
        send(0xC0, new byte[0]);
        expect(PINGRESP);
    }

    void disconnect() throws IOException {
        send(0xE0, new byte[0]);
    }

    /** Returns the next PUBLISH packet's topic, payload and flags, including one read ahead by {@link #expect}. */
    Received receivePublish() throws IOException {
        Packet packet = pendingPublishes.isEmpty() ? readPacket() : pendingPublishes.removeFirst();
        if (packet.type() != PUBLISH) {
            throw new IOException("expected PUBLISH, got packet type " + packet.type());
        }
        byte[] body = packet.body();
        int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
        int qos = (packet.header() >> 1) & 3;
        int offset = 2 + topicLength + (qos > 0 ? 2 : 0);
        int packetId = qos > 0 ? ((body[2 + topicLength] & 0xFF) << 8) | (body[3 + topicLength] & 0xFF) : 0;
        byte[] payload = java.util.Arrays.copyOfRange(body, offset, body.length);
        return new Received(topic, new String(payload, StandardCharsets.UTF_8), qos, (packet.header() & 1) == 1,
                packetId);
    }

    private record Packet(int header, byte[] body) {
        int type() {
            return header >> 4;
        }
    }

    record Received(String topic, String payload, int qos, boolean retain, int packetId) {
    }

    /** Reads packets until one of the given type and returns its body; PUBLISH packets on the way are kept. */
    byte[] expect(int type) throws IOException {
        while (true) {
            Packet packet = readPacket();
            if (packet.type() == type) {
                return packet.body();
            }
            if (packet.type() != PUBLISH) {
                throw new IOException("expected packet type " + type + ", got " + packet.type());
            }
            pendingPublishes.addLast(packet);
        }
    }

    private Packet readPacket() throws IOException {
        int header = in.readUnsignedByte();
        return new Packet(header, readBody());
    }

    /** Reads until the peer closes; true when it did (EOF or reset) within the socket timeout. */
    boolean awaitClosedByPeer() {
        try {
            while (in.read() >= 0) {
                // Drain whatever is left before the end.
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private byte[] readBody() throws IOException {
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    private void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.write(body);
        byte[] bytes = packet.toByteArray();
        out.write(websocket ? WebSocketFrameInput.maskedBinaryFrame(bytes) : bytes);
        out.flush();
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private void upgrade(InputStream raw) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /mqtt HTTP/1.1\r\nHost: " + FreePorts.LOOPBACK + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder response = new StringBuilder();
        while (!response.toString().endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                throw new EOFException("websocket upgrade response ended early: " + response);
            }
            response.append((char) b);
        }
        if (!response.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("websocket upgrade refused: " + response);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
