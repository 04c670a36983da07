package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.ConnackCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MqttFutureTest {

    @Test
    void awaitReturnsOnceCompleted() throws Exception {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        new Thread(future::complete).start();
        future.await(Duration.ofSeconds(10));
        assertThat(future.isDone()).isTrue();
        assertThat(future.isCancelled()).isFalse();
    }

    @Test
    void awaitTimesOut() {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        assertThatThrownBy(() -> future.await(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
    }

    @Test
    void canceledFutureThrowsWithItsCause() {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.CONNECT, null);
        ClientConnectionDeniedException denied = new ClientConnectionDeniedException(ConnackCode.NOT_AUTHORIZED);
        future.connack(false, ConnackCode.NOT_AUTHORIZED);
        future.cancel(denied);
        assertThatThrownBy(() -> future.await(Duration.ZERO))
                .isInstanceOf(CancellationException.class).hasCause(denied);
        assertThat(future.returnCode()).contains(ConnackCode.NOT_AUTHORIZED);
    }

    @Test
    void accessorsOfAFutureCanceledWithoutResultAreEmpty() {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.SUBSCRIBE, null);
        future.cancel(null);
        assertThat(future.returnCode()).isEmpty();
        assertThat(future.sessionPresent()).isFalse();
        assertThat(future.returnCodes()).isEmpty();
    }

    @Test
    void completesOnlyOnce() {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        assertThat(future.complete()).isTrue();
        assertThat(future.cancel(null)).isFalse();
        assertThat(future.isCancelled()).isFalse();
    }

    @Test
    void completableFutureViewFollowsBothOutcomes() throws Exception {
        MqttFuture completed = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        CompletableFuture<Void> before = completed.toCompletableFuture();
        completed.complete();
        assertThat(before.get(1, TimeUnit.SECONDS)).isNull();
        assertThat(completed.toCompletableFuture()).isSameAs(before);

        MqttFuture canceled = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        canceled.cancel(new ClientNotConnectedException());
        assertThatThrownBy(() -> canceled.toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> canceled.toCompletableFuture().join()).isInstanceOf(CancellationException.class);
    }

    @Test
    void awaitOnTheOwnersCallbackThreadFailsFastInsteadOfDeadlocking() throws Exception {
        Object owner = new Object();
        MqttFuture future = new MqttFuture(MqttFuture.Kind.PUBLISH, owner);
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

        MqttFuture foreign = new MqttFuture(MqttFuture.Kind.PUBLISH, new Object());
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
    void sharedCompletedPublishFutureMayBeAwaitedAnywhere() throws Exception {
        MqttFuture.COMPLETED_PUBLISH.await(Duration.ofMillis(1));
        assertThat(MqttFuture.COMPLETED_PUBLISH.isDone()).isTrue();
    }

    @Test
    void onCompleteRunsEveryActionOnceWithTheOutcome() {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        List<String> calls = new ArrayList<>();
        future.onComplete(error -> calls.add("first " + error));
        future.onComplete(error -> {
            throw new IllegalStateException("ignored");
        });
        future.onComplete(error -> calls.add("third " + error));
        assertThat(calls).isEmpty();
        future.complete();
        future.complete();
        assertThat(calls).containsExactly("first null", "third null");
        future.onComplete(error -> calls.add("late " + error));
        assertThat(calls).containsExactly("first null", "third null", "late null");
    }

    @Test
    void onCompleteOfACanceledFutureGetsTheCancellationWithItsCause() {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        AtomicReference<CancellationException> seen = new AtomicReference<>();
        future.onComplete(seen::set);
        ClientNotConnectedException reason = new ClientNotConnectedException();
        future.cancel(reason);
        assertThat(seen.get()).isNotNull().hasCause(reason);
        AtomicReference<CancellationException> late = new AtomicReference<>();
        future.onComplete(late::set);
        assertThat(late.get()).isNotNull().hasCause(reason);
    }

    @Test
    void onCompleteRejectsNull() {
        MqttFuture future = new MqttFuture(MqttFuture.Kind.PUBLISH, null);
        assertThatThrownBy(() -> future.onComplete(null)).isInstanceOf(NullPointerException.class);
    }
}
