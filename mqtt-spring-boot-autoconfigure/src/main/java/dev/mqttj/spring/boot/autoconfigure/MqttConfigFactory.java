package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Config;
import dev.mqttj.packet.Message;
import dev.mqttj.transport.Dialer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ssl.SslBundle;

/**
 * Builds the core {@link Config} from the properties and the connection details.
 */
final class MqttConfigFactory {

    private static final Log LOGGER = LogFactory.getLog(MqttConfigFactory.class);

    private MqttConfigFactory() {
    }

    /**
     * Builds the config.
     *
     * @throws InvalidMqttPropertiesException if the connection details hold no usable URL or the
     *     finished config is refused by the core
     */
    static Config create(MqttProperties properties, MqttConnectionDetails details,
            List<MqttConfigCustomizer> customizers) {
        List<String> urls = details.getBrokerUrls();
        checkUrls(urls);
        Config.Builder builder = Config.builder(urls.get(0))
                .clientId(clientId(properties))
                .cleanSession(properties.isCleanSession())
                .keepAlive(properties.getKeepAlive())
                .validateSubs(properties.isValidateSubs())
                .readLimit(properties.getReadLimit().toBytes())
                .maxWriteDelay(properties.getMaxWriteDelay())
                .maxInflight(properties.getMaxInflight())
                .failoverUrls(urls.subList(1, urls.size()))
                .connectTimeout(properties.getConnectTimeout())
                .dialer(dialer(properties, details.getSslBundle()));
        MqttProperties.Will will = properties.getWill();
        if (will.getTopic() != null && !will.getTopic().isEmpty()) {
            builder.willMessage(new Message(will.getTopic(), will.getPayload().getBytes(StandardCharsets.UTF_8),
                    will.getQos(), will.isRetain()));
        }
        if (details.getUsername() != null) {
            builder.username(details.getUsername());
        }
        if (details.getPassword() != null) {
            builder.password(details.getPassword());
        }
        for (MqttConfigCustomizer customizer : customizers) {
            customizer.customize(builder);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidMqttPropertiesException(List.of("mqtt: " + e.getMessage()), e);
        }
    }

    private static void checkUrls(List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            throw new InvalidMqttPropertiesException(List.of("mqtt.broker-url: the MqttConnectionDetails returned no"
                    + " broker URL; " + MqttPropertiesValidator.URL_FORM), null);
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String problem = MqttPropertiesValidator.urlProblem("broker URL #" + (i + 1), urls.get(i));
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMqttPropertiesException(problems, null);
        }
    }

    /** A unique id per application start: a fixed id would make two instances take each other's session. */
    private static String clientId(MqttProperties properties) {
        String id = properties.getClientId();
        if (id != null && !id.isBlank()) {
            return id;
        }
        // 64 random bits in 16 hex digits, 21 characters in all: within the 23 every MQTT 3.1.1 broker must accept.
        // Not UUID.randomUUID(): its SecureRandom costs 20 to 30 ms on the first call of a cold start, and a client
        // id is no secret (it travels in every CONNECT); it only has to differ between instances, so the process id
        // is mixed in for instances started at the same instant.
        long bits = ThreadLocalRandom.current().nextLong() ^ (ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L);
        String hex = Long.toHexString(bits);
        return "mqttj" + "0".repeat(16 - hex.length()) + hex;
    }

    private static Dialer dialer(MqttProperties properties, SslBundle bundle) {
        boolean verifyHostname = properties.getSsl().isVerifyHostname();
        if (!verifyHostname) {
            LOGGER.warn("mqtt.ssl.verify-hostname=false: the broker's certificate is not checked against the host"
                    + " of the broker URL, so anyone holding a certificate from a trusted CA can pose as the broker;"
                    + " use it for tests only");
        }
        return new SslBundleDialer(properties.getConnectTimeout(), verifyHostname, bundle);
    }
}
