package dev.mqttj.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Client;
import dev.mqttj.client.Config;
import dev.mqttj.client.ConnectFuture;
import dev.mqttj.client.SubscribeFuture;
import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Connect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import dev.mqttj.packet.PacketEncoder;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.testing.FreePorts;
import dev.mqttj.testing.WebSocketFrameInput;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * MQTT over a WebSocket whose frame boundaries have nothing to do with packet boundaries: a hand-written
 * loopback WebSocket server splits packets across frames, packs several into one frame and fragments
 * messages, and the client must decode the bytes as one stream.
 */
class WebSocketFramingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void clientOffersTheMqttSubprotocolInItsUpgradeRequest() throws Exception {
        try (LoopbackWebSocketServer server = new LoopbackWebSocketServer()) {
            CompletableFuture<Connection> dialing = dialAsync(server.url());
            server.acceptUpgrade();
            try (Connection connection = dialing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                assertThat(server.requestLine).isEqualTo("GET /mqtt HTTP/1.1");
                assertThat(server.headers).containsEntry("sec-websocket-protocol", "mqtt");
                assertThat(server.headers.get("upgrade")).isEqualToIgnoringCase("websocket");
                assertThat(server.headers).containsEntry("sec-websocket-version", "13");
                assertThat(connection.remoteAddress()).contains(Integer.toString(server.port()));
            }
        }
    }

    @Test
    void clientHandlesConnackSplitAcrossFramesAndPacketsPackedIntoOneFrame() throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        Client client = new Client();
        client.setCallback((message, error) -> {
            if (message != null) {
                received.add(message);
            }
        });
        try (LoopbackWebSocketServer server = new LoopbackWebSocketServer()) {
            Config config = Config.builder(server.url()).clientId("framing").keepAlive(Duration.ZERO).build();
            CompletableFuture<ConnectFuture> connecting = CompletableFuture.supplyAsync(() -> client.connect(config));
            server.acceptUpgrade();
            Connect connect = (Connect) server.readPacket();
            assertThat(connect.clientId()).isEqualTo("framing");

            byte[] connack = encode(new Connack(false, ConnackCode.ACCEPTED));
            server.sendFrames(Arrays.copyOfRange(connack, 0, 1), Arrays.copyOfRange(connack, 1, connack.length));
            ConnectFuture connected = connecting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            connected.await(TIMEOUT);
            assertThat(connected.returnCode()).contains(ConnackCode.ACCEPTED);
            assertThat(client.isConnected()).isTrue();

            SubscribeFuture subscribed = client.subscribe("room/#", 1);
            Subscribe subscribe = (Subscribe) server.readPacket();
            assertThat(subscribe.subscriptions()).containsExactly(new Subscription("room/#", 1));
            server.sendFrames(concat(
                    encode(new Suback(subscribe.id(), List.of(1))),
                    encode(new Publish(message("room/1", "one", 0), false, 0)),
                    encode(new Publish(message("room/2", "two", 1), false, 7)),
                    encode(new Publish(message("room/3", "three", 0), false, 0))));

            subscribed.await(TIMEOUT);
            assertThat(subscribed.returnCodes()).containsExactly(1);
            assertThat(next(received)).isEqualTo(message("room/1", "one", 0));
            assertThat(next(received)).isEqualTo(message("room/2", "two", 1));
            assertThat(next(received)).isEqualTo(message("room/3", "three", 0));
            assertThat(server.readPacket()).isEqualTo(new Puback(7));
        } finally {
            client.close();
        }
    }

    @Test
    void connectionDecodesPacketsWhateverTheFrameBoundaries() throws Exception {
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 'x');
        Publish first = new Publish(new Message("a", big, 1, false), false, 1);
        Publish second = new Publish(message("b", "second", 0), false, 0);
        Publish third = new Publish(message("c", "third", 2), true, 3);
        byte[] firstBytes = encode(first);
        byte[] secondBytes = encode(second);
        byte[] thirdBytes = encode(third);
        try (LoopbackWebSocketServer server = new LoopbackWebSocketServer()) {
            CompletableFuture<Connection> dialing = dialAsync(server.url());
            server.acceptUpgrade();
            try (Connection connection = dialing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                // The two-byte remaining length of the first packet is cut in half, and the tail of the first
                // packet shares a frame with the whole second one and the start of the third.
                server.sendFrames(
                        Arrays.copyOfRange(firstBytes, 0, 2),
                        Arrays.copyOfRange(firstBytes, 2, 100),
                        concat(Arrays.copyOfRange(firstBytes, 100, firstBytes.length), secondBytes,
                                Arrays.copyOfRange(thirdBytes, 0, 4)),
                        Arrays.copyOfRange(thirdBytes, 4, thirdBytes.length));
                assertThat(connection.receive()).isEqualTo(first);
                assertThat(connection.receive()).isEqualTo(second);
                assertThat(connection.receive()).isEqualTo(third);

                // One WebSocket message in three fragments (continuation frames), one packet per byte boundary.
                byte[] all = concat(secondBytes, thirdBytes);
                server.sendFragmented(Arrays.copyOfRange(all, 0, 3), Arrays.copyOfRange(all, 3, secondBytes.length + 1),
                        Arrays.copyOfRange(all, secondBytes.length + 1, all.length));
                assertThat(connection.receive()).isEqualTo(second);
                assertThat(connection.receive()).isEqualTo(third);

                // Every byte in a frame of its own.
                byte[][] bytes = new byte[firstBytes.length][];
                for (int i = 0; i < firstBytes.length; i++) {
                    bytes[i] = new byte[] {firstBytes[i]};
                }
                server.sendFrames(bytes);
                assertThat(connection.receive()).isEqualTo(first);
            }
        }
    }

    @Test
    void connectionDecodesLargePacketsInOneFrameOrInManyFragments() throws Exception {
        byte[] payload = new byte[700 * 1024];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(payload);
        Publish large = new Publish(new Message("large", payload, 1, false), false, 9);
        byte[] bytes = encode(large);
        try (LoopbackWebSocketServer server = new LoopbackWebSocketServer()) {
            CompletableFuture<Connection> dialing = dialAsync(server.url());
            server.acceptUpgrade();
            try (Connection connection = dialing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                server.sendFrames(bytes);
                assertThat(connection.receive()).isEqualTo(large);

                List<byte[]> fragments = new ArrayList<>();
                for (int offset = 0; offset < bytes.length; offset += 4096) {
                    fragments.add(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + 4096)));
                }
                server.sendFragmented(fragments.toArray(new byte[0][]));
                assertThat(connection.receive()).isEqualTo(large);

                server.sendFrames(fragments.toArray(new byte[0][]));
                assertThat(connection.receive()).isEqualTo(large);
            }
        }
    }

    private static CompletableFuture<Connection> dialAsync(String url) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Dialer.builder().connectTimeout(TIMEOUT).build().dial(url);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Message message(String topic, String payload, int qos) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    private static Message next(BlockingQueue<Message> queue) throws InterruptedException {
        Message message = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message within %s", TIMEOUT).isNotNull();
        return message;
    }

    private static byte[] encode(Packet packet) {
        return PacketEncoder.encode(packet);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Just enough of a WebSocket server for one connection: it answers the HTTP upgrade choosing subprotocol
     * {@code mqtt}, reads the client's masked frames as one byte stream, and writes whatever frames a test asks
     * for.
     */
    private static final class LoopbackWebSocketServer implements AutoCloseable {
        private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

        private final ServerSocket serverSocket;
        private Socket socket;
        private DataInputStream packets;
        private OutputStream out;
        String requestLine;
        final Map<String, String> headers = new LinkedHashMap<>();

        LoopbackWebSocketServer() throws IOException {
            serverSocket = new ServerSocket(0, 50, InetAddress.getByName(FreePorts.LOOPBACK));
            serverSocket.setSoTimeout((int) TIMEOUT.toMillis());
        }

        int port() {
            return serverSocket.getLocalPort();
        }

        String url() {
            return "ws://" + FreePorts.LOOPBACK + ":" + port() + "/mqtt";
        }

        void acceptUpgrade() throws Exception {
            socket = serverSocket.accept();
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            out = socket.getOutputStream();
            List<String> lines = readHeaderLines(in);
            requestLine = lines.get(0);
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            String key = headers.get("sec-websocket-key");
            assertThat(key).as("Sec-WebSocket-Key in %s", lines).isNotNull();
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            packets = new DataInputStream(WebSocketFrameInput.fromClient(in));
        }

        private static List<String> readHeaderLines(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("client closed during the upgrade request");
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.US_ASCII).stripTrailing();
                    if (text.isEmpty()) {
                        return lines;
                    }
                    lines.add(text);
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }

        /** Reads one MQTT packet from the client's frames, wherever they were cut. */
        Packet readPacket() throws IOException {
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(packets.readUnsignedByte());
            int remaining = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = packets.readUnsignedByte();
                packet.write(digit);
                remaining += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            byte[] body = new byte[remaining];
            packets.readFully(body);
            packet.write(body);
            return PacketDecoder.decode(packet.toByteArray());
        }

        /** Sends each part as one complete binary message. */
        void sendFrames(byte[]... parts) throws IOException {
            for (byte[] part : parts) {
                out.write(WebSocketFrameInput.serverFrame(0x2, true, part));
            }
            out.flush();
        }

        /** Sends the parts as the fragments of one binary message. */
        void sendFragmented(byte[]... parts) throws IOException {
            for (int i = 0; i < parts.length; i++) {
                out.write(WebSocketFrameInput.serverFrame(i == 0 ? 0x2 : 0x0, i == parts.length - 1, parts[i]));
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            serverSocket.close();
        }
    }
}
