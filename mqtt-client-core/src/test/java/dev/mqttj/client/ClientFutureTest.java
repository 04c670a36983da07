package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.awaitLatch;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.message;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ClientFutureTest {

    @Test
    void futuresComposeAsCompletableFutures() throws Exception {
        String id = uniqueId("compose");
        CountDownLatch chained = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Subscribe(1, List.of(new Subscription("t", 1)))).send(new Suback(1, List.of(1)))
                .receiveAny(PacketType.PUBLISH)
                .run(() -> awaitLatch(chained))
                .send(new Puback(2))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            ConnectFuture connected = client.connect(config(broker, id).build());

            CompletableFuture<List<Integer>> granted = connected.toCompletableFuture()
                    .thenCompose(ignored -> {
                        SubscribeFuture subscribed = client.subscribe("t", 1);
                        return subscribed.toCompletableFuture().thenApply(done -> subscribed.returnCodes());
                    });
            assertThat(granted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).containsExactly(1);

            GenericFuture<Void> published = client.publishMessage(message("t", "x", 1));
            CompletableFuture<String> outcome = published.toCompletableFuture().thenApply(done -> "acknowledged");
            assertThat(published.toCompletableFuture()).isNotSameAs(published.toCompletableFuture());
            assertThat(outcome).isNotDone();
            chained.countDown();

            assertThat(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("acknowledged");
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void canceledFuturesCompleteTheirViewExceptionallyAndReportNoResults() throws Exception {
        String id = uniqueId("canceled");
        CountDownLatch sent = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.SUBSCRIBE)
                .receiveAny(PacketType.PUBLISH)
                .run(sent::countDown)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            SubscribeFuture subscribed = client.subscribe("t", 1);
            GenericFuture<Void> published = client.publishMessage(message("t", "x", 1));
            CompletableFuture<Void> view = published.toCompletableFuture();
            awaitLatch(sent);

            client.close();

            assertThat(subscribed.isDone()).isTrue();
            assertThat(subscribed.isCancelled()).isTrue();
            assertThat(subscribed.returnCodes()).isEmpty();
            assertThat(view).isCompletedExceptionally();
            assertThatThrownBy(() -> view.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClientNotConnectedException.class);
            assertThatThrownBy(() -> subscribed.toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ClientNotConnectedException.class);
            assertThat(subscribed.failure()).get().isInstanceOf(ClientNotConnectedException.class);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void threadsWaitingOnAFutureWakeUpWhenTheClientCloses() throws Exception {
        String id = uniqueId("waiter");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).receiveAny(PacketType.PUBLISH).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            GenericFuture<Void> future = client.publishMessage(message("t", "x", 2));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    future.await();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            }, "waiter");
            waiter.start();
            await().atMost(WAIT).until(() -> waiter.getState() == Thread.State.WAITING);

            client.close();

            assertThat(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(CancellationException.class);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void connectFutureCanceledBeforeConnackHasNoReturnCode() throws Exception {
        String id = uniqueId("no-connack");
        Flow flow = Flow.create().receive(connect(id)).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            ConnectFuture future = client.connect(config(broker, id).build());

            assertThatThrownBy(() -> future.await(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
            client.close();

            assertThat(future.isCancelled()).isTrue();
            assertThat(future.returnCode()).isEmpty();
            assertThat(future.sessionPresent()).isFalse();
            assertThat(future.toCompletableFuture()).isCompletedExceptionally();
            broker.awaitDone(WAIT);
        }
    }
}
