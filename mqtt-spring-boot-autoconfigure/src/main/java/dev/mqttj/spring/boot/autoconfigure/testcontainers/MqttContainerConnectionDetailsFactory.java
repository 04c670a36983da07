package dev.mqttj.spring.boot.autoconfigure.testcontainers;

import dev.mqttj.spring.boot.autoconfigure.MqttConnectionDetails;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.containers.Container;

/**
 * Base of the broker container factories: the details point at the container's host and mapped MQTT
 * port, over TLS when the container carries one of Spring Boot's {@code @Ssl} annotations.
 *
 * @param <C> the container type
 */
abstract class MqttContainerConnectionDetailsFactory<C extends Container<?>>
        extends ContainerConnectionDetailsFactory<C, MqttConnectionDetails> {

    MqttContainerConnectionDetailsFactory(String connectionName, String... requiredClassNames) {
        super(connectionName, requiredClassNames);
    }

    /**
     * Returns the host port mapped to the container's MQTT listener.
     *
     * @param container the running container
     * @return the port reachable from the test JVM
     */
    abstract int mqttPort(C container);

    @Override
    protected final MqttConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<C> source) {
        return new Details(source);
    }

    /** The URL of a container's MQTT listener as seen from the test JVM. */
    static String brokerUrl(String host, int port, boolean tls) {
        return (tls ? "mqtts://" : "tcp://") + host + ":" + port;
    }

    private final class Details extends ContainerConnectionDetails<C> implements MqttConnectionDetails {

        Details(ContainerConnectionSource<C> source) {
            super(source);
        }

        @Override
        public List<String> getBrokerUrls() {
            C container = getContainer();
            return List.of(brokerUrl(container.getHost(), mqttPort(container), getSslBundle() != null));
        }

        @Override
        public SslBundle getSslBundle() {
            return super.getSslBundle();
        }
    }
}
