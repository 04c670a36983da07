package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Subscription;
import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MqttFutureTest {

    @Test
    void awaitReturnsOnceCompleted() throws Exception {
        MqttFuture.Ack future = MqttFuture.publish(null);
        new Thread(future::complete).start();
        assertThat(future.await(Duration.ofSeconds(10))).isNull();
        assertThat(future.isDone()).isTrue();
        assertThat(future.isCancelled()).isFalse();
        assertThat(future.failure()).isEmpty();
    }

    @Test
    void awaitTimesOut() {
        MqttFuture.Ack future = MqttFuture.publish(null);
        assertThatThrownBy(() -> future.await(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
    }

    @Test
    void zeroMeansDoNotWait() throws Exception {
        MqttFuture.Ack pending = MqttFuture.publish(null);
        long start = System.nanoTime();
        assertThatThrownBy(() -> pending.await(Duration.ZERO)).isInstanceOf(TimeoutException.class);
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
        pending.complete();
        assertThat(pending.await(Duration.ZERO)).isNull();
    }

    @Test
    void negativeTimeoutIsRefused() {
        MqttFuture.Ack future = MqttFuture.publish(null);
        assertThatThrownBy(() -> future.await(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> future.await(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void awaitWithoutLimitReturnsTheResult() throws Exception {
        MqttFuture.Connect future = new MqttFuture.Connect(null);
        Thread completer = new Thread(() -> future.complete(future.connack(true, ConnackCode.ACCEPTED)));
        completer.start();
        assertThat(future.await()).isEqualTo(new ConnectResult(true, ConnackCode.ACCEPTED));
    }

    @Test
    void connectFutureCompletesWithTheConnackFlags() throws Exception {
        MqttFuture.Connect future = new MqttFuture.Connect(null);
        future.complete(future.connack(true, ConnackCode.ACCEPTED));
        ConnectResult result = future.toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(result.sessionPresent()).isTrue();
        assertThat(result.returnCode()).isEqualTo(ConnackCode.ACCEPTED);
        assertThat(future.sessionPresent()).isTrue();
        assertThat(future.returnCode()).contains(ConnackCode.ACCEPTED);
    }

    @Test
    void subscribeFutureCompletesWithGrantedQosPerFilter() throws Exception {
        List<Subscription> requested = List.of(new Subscription("a/+", 2), new Subscription("b/#", 1));
        MqttFuture.Subscribe future = new MqttFuture.Subscribe(null, requested);
        future.complete(future.returnCodes(List.of(1, 0x80)));
        SubscribeResult result = future.await(Duration.ZERO);
        assertThat(result.subscriptions()).isEqualTo(requested);
        assertThat(result.grantedQos()).containsExactly(GrantedQos.AT_LEAST_ONCE, GrantedQos.FAILURE);
        assertThat(result.allGranted()).isFalse();
        assertThat(result.refused()).containsExactly(new Subscription("b/#", 1));
        assertThat(future.returnCodes()).containsExactly(1, 0x80);
        assertThat(future.toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo(result);
    }

    @Test
    void canceledFutureThrowsWithItsCauseAndKeepsTheRefusal() {
        MqttFuture.Connect future = new MqttFuture.Connect(null);
        ClientConnectionDeniedException denied = new ClientConnectionDeniedException(ConnackCode.NOT_AUTHORIZED);
        future.connack(false, ConnackCode.NOT_AUTHORIZED);
        future.cancel(denied);
        assertThatThrownBy(() -> future.await(Duration.ZERO))
                .isInstanceOf(CancellationException.class).hasCause(denied);
        assertThat(future.returnCode()).contains(ConnackCode.NOT_AUTHORIZED);
        assertThat(future.failure()).containsSame(denied);
    }

    @Test
    void aCauseOutsideTheExceptionModelIsWrappedAndKept() {
        MqttFuture.Ack future = MqttFuture.publish(null);
        EOFException eof = new EOFException("broker closed the connection");
        future.cancel(eof);
        assertThat(future.failure()).get().isInstanceOf(ConnectionLostException.class)
                .satisfies(failure -> assertThat(failure).hasCause(eof).hasMessageContaining("broker closed"));
        assertThatThrownBy(() -> future.await(Duration.ZERO)).isInstanceOf(CancellationException.class)
                .hasRootCause(eof);
    }

    @Test
    void accessorsOfAFutureCanceledWithoutResultAreEmpty() {
        MqttFuture.Connect connect = new MqttFuture.Connect(null);
        connect.cancel(null);
        assertThat(connect.returnCode()).isEmpty();
        assertThat(connect.sessionPresent()).isFalse();
        assertThat(connect.failure()).isPresent();
        MqttFuture.Subscribe subscribe = new MqttFuture.Subscribe(null, List.of(new Subscription("t", 0)));
        subscribe.cancel(null);
        assertThat(subscribe.returnCodes()).isEmpty();
    }

    @Test
    void completesOnlyOnce() {
        MqttFuture.Ack future = MqttFuture.publish(null);
        assertThat(future.complete()).isTrue();
        assertThat(future.cancel(null)).isFalse();
        assertThat(future.isCancelled()).isFalse();
    }

    @Test
    void completableFutureViewsFollowBothOutcomesWithTheRealFailure() throws Exception {
        MqttFuture.Ack completed = MqttFuture.publish(null);
        CompletableFuture<Void> before = completed.toCompletableFuture();
        completed.complete();
        assertThat(before.get(1, TimeUnit.SECONDS)).isNull();

        MqttFuture.Ack canceled = MqttFuture.publish(null);
        ClientNotConnectedException reason = new ClientNotConnectedException();
        canceled.cancel(reason);
        assertThatThrownBy(() -> canceled.toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCause(reason);
        assertThatThrownBy(() -> canceled.toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCause(reason);
        assertThat(canceled.toCompletableFuture().exceptionally(error -> null).isDone()).isTrue();
    }

    @Test
    void eachViewIsItsOwnSoNoCallerCanChangeWhatOthersSee() throws Exception {
        MqttFuture.Ack pending = MqttFuture.publish(null);
        CompletableFuture<Void> first = pending.toCompletableFuture();
        CompletableFuture<Void> second = pending.toCompletableFuture();
        assertThat(first).isNotSameAs(second);
        first.obtrudeException(new IllegalStateException("meddling"));
        first.complete(null);
        assertThat(second.isDone()).isFalse();
        assertThat(pending.isDone()).isFalse();
        pending.complete();
        assertThat(second.get(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void theSharedQos0FutureCannotBeChangedThroughItsViews() throws Exception {
        CompletableFuture<Void> view = MqttFuture.COMPLETED_PUBLISH.toCompletableFuture();
        view.obtrudeException(new IllegalStateException("meddling"));
        assertThat(MqttFuture.COMPLETED_PUBLISH.toCompletableFuture().get(1, TimeUnit.SECONDS)).isNull();
        assertThat(MqttFuture.COMPLETED_PUBLISH.failure()).isEmpty();
        MqttFuture.COMPLETED_PUBLISH.await(Duration.ofMillis(1));
        assertThat(MqttFuture.COMPLETED_PUBLISH.isDone()).isTrue();
    }

    @Test
    void awaitOnTheOwnersCallbackThreadFailsFastInsteadOfDeadlocking() throws Exception {
        Object owner = new Object();
        MqttFuture.Ack future = MqttFuture.publish(owner);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CallbackThread thread = new CallbackThread(owner, () -> {
            try {
                future.await(Duration.ofSeconds(30));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "mqtt-test-reader");
        thread.start();
        thread.join(10_000);
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock");

        AtomicReference<Throwable> polled = new AtomicReference<>();
        CallbackThread poller = new CallbackThread(owner, () -> {
            try {
                future.await(Duration.ZERO);
            } catch (Throwable t) {
                polled.set(t);
            }
        }, "mqtt-test-reader-poll");
        poller.start();
        poller.join(10_000);
        assertThat(polled.get()).as("not waiting cannot deadlock").isInstanceOf(TimeoutException.class);

        MqttFuture.Ack foreign = MqttFuture.publish(new Object());
        AtomicReference<Throwable> foreignThrown = new AtomicReference<>();
        CallbackThread other = new CallbackThread(owner, () -> {
            try {
                foreign.await(Duration.ofMillis(10));
            } catch (Throwable t) {
                foreignThrown.set(t);
            }
        }, "mqtt-test-reader-2");
        other.start();
        other.join(10_000);
        assertThat(foreignThrown.get()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void onCompleteRunsEveryActionOnceWithTheOutcome() {
        MqttFuture.Ack future = MqttFuture.publish(null);
        List<String> calls = new ArrayList<>();
        future.onComplete((result, error) -> calls.add("first " + error));
        future.onComplete((result, error) -> {
            throw new IllegalStateException("ignored");
        });
        future.onComplete((result, error) -> calls.add("third " + error));
        assertThat(calls).isEmpty();
        future.complete();
        future.complete();
        assertThat(calls).containsExactly("first null", "third null");
        future.onComplete((result, error) -> calls.add("late " + error));
        assertThat(calls).containsExactly("first null", "third null", "late null");
    }

    @Test
    void onCompleteOfACanceledFutureGetsTheFailure() {
        MqttFuture.Ack future = MqttFuture.publish(null);
        AtomicReference<MqttClientException> seen = new AtomicReference<>();
        future.onComplete((result, error) -> seen.set(error));
        ClientNotConnectedException reason = new ClientNotConnectedException();
        future.cancel(reason);
        assertThat(seen.get()).isSameAs(reason);
        AtomicReference<MqttClientException> late = new AtomicReference<>();
        future.onComplete((result, error) -> late.set(error));
        assertThat(late.get()).isSameAs(reason);
    }

    @Test
    void onCompleteRejectsNull() {
        MqttFuture.Ack future = MqttFuture.publish(null);
        assertThatThrownBy(() -> future.onComplete(null)).isInstanceOf(NullPointerException.class);
    }
}
