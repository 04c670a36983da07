package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.Subscription;
import dev.mqttj.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Mosquitto 2.0 answers an MQTT 3.1.1 client that subscribes to a topic its ACL does not let it read: it
 * grants the subscription (return code 0) and then delivers nothing on it. So the client cannot report the
 * refusal; README says so. Skipped where Mosquitto is not installed, except with CI=true, where it fails.
 */
class MosquittoAclTest {

    @TempDir
    Path directory;

    @Test
    void aDeniedSubscriptionIsGrantedAndSilentlyDelivered() throws Exception {
        Path acl = directory.resolve("acl");
        Files.writeString(acl, "user reader\ntopic read allowed/#\n\nuser writer\ntopic write #\n");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(acl, PosixFilePermissions.fromString("rw-r--r--"));
        try (MosquittoBroker broker = MosquittoBroker.builder().user("reader", "R-pass").user("writer", "W-pass")
                .allowAnonymous(false).setting("acl_file", acl.toString()).start()) {
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            Client reader = new Client();
            reader.setCallback((message, error) -> {
                if (message != null) {
                    received.add(message);
                }
            });
            reader.connect(Config.builder(broker.url()).clientId("acl-reader").username("reader").password("R-pass")
                    .build()).await(WAIT);
            SubscribeResult granted = reader.subscribeMultiple(
                    List.of(new Subscription("denied/x", 1), new Subscription("allowed/y", 1))).await(WAIT);
            assertThat(granted.grantedQos()).as("Mosquitto grants the denied filter")
                    .containsExactly(GrantedQos.AT_LEAST_ONCE, GrantedQos.AT_LEAST_ONCE);

            Config writer = Config.builder(broker.url()).clientId("acl-writer").username("writer").password("W-pass")
                    .build();
            Client publisher = new Client();
            publisher.connect(writer).await(WAIT);
            publisher.publish("denied/x", "one".getBytes(StandardCharsets.UTF_8), 1, false).await(WAIT);
            publisher.publish("allowed/y", "two".getBytes(StandardCharsets.UTF_8), 1, false).await(WAIT);
            publisher.disconnect();

            Message first = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(first).as("the allowed message arrives, and nothing before it").isNotNull();
            assertThat(first.topic()).isEqualTo("allowed/y");
            reader.disconnect();
            assertThat(received).isEmpty();
        }
    }
}
