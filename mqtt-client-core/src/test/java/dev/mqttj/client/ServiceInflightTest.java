package dev.mqttj.client;

import static dev.mqttj.client.ServiceEvents.WAIT;
import static dev.mqttj.client.ServicePackets.connack;
import static dev.mqttj.client.ServicePackets.connect;
import static dev.mqttj.client.ServicePackets.persistentConfig;
import static dev.mqttj.client.ServicePackets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Puback;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The in-flight limit across a service's connections: publishes waiting for a place when the
 * connection is lost keep their futures, stay in the session and are resent by the next connection,
 * which again writes only as many as the limit allows. The incoming QoS 1 probe's PUBACK shows that
 * nothing else was written before it.
 */
class ServiceInflightTest {

    @Test
    void waitingPublishesSurviveALossAndAreResentWithinTheLimit() throws Exception {
        CountDownLatch allPublished = new CountDownLatch(1);
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .receive(publish("t", "m1", 1, 1))
                .run(() -> FakeBrokerSupport.awaitLatch(allPublished))
                .close();
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .receive(publish("t", "m1", 1, 1, true))
                .send(publish("in", "probe", 1, 9)).receive(new Puback(9))
                .send(new Puback(1))
                .receive(publish("t", "m2", 1, 2, true))
                .send(new Puback(2))
                .receive(publish("t", "m3", 1, 3, true))
                .send(new Puback(3))
                // Queued while offline and sent from the queue after the stored ones.
                .receive(publish("t", "m4", 1, 4))
                .send(new Puback(4))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = new Service();
            service.setMinReconnectDelay(Duration.ofMillis(10));
            service.setMaxReconnectDelay(Duration.ofMillis(50));
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(persistentConfig(broker.url()).toBuilder().maxInflight(1).build());
            events.awaitCount("online", 1);

            List<GenericFuture<Void>> futures = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                futures.add(service.publish("t", ("m" + i).getBytes(), 1, false));
            }
            allPublished.countDown();
            events.awaitCount("offline", 1);
            futures.add(service.publish("t", "m4".getBytes(), 1, false));
            for (GenericFuture<Void> future : futures) {
                future.await(WAIT);
                assertThat(future.isCancelled()).isFalse();
            }
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.count("online")).isEqualTo(2);
        }
    }
}
