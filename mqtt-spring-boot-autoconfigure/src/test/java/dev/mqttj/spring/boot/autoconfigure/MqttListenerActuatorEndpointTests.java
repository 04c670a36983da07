package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.actuate.MqttEndpoint;
import dev.mqttj.spring.boot.autoconfigure.actuate.MqttEndpointAutoConfiguration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.AnnotationUtils;

/** The {@code mqtt} actuator endpoint with listeners, on the embedded broker. */
class MqttListenerActuatorEndpointTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url())
            .withConfiguration(AutoConfigurations.of(MqttEndpointAutoConfiguration.class))
            .withPropertyValues("mqtt.client-id=endpoint-" + System.nanoTime(),
                    "management.endpoints.web.exposure.include=mqtt")
            .withBean(Listeners.class);

    static class Listeners {

        @MqttListener(topics = "ep/+", id = "shown", qos = "2")
        void shown(String value) {
        }
    }

    @Test
    void showsTheConnectionSubscriptionsAndListeners() {
        runner.run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            Map<String, Object> body = context.getBean(MqttEndpoint.class).mqtt();
            assertThat(List.of(((Map<?, ?>) body.get("connection")).get("online"), body.get("subscriptions"),
                    ((Map<?, ?>) ((Map<?, ?>) body.get("listeners")).get("shown")).get("state")))
                    .containsExactly(true, Map.of("ep/+", 2), "running");
        });
    }

    @Test
    void aWriteOperationStopsAListenerAndItsSubscription() {
        runner.run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            MqttEndpoint endpoint = context.getBean(MqttEndpoint.class);
            Map<String, Object> listener = endpoint.changeListener("shown", "stopped");
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT)
                    .until(() -> ((Map<?, ?>) endpoint.mqtt().get("subscriptions")).isEmpty());
            assertThat(listener.get("state")).isEqualTo("stopped");
        });
    }

    @Test
    void isReadOnlyByDefault() {
        assertThat(AnnotationUtils.findAnnotation(MqttEndpoint.class, Endpoint.class).defaultAccess())
                .isEqualTo(Access.READ_ONLY);
    }

    @Test
    void isAbsentWhenNotExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(MqttEndpoint.class));
    }

    @Test
    void showsTheConnectionWithoutSpringMessaging() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.messaging")).run(context -> assertThat(
                context.getBean(MqttEndpoint.class).mqtt()).containsKeys("connection", "queued", "inFlight")
                .doesNotContainKey("listeners"));
    }
}
