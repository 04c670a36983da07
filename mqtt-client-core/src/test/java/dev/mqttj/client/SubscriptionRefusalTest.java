package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Subscription;
import dev.mqttj.testing.EmbeddedBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A broker whose access control refuses one filter of a SUBSCRIBE (SUBACK 0x80): the others stay in force. */
class SubscriptionRefusalTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.builder().persistent(false).denySubscriptions("refusal/secret").start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void refusedFilterIsReportedByNameAndTheGrantedOneDelivers() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Service service = new Service();
        service.setMessageCallback(message -> received.add(message.topic()));
        service.start(Config.builder(broker.url()).clientId("refusal-" + System.nanoTime()).validateSubs(false)
                .build());
        try {
            SubscribeResult result = service.subscribeMultiple(List.of(new Subscription("refusal/open", 1),
                    new Subscription("refusal/secret", 1))).await(WAIT);

            assertThat(result.refused()).containsExactly(new Subscription("refusal/secret", 1));
            assertThat(result.grantedQos()).containsExactly(GrantedQos.AT_LEAST_ONCE, GrantedQos.FAILURE);
            service.publish("refusal/open", new byte[] {1}, 1, false).await(WAIT);
            assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("refusal/open");
            assertThat(service.isOnline()).isTrue();
        } finally {
            service.stop(true);
        }
    }

    @Test
    void withValidateSubsTheConnectionIsRenewedWithoutTheRefusedFilter() throws Exception {
        List<String> refusedFilters = new CopyOnWriteArrayList<>();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Service service = new Service();
        service.setMinReconnectDelay(Duration.ofMillis(10));
        service.setMaxReconnectDelay(Duration.ofMillis(50));
        service.setMessageCallback(message -> received.add(message.topic()));
        service.setEventListener(new ClientEventListener() {
            @Override
            public void subscriptionFailed(List<String> topicFilters, MqttClientException cause) {
                refusedFilters.addAll(topicFilters);
            }
        });
        service.start(Config.builder(broker.url()).clientId("refusal-renew-" + System.nanoTime()).build());
        try {
            GenericFuture<SubscribeResult> subscribed = service.subscribeMultiple(
                    List.of(new Subscription("refusal/open", 1), new Subscription("refusal/secret", 1)));

            assertThatThrownBy(() -> subscribed.await(WAIT)).hasCauseInstanceOf(FailedSubscriptionException.class);
            await().atMost(WAIT).until(() -> service.status().connectionAttempts() == 2 && service.isOnline());
            service.publish("refusal/open", new byte[] {1}, 1, false).await(WAIT);
            assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("refusal/open");
            assertThat(refusedFilters).containsExactly("refusal/secret");
        } finally {
            service.stop(true);
        }
    }
}
