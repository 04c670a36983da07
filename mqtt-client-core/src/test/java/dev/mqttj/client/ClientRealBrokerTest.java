package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mqttj.packet.Message;
import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.EmbeddedBroker;
import dev.mqttj.testing.FreePorts;
import dev.mqttj.testing.MosquittoBroker;
import dev.mqttj.transport.Connection;
import dev.mqttj.transport.Dialer;
import dev.mqttj.transport.StandardDialer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One suite of {@link Client} behaviour run against real brokers over every transport: Moquette over tcp and
 * ws, Mosquitto over tcp, tls, ws, wss and mutual TLS. Brokers start once and serve every nested class.
 */
class ClientRealBrokerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static EmbeddedBroker moquette;
    private static MosquittoBroker mosquitto;
    private static MosquittoBroker mutualTlsMosquitto;

    static synchronized EmbeddedBroker moquette() {
        if (moquette == null) {
            moquette = EmbeddedBroker.builder().websocket(true).start();
        }
        return moquette;
    }

    static synchronized MosquittoBroker mosquitto() {
        if (mosquitto == null) {
            BrokerRequirements.requireMosquitto();
            mosquitto = MosquittoBroker.builder().tls(true).websocket(true).secureWebsocket(true).start();
        }
        return mosquitto;
    }

    static synchronized MosquittoBroker mutualTlsMosquitto() {
        if (mutualTlsMosquitto == null) {
            BrokerRequirements.requireMosquitto();
            mutualTlsMosquitto = MosquittoBroker.builder().tls(true).requireClientCertificate(true).start();
        }
        return mutualTlsMosquitto;
    }

    @AfterAll
    static synchronized void stopBrokers() {
        for (AutoCloseable broker : new AutoCloseable[] {moquette, mosquitto, mutualTlsMosquitto}) {
            if (broker != null) {
                try {
                    broker.close();
                } catch (Exception ignored) {
                    // Stopping a test broker is best effort; a leftover process is reaped at JVM exit.
                }
            }
        }
        moquette = null;
        mosquitto = null;
        mutualTlsMosquitto = null;
    }

    static List<String> threadsNamedWith(String clientId) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.contains(clientId)).collect(Collectors.toList());
    }

    /** What every transport must do; subclasses name the broker URL and the dialer settings. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {

        /** Short, so client ids stay within MQTT 3.1's 23 characters. */
        abstract String tag();

        abstract String url();

        /** A URL of this transport's scheme on a loopback port with no broker behind it. */
        abstract String urlAt(int port);

        /** Whether dialing includes a handshake (TLS or HTTP upgrade) that a silent peer stalls. */
        abstract boolean handshakes();

        StandardDialer.Builder dialerBuilder() {
            return Dialer.builder();
        }

        /** Moquette drops a SUBSCRIBE that arrives before it registered the connection; Mosquitto needs nothing. */
        void awaitRegistered(String clientId) {
        }

        /**
         * Waits until the broker handled the end of the last connection of {@code clientId} and everything that
         * connection sent before it. Moquette handles a connection's packets and its end as commands on the client
         * id's session loop, apart from the connection's thread: a CONNECT for the same client id on a new
         * connection can overtake the end, and a PUBACK goes out before the retained message is stored. Mosquitto
         * handles packets in arrival order, but ends a closed websocket connection in a later pass of its loop.
         */
        void awaitReleased(String clientId) {
            mosquitto().awaitClientReleased(clientId, TIMEOUT);
        }

        /**
         * Whether the broker sets RETAIN on a retained message sent for a new subscription, as MQTT-3.3.1-8
         * demands. Moquette 0.17 clears it for QoS 1 and 2 ({@code Session.sendPublishQos1} builds a
         * "not retained" PUBLISH).
         */
        boolean marksRetainedDeliveriesAtQos1() {
            return true;
        }

        @BeforeAll
        void startBroker() {
            assertThat(url()).isNotBlank();
        }

        String clientId(String what) {
            return tag() + "-" + what + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        }

        String topic(String what) {
            return "mqttj/" + tag() + "/" + what + "/" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        }

        Config.Builder config(String clientId) {
            return Config.builder(url()).clientId(clientId).dialer(dialerBuilder().build());
        }

        Inbox connected(String what) throws Exception {
            String id = clientId(what);
            Inbox inbox = new Inbox(TIMEOUT);
            try {
                inbox.connect(config(id).build());
                awaitRegistered(id);
                return inbox;
            } catch (Exception | Error e) {
                inbox.close();
                throw e;
            }
        }

        @ParameterizedTest(name = "QoS {0}")
        @ValueSource(ints = {0, 1, 2})
        void publishedMessageComesBackToTheSubscribedPublisher(int qos) throws Exception {
            String topic = topic("echo" + qos);
            try (Inbox inbox = connected("echo" + qos)) {
                inbox.subscribe(topic, qos);
                inbox.publish(topic, "hello at QoS " + qos, qos, false);

                Message received = inbox.next();
                assertThat(received.topic()).isEqualTo(topic);
                assertThat(received.payloadAsString()).isEqualTo("hello at QoS " + qos);
                assertThat(received.qos()).isEqualTo(qos);
                assertThat(received.retain()).isFalse();
            }
        }

        @Test
        void retainedMessageReachesALaterSubscriberUntilCleared() throws Exception {
            String topic = topic("retained");
            String publisherId;
            try (Inbox publisher = connected("rpub")) {
                publisherId = publisher.clientId;
                publisher.publish(topic, "kept", 1, true);
            }
            // Moquette stores the retained message after it sent the PUBACK, on the publisher's session loop.
            awaitReleased(publisherId);
            try (Inbox late = connected("rlate")) {
                late.subscribe(topic, 1);
                Message retained = late.next();
                assertThat(retained.payloadAsString()).isEqualTo("kept");
                assertThat(retained.topic()).isEqualTo(topic);
                assertThat(retained.retain()).isEqualTo(marksRetainedDeliveriesAtQos1());
                assertThat(retained.qos()).isEqualTo(1);
            }
            try (Inbox lateAtQos0 = connected("rlate0")) {
                lateAtQos0.subscribe(topic, 0);
                Message retained = lateAtQos0.next();
                assertThat(retained.payloadAsString()).isEqualTo("kept");
                assertThat(retained.retain()).isTrue();
                assertThat(retained.qos()).isZero();
            }

            Helpers.clearRetainedMessage(config(clientId("rclear")).build(), topic, TIMEOUT);

            // The clearing PUBLISH is QoS 0: the helper returns once it is written, not once the broker applied it.
            await().atMost(TIMEOUT).untilAsserted(() -> {
                try (Inbox later = connected("rlater")) {
                    later.subscribe(topic, 1);
                    // A retained message would be queued before anything published after SUBACK.
                    later.publish(topic, "marker", 1, false);
                    Message first = later.next();
                    assertThat(first.payloadAsString()).isEqualTo("marker");
                    assertThat(first.retain()).isFalse();
                }
            });
        }

        @Test
        void willIsPublishedWhenTheConnectionEndsWithoutDisconnect() throws Exception {
            String willTopic = topic("will");
            try (Inbox watcher = connected("watch")) {
                watcher.subscribe(willTopic, 1);
                String dyingId = clientId("dying");
                Client dying = new Client();
                dying.connect(config(dyingId)
                        .willMessage(new Message(willTopic, "gone".getBytes(StandardCharsets.UTF_8), 1, false))
                        .build()).await(TIMEOUT);
                awaitRegistered(dyingId);

                dying.close();

                Message will = watcher.next();
                assertThat(will.topic()).isEqualTo(willTopic);
                assertThat(will.payloadAsString()).isEqualTo("gone");
                assertThat(will.qos()).isEqualTo(1);
                assertThat(dying.isConnected()).isFalse();
            }
        }

        @Test
        void unsubscribeStopsDelivery() throws Exception {
            String topic = topic("unsub");
            String marker = topic("marker");
            try (Inbox inbox = connected("unsub")) {
                inbox.subscribe(topic, 1);
                inbox.publish(topic, "before", 1, false);
                assertThat(inbox.next().payloadAsString()).isEqualTo("before");

                inbox.client.unsubscribe(topic).await(TIMEOUT);
                inbox.subscribe(marker, 1);
                inbox.publish(topic, "after", 1, false);
                inbox.publish(marker, "marker", 1, false);

                // Both went through the broker in order: a delivered "after" would arrive before the marker.
                Message next = inbox.next();
                assertThat(next.topic()).isEqualTo(marker);
                assertThat(inbox.messages).isEmpty();
            }
        }

        @Test
        void persistentSessionIsResumedAndClearSessionDropsIt() throws Exception {
            String id = clientId("durable");
            String topic = topic("durable");
            Config durable = config(id).cleanSession(false).build();
            Helpers.clearSession(durable, TIMEOUT);
            awaitReleased(id);

            try (Inbox first = new Inbox(TIMEOUT)) {
                assertThat(first.connect(durable).sessionPresent()).isFalse();
                awaitRegistered(id);
                first.subscribe(topic, 1);
                first.client.disconnect();
            }
            awaitReleased(id);
            Helpers.publishMessage(config(clientId("offpub")).build(),
                    new Message(topic, "while away".getBytes(StandardCharsets.UTF_8), 1, false), TIMEOUT);

            try (Inbox second = new Inbox(TIMEOUT)) {
                assertThat(second.connect(durable).sessionPresent()).isTrue();
                Message queued = second.next();
                assertThat(queued.payloadAsString()).isEqualTo("while away");
                assertThat(queued.qos()).isEqualTo(1);
                second.client.disconnect();
            }
            awaitReleased(id);

            Helpers.clearSession(durable, TIMEOUT);
            awaitReleased(id);
            try (Inbox third = new Inbox(TIMEOUT)) {
                assertThat(third.connect(durable).sessionPresent()).isFalse();
                third.client.disconnect();
            }
        }

        /**
         * Big enough to span many WebSocket frames and TCP reads. Mosquitto 2.0.11's websocket listeners send
         * about 40 KB/s to a subscriber (libwebsockets writes one small chunk per service pass), so they get less.
         */
        int largePayloadSize() {
            return 700 * 1024;
        }

        @Test
        void largePayloadSurvivesTheRoundTrip() throws Exception {
            byte[] payload = new byte[largePayloadSize()];
            ThreadLocalRandom.current().nextBytes(payload);
            String topic = topic("large");
            // Two connections: Moquette 0.17 drops the PUBACK (sendIfWritableElseDrop) when it has just queued a
            // large PUBLISH on the same connection.
            try (Inbox subscriber = connected("lsub"); Inbox publisher = connected("lpub")) {
                subscriber.subscribe(topic, 1);
                publisher.client.publish(topic, payload, 1, false).await(TIMEOUT);

                Message received = subscriber.next();
                assertThat(received.payload()).isEqualTo(payload);
            }
        }

        /**
         * Keeps at most 20 publishes unacknowledged, Mosquitto's default {@code max_inflight_messages}: Mosquitto
         * 2.0.11 acknowledges QoS 1 and 2 messages beyond that window but then forwards only part of them (with
         * 300 QoS 2 publishes in flight, 24 to 80 reach a subscriber, even mosquitto_sub). MQTT 3.1.1 gives a
         * client no way to learn the window, and this client, like gomqtt, sets no limit of its own.
         */
        static final int MOSQUITTO_INFLIGHT_WINDOW = 20;

        @ParameterizedTest(name = "QoS {0}")
        @ValueSource(ints = {0, 1, 2})
        void burstOfMessagesArrivesCompleteAndInOrder(int qos) throws Exception {
            int count = 300;
            String topic = topic("burst" + qos);
            try (Inbox inbox = connected("burst" + qos)) {
                inbox.subscribe(topic, qos);
                List<GenericFuture<Void>> published = new java.util.ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (i >= MOSQUITTO_INFLIGHT_WINDOW) {
                        published.get(i - MOSQUITTO_INFLIGHT_WINDOW).await(TIMEOUT);
                    }
                    published.add(inbox.client.publish(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                            qos, false));
                }
                for (GenericFuture<Void> future : published) {
                    future.await(TIMEOUT);
                }
                List<Integer> received = new java.util.ArrayList<>();
                for (int i = 0; i < count; i++) {
                    Message message = inbox.next();
                    assertThat(message.qos()).isEqualTo(qos);
                    received.add(Integer.parseInt(message.payloadAsString()));
                }
                assertThat(received).isEqualTo(java.util.stream.IntStream.range(0, count).boxed()
                        .collect(Collectors.toList()));
            }
        }

        @Test
        void disconnectWithTimeoutWaitsForAcknowledgementsInFlight() throws Exception {
            String topic = topic("drain");
            Inbox inbox = connected("drain");
            try {
                List<GenericFuture<Void>> published = new java.util.ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    published.add(inbox.client.publish(topic, new byte[] {(byte) i}, 2, false));
                }

                inbox.client.disconnect(TIMEOUT);

                assertThat(published).allSatisfy(future -> {
                    assertThat(future.isDone()).isTrue();
                    assertThat(future.isCancelled()).isFalse();
                });
                assertThat(inbox.client.getSession().allPackets(dev.mqttj.session.Direction.OUTGOING)).isEmpty();
            } finally {
                inbox.close();
            }
        }

        @Test
        void awaitingOnTheCallbackThreadFailsFast() throws Exception {
            String topic = topic("reentrant");
            java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
            String id = clientId("reent");
            Client client = new Client();
            client.setCallback((message, error) -> {
                if (message != null && !outcome.isDone()) {
                    try {
                        client.publish(topic + "/echo", new byte[0], 1, false).await(TIMEOUT);
                        outcome.complete(null);
                    } catch (Exception | Error e) {
                        outcome.complete(e);
                    }
                }
            });
            try {
                client.connect(config(id).build()).await(TIMEOUT);
                awaitRegistered(id);
                client.subscribe(topic, 0).await(TIMEOUT);
                client.publish(topic, new byte[0], 0, false).await(TIMEOUT);

                assertThat(outcome.get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                        .isInstanceOf(IllegalStateException.class);
                // The refused wait did not hurt the client: it still completes a round trip.
                client.subscribe(topic + "/echo", 1).await(TIMEOUT);
                client.publish(topic + "/x", new byte[0], 1, false).await(TIMEOUT);
                assertThat(client.isConnected()).isTrue();
            } finally {
                client.close();
            }
        }

        @Test
        void disconnectLeavesNoThreadOfTheClientBehind() throws Exception {
            Inbox inbox = connected("tdisc");
            String clientId = inbox.clientId;
            String topic = topic("threads");
            inbox.subscribe(topic, 1);
            inbox.publish(topic, "x", 1, false);
            inbox.next();
            assertThat(threadsNamedWith(clientId)).isNotEmpty();

            inbox.client.disconnect();

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(threadsNamedWith(clientId)).isEmpty());
            assertThat(inbox.client.isConnected()).isFalse();
        }

        @Test
        void closeLeavesNoThreadOfTheClientBehind() throws Exception {
            Inbox inbox = connected("tclose");
            String clientId = inbox.clientId;
            inbox.publish(topic("threads"), "x", 2, false);
            assertThat(threadsNamedWith(clientId)).isNotEmpty();

            inbox.client.close();

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(threadsNamedWith(clientId)).isEmpty());
            assertThatThrownBy(() -> inbox.client.publish(topic("late"), new byte[0], 0, false))
                    .isInstanceOf(ClientNotConnectedException.class);
        }

        @Test
        void connectTimeoutIsHonouredByASilentPeer() throws Exception {
            try (TlsPeers.SilentServer silent = new TlsPeers.SilentServer()) {
                Config config = Config.builder(urlAt(silent.port())).clientId(clientId("silent"))
                        .dialer(dialerBuilder().connectTimeout(Duration.ofMillis(300)).build()).build();
                Client client = new Client();
                try {
                    if (handshakes()) {
                        ConnectFuture future = assertTimeoutPreemptively(TIMEOUT, () -> client.connect(config));
                        assertThat(future.failure()).get().isInstanceOf(ConnectTimeoutException.class)
                                .satisfies(failure -> assertThat(failure.getCause()).isInstanceOf(IOException.class));
                    } else {
                        // A plain socket connects at once; the silence is the CONNACK that never comes.
                        ConnectFuture future = client.connect(config);
                        assertThatThrownBy(() -> future.await(Duration.ofMillis(300)))
                                .isInstanceOf(TimeoutException.class);
                    }
                } finally {
                    client.close();
                }
            }
        }

        @Test
        void unreachableBrokerFailsConnectWithAnIoException() {
            int closedPort = FreePorts.pick();
            Config config = Config.builder(urlAt(closedPort)).clientId(clientId("nobody"))
                    .dialer(dialerBuilder().connectTimeout(Duration.ofMillis(500)).build()).build();
            assertThat(expectConnectFailure(config)).isNotNull();
        }
    }

    /** Connects and expects the attempt to fail on an I/O error, which it returns. */
    static IOException expectConnectFailure(Config config) {
        ConnectFuture future = new Client().connect(config);
        assertThatThrownBy(() -> future.await(TIMEOUT)).isInstanceOf(CancellationException.class);
        MqttClientException failure = future.failure().orElseThrow();
        assertThat(failure.getCause()).as("cause of %s", failure).isInstanceOf(IOException.class);
        return (IOException) failure.getCause();
    }

    /** TLS checks shared by tls and wss: the certificate and its name are verified by default. */
    abstract static class SecureContract extends Contract {

        abstract String scheme();

        @Override
        String urlAt(int port) {
            return scheme() + "://" + FreePorts.LOOPBACK + ":" + port + (scheme().equals("wss") ? "/mqtt" : "");
        }

        @Override
        boolean handshakes() {
            return true;
        }

        @Test
        void hostNameIsVerifiedByDefault() throws Exception {
            try (TlsPeers.HandshakeServer server = new TlsPeers.HandshakeServer(TlsPeers.otherHostServerContext())) {
                Config config = Config.builder(urlAt(server.port())).clientId(clientId("name"))
                        .dialer(Dialer.builder().sslContext(TlsPeers.otherHostClientContext())
                                .connectTimeout(TIMEOUT).build())
                        .build();

                IOException failure = expectConnectFailure(config);

                assertThat(failure).isInstanceOf(SSLHandshakeException.class);
                assertThat(failure).hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
            }
        }

        @Test
        void aFailedHandshakeIsReportedAsTls() throws Exception {
            try (TlsPeers.HandshakeServer server = new TlsPeers.HandshakeServer(TlsPeers.otherHostServerContext())) {
                Config config = Config.builder(urlAt(server.port())).clientId(clientId("tlsmsg"))
                        .dialer(Dialer.builder().sslContext(TlsPeers.otherHostClientContext())
                                .connectTimeout(TIMEOUT).build())
                        .build();
                ConnectFuture future = new Client().connect(config);
                assertThatThrownBy(() -> future.await(TIMEOUT)).isInstanceOf(CancellationException.class);

                assertThat(future.failure().orElseThrow()).isInstanceOf(ConnectionLostException.class)
                        .hasMessageStartingWith("TLS handshake with " + scheme() + "://127.0.0.1:" + server.port())
                        .hasMessageContaining("failed: No subject alternative names matching IP address 127.0.0.1");
            }
        }

        @Test
        void localhostMatchesTheCertificateToo() throws Exception {
            Config config = Config.builder(url().replace("127.0.0.1", "localhost")).clientId(clientId("lhost"))
                    .dialer(dialerBuilder().build()).build();
            try (Inbox inbox = new Inbox(TIMEOUT)) {
                assertThat(inbox.connect(config).returnCode()).isPresent();
                inbox.client.disconnect();
            }
        }

        @Test
        void untrustedCertificateFailsTheHandshake() {
            // Trusts only an unrelated self-signed certificate, not the CA that signed the broker's.
            Config config = config(clientId("wrongca"))
                    .dialer(dialerBuilder().sslContext(TlsPeers.otherHostClientContext()).build()).build();

            IOException failure = expectConnectFailure(config);

            assertThat(failure).isInstanceOf(SSLHandshakeException.class);
            assertThat(failure).hasMessageContaining("certification path");
        }

        @Test
        void defaultTrustStoreDoesNotTrustThePrivateCa() {
            Config config = Config.builder(url()).clientId(clientId("jdkca")).build();

            IOException failure = expectConnectFailure(config);

            assertThat(failure).isInstanceOf(SSLHandshakeException.class);
        }
    }

    /** Moquette's quirks, shared by its transports. */
    abstract class MoquetteContract extends Contract {
        @Override
        void awaitRegistered(String clientId) {
            moquette().awaitClientConnected(clientId, TIMEOUT);
        }

        @Override
        void awaitReleased(String clientId) {
            moquette().awaitClientDisconnected(clientId, TIMEOUT);
        }

        @Override
        boolean marksRetainedDeliveriesAtQos1() {
            return false;
        }
    }

    @Nested
    class MoquetteTcp extends MoquetteContract {
        @Override
        String tag() {
            return "mqt";
        }

        @Override
        String url() {
            return moquette().url();
        }

        @Override
        String urlAt(int port) {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        boolean handshakes() {
            return false;
        }

    }

    @Nested
    class MoquetteWebSocket extends MoquetteContract {
        @Override
        String tag() {
            return "mqw";
        }

        @Override
        String url() {
            return moquette().wsUrl();
        }

        @Override
        String urlAt(int port) {
            return "ws://127.0.0.1:" + port + "/mqtt";
        }

        @Override
        boolean handshakes() {
            return true;
        }

    }

    @Nested
    class MosquittoTcp extends Contract {
        @Override
        String tag() {
            return "mot";
        }

        @Override
        String url() {
            return mosquitto().url();
        }

        @Override
        String urlAt(int port) {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        boolean handshakes() {
            return false;
        }
    }

    @Nested
    class MosquittoWebSocket extends Contract {
        @Override
        int largePayloadSize() {
            return 64 * 1024;
        }

        @Override
        String tag() {
            return "mow";
        }

        @Override
        String url() {
            return mosquitto().wsUrl();
        }

        @Override
        String urlAt(int port) {
            return "ws://127.0.0.1:" + port + "/mqtt";
        }

        @Override
        boolean handshakes() {
            return true;
        }
    }

    @Nested
    class MosquittoTls extends SecureContract {
        @Override
        String tag() {
            return "mos";
        }

        @Override
        String scheme() {
            return "ssl";
        }

        @Override
        String url() {
            return mosquitto().tlsUrl();
        }

        @Override
        StandardDialer.Builder dialerBuilder() {
            return Dialer.builder().sslContext(mosquitto().clientSslContext());
        }

        @Test
        void hostNameVerificationCanBeTurnedOff() throws Exception {
            try (TlsPeers.HandshakeServer server = new TlsPeers.HandshakeServer(TlsPeers.otherHostServerContext())) {
                Dialer lenient = Dialer.builder().sslContext(TlsPeers.otherHostClientContext())
                        .hostnameVerification(false).connectTimeout(TIMEOUT).build();
                try (Connection connection = lenient.dial(urlAt(server.port()))) {
                    assertThat(connection.remoteAddress()).contains(Integer.toString(server.port()));
                }
            }
        }
    }

    @Nested
    class MosquittoSecureWebSocket extends SecureContract {
        @Override
        int largePayloadSize() {
            return 64 * 1024;
        }

        @Override
        String tag() {
            return "mox";
        }

        @Override
        String scheme() {
            return "wss";
        }

        @Override
        String url() {
            return mosquitto().wssUrl();
        }

        @Override
        StandardDialer.Builder dialerBuilder() {
            return Dialer.builder().sslContext(mosquitto().clientSslContext());
        }
    }

    @Nested
    class MosquittoMutualTls extends SecureContract {
        @Override
        String tag() {
            return "mom";
        }

        @Override
        String scheme() {
            return "ssl";
        }

        @Override
        String url() {
            return mutualTlsMosquitto().tlsUrl();
        }

        @Override
        StandardDialer.Builder dialerBuilder() {
            return Dialer.builder().sslContext(mutualTlsMosquitto().mutualTlsSslContext());
        }

        @Test
        void brokerRefusesAClientWithoutCertificate() throws Exception {
            SSLContext anonymous = mutualTlsMosquitto().clientSslContext();
            Config config = config(clientId("nocert")).dialer(Dialer.builder().sslContext(anonymous).build()).build();
            Client client = new Client();
            try {
                // TLS 1.3 lets the client finish its handshake first and the refusal then ends the connection;
                // with TLS 1.2, or a refusal that overtook the end of the handshake, the dial itself fails.
                // Either way the future fails with the I/O error as the cause.
                ConnectFuture future = client.connect(config);
                assertThatThrownBy(() -> future.await(TIMEOUT)).isInstanceOf(CancellationException.class);
                assertThat(future.failure()).get().isInstanceOf(MqttClientException.class)
                        .satisfies(failure -> assertThat(failure.getCause()).isInstanceOf(IOException.class));
            } finally {
                client.close();
            }
            assertThat(client.isConnected()).isFalse();
        }
    }
}
