package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.awaitLatch;
import static dev.mqttj.client.FakeBrokerSupport.awaitThreadsGone;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.client.FakeBrokerSupport.Recorder;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.packet.Unsuback;
import dev.mqttj.packet.Unsubscribe;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ClientSubscribeTest {

    private static final List<Subscription> THREE = List.of(new Subscription("a/+", 0), new Subscription("b/#", 2),
            new Subscription("c", 1));

    @Test
    void subscribeCompletesWithTheGrantedQos() throws Exception {
        String id = uniqueId("sub");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Subscribe(1, List.of(new Subscription("sensors/+/temp", 2))))
                .send(new Suback(1, List.of(1)))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);

            SubscribeFuture future = client.subscribe("sensors/+/temp", 2);
            future.await(WAIT);

            assertThat(future.returnCodes()).as("the broker may downgrade").containsExactly(1);
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void subscribeMultipleSendsOnePacketAndReportsEveryReturnCode() throws Exception {
        String id = uniqueId("sub-multi");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Subscribe(1, THREE))
                .send(new Suback(1, List.of(0, Suback.FAILURE, 1)))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).validateSubs(false).build()).await(WAIT);

            SubscribeFuture future = client.subscribeMultiple(THREE);
            future.await(WAIT);

            assertThat(future.isCancelled()).isFalse();
            assertThat(future.returnCodes()).containsExactly(0, 0x80, 1);
            assertThat(client.isConnected()).as("without validate-subs a refusal is only reported").isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.errors).isEmpty();
        }
    }

    @Test
    void refusedSubscriptionWithValidateSubsFailsAndClosesTheClient() throws Exception {
        String id = uniqueId("validate");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Subscribe(1, THREE))
                .send(new Suback(1, List.of(0, 2, Suback.FAILURE)))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            SubscribeFuture future = client.subscribeMultiple(THREE);

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class)
                    .cause().isInstanceOf(FailedSubscriptionException.class);
            Throwable error = callback.awaitError();
            assertThat(error).isInstanceOf(FailedSubscriptionException.class);
            FailedSubscriptionException failed = (FailedSubscriptionException) error;
            assertThat(failed.topicFilters()).containsExactly("a/+", "b/#", "c");
            assertThat(failed.returnCodes()).containsExactly(0, 2, 0x80);
            assertThat(future.returnCodes()).containsExactly(0, 2, 0x80);
            broker.awaitDone(WAIT);
            assertThat(broker.transcript()).as("closed without DISCONNECT")
                    .noneMatch(line -> line.contains("C->B Disconnect"))
                    .anyMatch(line -> line.contains("C closed the connection"));
            assertThat(client.isConnected()).isFalse();
            client.close();
            assertThat(callback.errors).hasSize(1);
            awaitThreadsGone(id);
        }
    }

    @Test
    void subackForAnotherIdLeavesThePendingSubscribeWaiting() throws Exception {
        String id = uniqueId("sub-other");
        CountDownLatch subscribed = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Subscribe(1, List.of(new Subscription("x", 0))))
                .run(() -> awaitLatch(subscribed))
                .send(new Suback(2, List.of(Suback.FAILURE)))
                .send(new Suback(1, List.of(0)))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);

            SubscribeFuture future = client.subscribe("x", 0);
            subscribed.countDown();
            future.await(WAIT);

            assertThat(future.returnCodes()).containsExactly(0);
            assertThat(client.isConnected()).as("a stray SUBACK is no refusal of ours").isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void unsubscribeCompletesOnUnsuback() throws Exception {
        String id = uniqueId("unsub");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Unsubscribe(1, List.of("test")))
                .send(new Unsuback(1))
                .receive(new Unsubscribe(2, List.of("a/+", "b/#")))
                .send(new Unsuback(2))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);

            GenericFuture<Void> single = client.unsubscribe("test");
            single.await(WAIT);
            GenericFuture<Void> multiple = client.unsubscribeMultiple(List.of("a/+", "b/#"));
            multiple.await(WAIT);

            assertThat(single.isCancelled()).isFalse();
            assertThat(multiple.isCancelled()).isFalse();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void invalidFiltersAreRejectedWithoutSendingAnything() throws Exception {
        String id = uniqueId("bad-filter");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);

            assertThatThrownBy(() -> client.subscribe("a/#/b", 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.subscribe("a", 3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.subscribeMultiple(List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.unsubscribeMultiple(List.of()))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }
}
