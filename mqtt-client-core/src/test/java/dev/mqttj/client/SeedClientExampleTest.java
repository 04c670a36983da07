package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gomqtt's {@code Client} example, line for line in Java, run against a real broker. The example's
 * {@code mqtt://0.0.0.0} becomes a Mosquitto on a free loopback port; its documented output is
 * {@code test: test}.
 */
class SeedClientExampleTest {

    @Test
    void clientExamplePrintsTheDocumentedOutput() throws Exception {
        BrokerRequirements.requireMosquitto();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (MosquittoBroker broker = MosquittoBroker.builder().start();
             PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {

            runExample("mqtt://127.0.0.1:" + broker.port(), out);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("test: test\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(ClientRealBrokerTest.threadsNamedWith("gomqtt/client")).isEmpty());
    }

    /** The example's body; Go's {@code panic} becomes a thrown exception, {@code fmt.Printf} prints to {@code out}. */
    private static void runExample(String brokerUrl, PrintStream out) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Client c = new Client();
        c.setCallback((msg, err) -> {
            if (err != null) {
                throw new IllegalStateException(err);
            }
            out.printf("%s: %s\n", msg.topic(), new String(msg.payload(), StandardCharsets.UTF_8));
            done.countDown();
        });
        Config config = Config.withClientId(brokerUrl, "gomqtt/client");
        ConnectFuture connectFuture = c.connect(config);
        connectFuture.await(Duration.ofSeconds(10));
        SubscribeFuture subscribeFuture = c.subscribe("test", 0);
        subscribeFuture.await(Duration.ofSeconds(10));
        GenericFuture<Void> publishFuture = c.publish("test", "test".getBytes(StandardCharsets.UTF_8), 0, false);
        publishFuture.await(Duration.ofSeconds(10));
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the message did not come back within 10 s");
        }
        c.disconnect();
    }
}
