package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.session.Direction;
import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.ChaosProxy;
import dev.mqttj.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Network faults between the client and Mosquitto, made by a proxy, and a broker that dies. Keep-alive is
 * not tested here: a real broker drops a silent client after 1.5 keep-alive periods, before the client's
 * own missing-PINGRESP check at two periods, so the outcome would be the broker's, not the client's.
 */
class ClientFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static MosquittoBroker mosquitto;

    @BeforeAll
    static void startBroker() {
        BrokerRequirements.requireMosquitto();
        mosquitto = MosquittoBroker.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }


    private static String unique(String what) {
        return what + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {1, 2})
    void storedPublishIsSentAgainOnTheNextConnectionWithTheSameSession(int qos) throws Exception {
        String topic = "mqttj/faults/resend/" + unique("t");
        String id = unique("resend");
        try (ChaosProxy proxy = ChaosProxy.start(mosquitto.port());
             Inbox watcher = new Inbox(TIMEOUT);
             Inbox first = new Inbox(TIMEOUT);
             Inbox second = new Inbox(TIMEOUT)) {
            watcher.connect(Config.withClientId(mosquitto.url(), unique("watch")));
            watcher.subscribe(topic, qos);
            first.connect(Config.builder(proxy.url()).clientId(id).cleanSession(false).build());

            proxy.stall();
            GenericFuture<Void> lost = first.client.publish(topic, "again".getBytes(StandardCharsets.UTF_8), qos, false);
            proxy.cutAll();

            assertThatThrownBy(() -> lost.await(TIMEOUT)).isInstanceOf(CancellationException.class);
            assertThat(first.client.getSession().allPackets(Direction.OUTGOING)).hasSize(1);

            second.client.setSession(first.client.getSession());
            second.connect(Config.builder(mosquitto.url()).clientId(id).cleanSession(false).build());

            Message delivered = watcher.next();
            assertThat(delivered.payloadAsString()).isEqualTo("again");
            assertThat(delivered.qos()).isEqualTo(qos);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                    second.client.getSession().allPackets(Direction.OUTGOING)).isEmpty());
            second.client.disconnect();
            Helpers.clearSession(Config.withClientId(mosquitto.url(), id), TIMEOUT);
        }
    }

    @Test
    void killedBrokerEndsTheClientThroughItsCallback() throws Exception {
        String id = unique("orphan");
        try (MosquittoBroker doomed = MosquittoBroker.builder().start(); Inbox inbox = new Inbox(TIMEOUT)) {
            inbox.connect(Config.withClientId(doomed.url(), id));

            doomed.kill();

            Throwable error = inbox.errors.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(error).isInstanceOf(IOException.class);
            assertThat(inbox.client.isConnected()).isFalse();
            assertThatThrownBy(() -> inbox.client.subscribe("a", 0)).isInstanceOf(ClientNotConnectedException.class);
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(ClientRealBrokerTest.threadsNamedWith(id)).isEmpty());
        }
    }

    @Test
    void cutConnectionPublishesTheWillAndReachesTheCallback() throws Exception {
        String willTopic = "mqttj/proxy/will/" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String victimId = unique("victim");
        try (ChaosProxy proxy = ChaosProxy.start(mosquitto.port());
             Inbox watcher = new Inbox(TIMEOUT);
             Inbox victim = new Inbox(TIMEOUT)) {
            watcher.connect(Config.withClientId(mosquitto.url(), unique("watch")));
            watcher.subscribe(willTopic, 1);
            victim.connect(Config.builder(proxy.url()).clientId(victimId)
                    .willMessage(new Message(willTopic, "cut".getBytes(StandardCharsets.UTF_8), 1, false))
                    .build());

            proxy.cutAll();

            assertThat(watcher.next().payloadAsString()).isEqualTo("cut");
            Throwable error = victim.errors.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(error).as("the connection failure reported to the callback").isInstanceOf(IOException.class);
            assertThat(victim.client.isConnected()).isFalse();
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(ClientRealBrokerTest.threadsNamedWith(victimId)).isEmpty());
        }
    }
}
