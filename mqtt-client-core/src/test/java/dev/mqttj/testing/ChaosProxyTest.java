package dev.mqttj.testing;

import static dev.mqttj.testing.MosquittoBrokerTest.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChaosProxyTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    private ServerSocket upstreamServer;
    private final BlockingQueue<Socket> upstreamSockets = new LinkedBlockingQueue<>();
    private Thread upstreamAcceptor;
    private ChaosProxy proxy;

    @BeforeEach
    void startUpstream() throws IOException {
        upstreamServer = new ServerSocket(0, 50, InetAddress.getByName(FreePorts.LOOPBACK));
        upstreamAcceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = upstreamServer.accept();
                    socket.setSoTimeout(5_000);
                    upstreamSockets.add(socket);
                }
            } catch (IOException closed) {
                // Test over.
            }
        }, "test-upstream-acceptor");
        upstreamAcceptor.setDaemon(true);
        upstreamAcceptor.start();
        proxy = ChaosProxy.start(upstreamServer.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstreamServer.close();
        upstreamAcceptor.join(5_000);
        for (Socket socket : upstreamSockets) {
            socket.close();
        }
    }

    @Test
    void forwardsBothWaysAndCountsConnections() throws Exception {
        try (Socket client = connect()) {
            Socket upstream = nextUpstream();
            send(client, "ping");
            assertThat(receive(upstream, 4)).isEqualTo("ping");
            send(upstream, "pong");
            assertThat(receive(client, 4)).isEqualTo("pong");
            assertThat(proxy.connectionCount()).isEqualTo(1);
            assertThat(proxy.acceptedCount()).isEqualTo(1);
            // Counted after the write returns, which can be after the peer already read the bytes.
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.forwardedBytes() == 8);
            assertThat(proxy.url()).isEqualTo("tcp://127.0.0.1:" + proxy.port());
        }
    }

    @Test
    void cutAllResetsBothSidesAndKeepsAccepting() throws Exception {
        Socket client = connect();
        Socket upstream = nextUpstream();
        send(client, "x");
        assertThat(receive(upstream, 1)).isEqualTo("x");

        proxy.cutAll();

        assertThat(readEnds(client)).as("client side sees the cut").isTrue();
        assertThat(readEnds(upstream)).as("upstream side sees the cut").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connectionCount() == 0);
        client.close();

        try (Socket again = connect()) {
            Socket upstreamAgain = nextUpstream();
            send(again, "y");
            assertThat(receive(upstreamAgain, 1)).isEqualTo("y");
            assertThat(proxy.acceptedCount()).isEqualTo(2);
        }
    }

    @Test
    void stallHoldsDataInBothDirectionsUntilResume() throws Exception {
        try (Socket client = connect()) {
            Socket upstream = nextUpstream();
            proxy.stall();
            send(client, "up");
            send(upstream, "down");
            assertNothingArrives(upstream);
            assertNothingArrives(client);
            assertThat(proxy.connectionCount()).isEqualTo(1);

            proxy.resume();
            assertThat(receive(upstream, 2)).isEqualTo("up");
            assertThat(receive(client, 4)).isEqualTo("down");
        }
    }

    @Test
    void blackHoleSwallowsEverythingButKeepsTheConnection() throws Exception {
        try (Socket client = connect()) {
            Socket upstream = nextUpstream();
            proxy.blackHole(true);
            send(client, "lost");
            send(upstream, "lost");
            assertNothingArrives(upstream);
            assertNothingArrives(client);
            assertThat(proxy.connectionCount()).isEqualTo(1);

            proxy.blackHole(false);
            send(client, "seen");
            assertThat(receive(upstream, 4)).isEqualTo("seen");
            send(upstream, "back");
            assertThat(receive(client, 4)).isEqualTo("back");
        }
    }

    @Test
    void latencyDelaysEveryChunkAndKeepsOrder() throws Exception {
        Duration latency = Duration.ofMillis(150);
        try (Socket client = connect()) {
            Socket upstream = nextUpstream();
            proxy.latency(latency);
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                send(client, Integer.toString(i));
            }
            assertThat(receive(upstream, 5)).isEqualTo("01234");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(latency);

            start = System.nanoTime();
            send(upstream, "reply");
            assertThat(receive(client, 5)).isEqualTo("reply");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(latency);
        }
        assertThatThrownBy(() -> proxy.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency");
    }

    @Test
    void refuseNewResetsNewConnectionsOnly() throws Exception {
        try (Socket existing = connect()) {
            Socket upstream = nextUpstream();
            proxy.refuseNew(true);
            assertThat(connectEndsInReset()).isTrue();
            assertThat(proxy.refusedCount()).isEqualTo(1);
            assertThat(upstreamSockets.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
            send(existing, "still");
            assertThat(receive(upstream, 5)).isEqualTo("still");

            proxy.refuseNew(false);
            try (Socket accepted = connect()) {
                Socket second = nextUpstream();
                send(accepted, "ok");
                assertThat(receive(second, 2)).isEqualTo("ok");
            }
        }
    }

    @Test
    void halfCloseIsPassedOnAndEndsTheConnectionWhenBothSidesClosed() throws Exception {
        try (Socket client = connect()) {
            Socket upstream = nextUpstream();
            client.shutdownOutput();
            assertThat(upstream.getInputStream().read()).isEqualTo(-1);
            send(upstream, "late");
            assertThat(receive(client, 4)).isEqualTo("late");
            upstream.close();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connectionCount() == 0);
        }
    }

    @Test
    void closeLeavesNoThreadsBehind() throws Exception {
        Socket client = connect();
        Socket upstream = nextUpstream();
        proxy.stall();
        send(client, "held");
        String prefix = "chaos-proxy-" + proxy.port() + "-";
        // The acceptor plus a reader and a writer per direction.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(threadsNamed(prefix)).hasSize(5));

        proxy.close();

        assertThat(threadsNamed(prefix)).isEmpty();
        assertThat(readEnds(client)).isTrue();
        assertThat(readEnds(upstream)).isTrue();
        client.close();
    }

    @Test
    void carriesMqttToARealBrokerUntilCut() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().start();
             ChaosProxy mqttProxy = ChaosProxy.start(broker.port())) {
            assertRoundTrip(RawMqttClient.tcp(mqttProxy.port()), RawMqttClient.tcp(broker.port()));
            try (RawMqttClient client = RawMqttClient.tcp(mqttProxy.port())) {
                assertThat(client.connect("through-proxy", true)).isZero();
                mqttProxy.cutAll();
                assertThat(client.awaitClosedByPeer()).isTrue();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, proxy.port()), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    /**
     * Connects and tells whether the connection ends at once. The proxy accepts and resets; when the reset
     * arrives before the connecting thread looked at the finished handshake (a busy machine), connect itself
     * fails with it.
     */
    private boolean connectEndsInReset() throws IOException {
        Socket socket;
        try {
            socket = connect();
        } catch (SocketException e) {
            assertThat(e).hasMessageContaining("reset");
            return true;
        }
        try (socket) {
            return readEnds(socket);
        }
    }

    private Socket nextUpstream() throws InterruptedException {
        Socket socket = upstreamSockets.poll(5, TimeUnit.SECONDS);
        assertThat(socket).as("proxy opened an upstream connection").isNotNull();
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String receive(Socket socket, int length) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void assertNothingArrives(Socket socket) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout((int) QUIET.toMillis());
        try {
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** True when reading ends in EOF or a reset within the socket timeout. */
    private static boolean readEnds(Socket socket) {
        try {
            while (socket.getInputStream().read() >= 0) {
                // Drain.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
                .map(Thread::getName).collect(Collectors.toList());
    }
}
