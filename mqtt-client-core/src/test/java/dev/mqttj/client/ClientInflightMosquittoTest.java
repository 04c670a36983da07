package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.Message;
import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.MosquittoBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Mosquitto with its stock {@code max_inflight_messages 20} acknowledges QoS 1 and 2 publishes beyond
 * that many and drops them (MQTT 3.1.1 cannot carry the refusal), so a publisher that does not wait
 * between publishes loses messages it was told were delivered. With the default limit the client
 * keeps within the broker's and nothing is lost.
 */
class ClientInflightMosquittoTest {

    private static final int COUNT = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void everyQos2MessageArrivesExactlyOnceAtAStockMosquitto() throws Exception {
        BrokerRequirements.requireMosquitto();
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            AtomicIntegerArray deliveries = new AtomicIntegerArray(COUNT);
            CountDownLatch allArrived = new CountDownLatch(COUNT);
            Client subscriber = new Client();
            subscriber.setCallback((message, error) -> {
                if (message != null) {
                    deliveries.incrementAndGet(ByteBuffer.wrap(message.payload()).getInt());
                    allArrived.countDown();
                }
            });
            subscriber.connect(Config.withClientId(broker.url(), "inflight-sub")).await(WAIT);
            subscriber.subscribe("inflight/stock", 2).await(WAIT);

            Client publisher = new Client();
            Config config = Config.withClientId(broker.url(), "inflight-pub");
            assertThat(config.maxInflight()).isEqualTo(Config.DEFAULT_MAX_INFLIGHT);
            publisher.connect(config).await(WAIT);
            List<GenericFuture<Void>> futures = new ArrayList<>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                byte[] payload = ByteBuffer.allocate(4).putInt(i).array();
                futures.add(publisher.publishMessage(new Message("inflight/stock", payload, 2, false)));
            }
            for (GenericFuture<Void> future : futures) {
                future.await(WAIT);
            }
            boolean complete = allArrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            publisher.disconnect();
            subscriber.disconnect(Duration.ofSeconds(5));

            List<Integer> lost = new ArrayList<>();
            List<Integer> duplicated = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                if (deliveries.get(i) == 0) {
                    lost.add(i);
                } else if (deliveries.get(i) > 1) {
                    duplicated.add(i);
                }
            }
            assertThat(lost).as("%d of %d messages acknowledged to the publisher but never delivered",
                    lost.size(), COUNT).isEmpty();
            assertThat(duplicated).as("%d messages delivered more than once", duplicated.size()).isEmpty();
            assertThat(complete).isTrue();
        }
    }
}
