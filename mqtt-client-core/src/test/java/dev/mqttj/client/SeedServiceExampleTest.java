package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gomqtt's Service example, line by line in Java, run against a Mosquitto on a free port instead of
 * the example's {@code mqtt://0.0.0.0}, checked against the output its documentation shows.
 */
class SeedServiceExampleTest {

    @Test
    void printsTheDocumentedOutput() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
                example(broker.url(), out);
            }
            assertThat(captured.toString(StandardCharsets.UTF_8).lines())
                    .containsExactly("online!", "resumed: false", "message: test - test", "offline!");
        }
    }

    /** The example; {@code out} stands in for standard output. */
    private static void example(String url, PrintStream out) throws Exception {
        CountDownLatch wait = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);

        Config config = Config.builder(url).clientId("gomqtt/service").cleanSession(false).build();

        Service s = new Service();

        s.setOnlineCallback(resumed -> {
            out.println("online!");
            out.printf("resumed: %s%n", resumed);
        });

        s.setOfflineCallback(() -> {
            out.println("offline!");
            done.countDown();
        });

        s.setMessageCallback(msg -> {
            out.printf("message: %s - %s%n", msg.topic(), msg.payloadAsString());
            wait.countDown();
        });

        Helpers.clearSession(config, Duration.ofSeconds(1));

        s.start(config);

        s.subscribe("test", 0).await(Duration.ofSeconds(10));

        s.publish("test", "test".getBytes(StandardCharsets.UTF_8), 0, false);

        assertThat(wait.await(10, TimeUnit.SECONDS)).as("message received").isTrue();

        s.stop(true);

        assertThat(done.await(10, TimeUnit.SECONDS)).as("offline reported").isTrue();
    }
}
