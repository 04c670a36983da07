package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscription;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Events a client reports to its {@link ClientEventListener} for what a scripted broker does. */
class ClientEventsTest {

    @Test
    void aCompositeGivesEveryListenerTheEventEvenWhenOneThrows() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        ClientEventListener throwing = new ClientEventListener() {
            @Override
            public void published(int qos) {
                throw new IllegalStateException("broken listener");
            }
        };
        ClientEventListener recording = new ClientEventListener() {
            @Override
            public void published(int qos) {
                seen.add(qos);
            }
        };
        ClientEventListener.composite(List.of(throwing, recording, throwing, recording)).published(1);
        assertThat(seen).containsExactly(1, 1);
        assertThat(ClientEventListener.composite(List.of())).isSameAs(ClientEventListener.NONE);
        ClientEventListener composite = ClientEventListener.composite(List.of(throwing, recording));
        assertThat(ClientEventListener.composite(List.of(composite))).isSameAs(composite);
    }

    @Test
    void aCompositeHandsReceivedMessagesToTheListenersThatTakeThem() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ClientEventListener connectionOnly = new ClientEventListener() {
            @Override
            public void connectionLost(MqttClientException cause) {
                seen.add("lost");
            }
        };
        ClientEventListener counting = new ClientEventListener() {
            @Override
            public void messageReceived(int qos) {
                seen.add("received " + qos);
            }
        };
        ClientEventListener composite = ClientEventListener.composite(List.of(connectionOnly, counting, counting));

        composite.messageReceived(1);
        composite.connectionLost(new MqttClientException("gone"));

        assertThat(seen).containsExactly("received 1", "received 1", "lost");
        // Nobody takes latencies: the clock is not read per publish.
        assertThat(EventListeners.timesAcknowledgements(composite)).isFalse();
        assertThat(EventListeners.timesAcknowledgements(ClientEventListener.NONE)).isFalse();
        ClientEventListener timing = new ClientEventListener() {
            @Override
            public void publishAcknowledged(int qos, long latencyNanos) {
                seen.add("latency");
            }
        };
        ClientEventListener withTiming = ClientEventListener.composite(List.of(connectionOnly, timing));
        assertThat(EventListeners.timesAcknowledgements(withTiming)).isTrue();
        withTiming.publishAcknowledged(1, 5);
        assertThat(seen).endsWith("latency");
    }

    @Test
    void aRefusedFilterIsReportedWithItsName() throws Exception {
        String id = uniqueId("refused-filter");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.SUBSCRIBE).send(new Suback(1, List.of(1, 0x80)))
                .end();
        List<String> refused = new CopyOnWriteArrayList<>();
        List<MqttClientException> causes = new CopyOnWriteArrayList<>();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.setEventListener(new ClientEventListener() {
                @Override
                public void subscriptionFailed(List<String> topicFilters, MqttClientException cause) {
                    refused.addAll(topicFilters);
                    causes.add(cause);
                }
            });
            client.connect(config(broker, id).build()).await(WAIT);
            client.subscribeMultiple(List.of(new Subscription("granted", 1), new Subscription("denied", 1)));

            await().atMost(WAIT).until(() -> !refused.isEmpty());
            assertThat(refused).containsExactly("denied");
            assertThat(causes).singleElement().isInstanceOf(FailedSubscriptionException.class);
            broker.awaitDone(WAIT);
        }
    }
}
