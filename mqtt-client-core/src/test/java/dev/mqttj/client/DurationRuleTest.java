package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.message;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mqttj.packet.PacketType;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One rule for every Duration parameter: never negative, and zero means "do not wait". */
class DurationRuleTest {

    @Test
    void disconnectWithZeroDoesNotWaitForAcknowledgements() throws Exception {
        String id = uniqueId("zero-disconnect");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .receiveAny(PacketType.DISCONNECT).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            GenericFuture<Void> unacknowledged = client.publishMessage(message("t", "x", 1));

            assertTimeoutPreemptively(WAIT, () -> client.disconnect(Duration.ZERO));

            assertThat(unacknowledged.isCancelled()).isTrue();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void negativeDurationsAreRefused() throws Exception {
        String id = uniqueId("negative");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).receiveAny(PacketType.DISCONNECT).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            assertThatThrownBy(() -> client.disconnect(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
        Service service = new Service();
        assertThatThrownBy(() -> service.setQueueTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.setConnectTimeout(Duration.ZERO))
                .as("a connect timeout bounds something that must happen: zero is refused")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
