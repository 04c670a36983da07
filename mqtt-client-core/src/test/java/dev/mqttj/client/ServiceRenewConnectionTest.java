package dev.mqttj.client;

import static dev.mqttj.client.ServiceEvents.WAIT;
import static dev.mqttj.client.ServicePackets.config;
import static dev.mqttj.client.ServicePackets.connack;
import static dev.mqttj.client.ServicePackets.connect;
import static dev.mqttj.client.ServicePackets.publish;
import static dev.mqttj.client.ServicePackets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Suback;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Service#renewConnection()}: the current connection ends with DISCONNECT after its acknowledgements, a
 * new one follows without a backoff delay and gets the subscriptions back, exactly as scripted brokers see it.
 */
class ServiceRenewConnectionTest {

    @Test
    void renewalDisconnectsAfterTheAcknowledgementsInFlightAndResubscribesOnTheNextConnection() throws Exception {
        AtomicReference<Service> holder = new AtomicReference<>();
        AtomicReference<Boolean> requested = new AtomicReference<>();
        Flow first = Flow.create("renewed")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "order/#", 0)).send(new Suback(1, List.of(0)))
                .receive(publish("order/a", "in flight", 1, 2))
                // Asked for while the publish awaits its PUBACK: the DISCONNECT must wait for it.
                .run(() -> requested.set(holder.get().renewConnection()))
                .send(new Puback(2))
                .receive(Disconnect.INSTANCE)
                .end();
        // A publish without its PUBACK would be resent here first, as a DUP, and break the script.
        Flow second = Flow.create("renewing")
                .receive(connect()).send(connack())
                .receive(subscribe(3, "order/#", 0)).send(new Suback(3, List.of(0)))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = new Service();
            // Were the renewal a failure, the next attempt would wait at least half a minute.
            service.setMinReconnectDelay(Duration.ofMinutes(1));
            service.setMaxReconnectDelay(Duration.ofMinutes(2));
            holder.set(service);
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("order/#", 0).await(WAIT);
            service.publish("order/a", "in flight".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false)
                    .await(WAIT);

            events.awaitCount("online", 2);
            service.stop(true);
            broker.awaitDone(WAIT);

            assertThat(requested.get()).isTrue();
            assertThat(events.list()).containsExactly("online(false)", "offline", "online(false)", "offline");
            assertThat(events.errors()).isEmpty();
            assertThat(service.status().connectionAttempts()).isEqualTo(2);
        }
    }

    @Test
    void renewalWhileBackingOffConnectsAtOnce() throws Exception {
        Flow refusing = Flow.create("refusing").receive(connect())
                .send(new Connack(false, ConnackCode.SERVER_UNAVAILABLE)).end();
        Flow answering = Flow.create("answering").receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(refusing, answering)) {
            Service service = new Service();
            // The first backoff delay is at least half the minimum: far longer than the test waits.
            service.setMinReconnectDelay(Duration.ofMinutes(1));
            service.setMaxReconnectDelay(Duration.ofMinutes(2));
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitError(error -> error instanceof ClientConnectionDeniedException);

            assertThat(service.renewConnection()).isTrue();
            events.awaitCount("online", 1);
            service.stop(true);
            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("error:ClientConnectionDeniedException", "online(false)",
                    "offline");
        }
    }

    @Test
    void aStoppedServiceIgnoresRenewal() throws Exception {
        Flow answering = Flow.create("answering").receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(answering)) {
            Service service = new Service();
            assertThat(service.renewConnection()).isFalse();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.stop(true);
            broker.awaitDone(WAIT);

            assertThat(service.renewConnection()).isFalse();
            assertThat(service.isStarted()).isFalse();
            assertThat(broker.connectionCount()).isEqualTo(1);
        }
    }
}
