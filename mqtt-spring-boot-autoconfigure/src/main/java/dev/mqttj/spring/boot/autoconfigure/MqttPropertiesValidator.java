package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.topic.Topics;
import dev.mqttj.transport.BrokerUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every {@code mqtt.*} value at startup and reports all bad values at once, each with the
 * property's name and the accepted form, before anything is connected.
 */
final class MqttPropertiesValidator {

    static final String URL_FORM = "expected scheme://[user[:password]@]host[:port] with scheme tcp, mqtt, tls, ssl,"
            + " mqtts, ws or wss";

    private static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(65535);
    private static final long MAX_PACKET = 268_435_455L;

    private final List<String> problems = new ArrayList<>();

    private MqttPropertiesValidator() {
    }

    /**
     * Validates the properties.
     *
     * @param properties the bound properties
     * @throws InvalidMqttPropertiesException listing every invalid value
     */
    static void validate(MqttProperties properties) {
        MqttPropertiesValidator validator = new MqttPropertiesValidator();
        validator.check(properties);
        if (!validator.problems.isEmpty()) {
            throw new InvalidMqttPropertiesException(validator.problems, null);
        }
    }

    /**
     * Checks one broker URL.
     *
     * @return null when valid, otherwise the problem naming the property
     */
    static String urlProblem(String property, String url) {
        try {
            BrokerUrl.parse(url);
            return null;
        } catch (IllegalArgumentException e) {
            // BrokerUrl's messages mask the password already.
            return property + ": " + e.getMessage() + "; " + URL_FORM;
        }
    }

    private void check(MqttProperties p) {
        add(urlProblem("mqtt.broker-url", p.getBrokerUrl()));
        List<String> failover = p.getFailoverUrls();
        for (int i = 0; i < failover.size(); i++) {
            add(urlProblem("mqtt.failover-urls[" + i + "]", failover.get(i)));
        }
        if (!p.isCleanSession() && (p.getClientId() == null || p.getClientId().isBlank())) {
            problems.add("mqtt.client-id: required when mqtt.clean-session is false, since the broker keeps the"
                    + " session under this id; set a stable, unique id");
        }
        if (p.getPassword() != null && p.getUsername() == null && !urlHasUser(p.getBrokerUrl())) {
            problems.add("mqtt.password: set without mqtt.username; MQTT 3.1.1 sends a password only with a user"
                    + " name");
        }
        Duration keepAlive = p.getKeepAlive();
        if (keepAlive == null || keepAlive.isNegative() || keepAlive.compareTo(MAX_KEEP_ALIVE) > 0) {
            problems.add("mqtt.keep-alive: was " + keepAlive + "; expected a duration from 0s (off) to 65535s,"
                    + " e.g. 30s");
        }
        checkWill(p.getWill());
        long readLimit = p.getReadLimit() == null ? -1 : p.getReadLimit().toBytes();
        if (readLimit < 2 || readLimit > MAX_PACKET) {
            problems.add("mqtt.read-limit: was " + p.getReadLimit() + "; expected a size from 2B to 268435455B,"
                    + " e.g. 8MB");
        }
        notNegative("mqtt.max-write-delay", p.getMaxWriteDelay());
        range("mqtt.max-inflight", p.getMaxInflight(), 1, 65535);
        positive("mqtt.connect-timeout", p.getConnectTimeout());
        notNegative("mqtt.disconnect-timeout", p.getDisconnectTimeout());
        positive("mqtt.resubscribe-timeout", p.getResubscribeTimeout());
        if (p.getQueue().getSize() < 1) {
            problems.add("mqtt.queue.size: was " + p.getQueue().getSize() + "; expected at least 1");
        }
        notNegative("mqtt.queue.timeout", p.getQueue().getTimeout());
        checkReconnect(p.getReconnect());
        checkSession(p.getSession());
        range("mqtt.template.default-qos", p.getTemplate().getDefaultQos(), 0, 2);
    }

    private void checkWill(MqttProperties.Will will) {
        range("mqtt.will.qos", will.getQos(), 0, 2);
        String topic = will.getTopic();
        if (topic == null || topic.isEmpty()) {
            if (will.getPayload() != null && !will.getPayload().isEmpty()) {
                problems.add("mqtt.will.topic: missing while mqtt.will.payload is set; expected a topic name such as"
                        + " clients/my-app/status");
            }
        } else if (!Topics.isValidName(topic)) {
            problems.add("mqtt.will.topic: '" + topic + "' is not a topic name; expected a non-empty name without"
                    + " the wildcards + and #");
        }
    }

    private void checkReconnect(MqttProperties.Reconnect reconnect) {
        boolean minValid = positive("mqtt.reconnect.min-delay", reconnect.getMinDelay());
        boolean maxValid = positive("mqtt.reconnect.max-delay", reconnect.getMaxDelay());
        if (minValid && maxValid && reconnect.getMaxDelay().compareTo(reconnect.getMinDelay()) < 0) {
            problems.add("mqtt.reconnect.max-delay: was " + reconnect.getMaxDelay()
                    + ", below mqtt.reconnect.min-delay " + reconnect.getMinDelay()
                    + "; expected a duration at least as long as the minimum");
        }
    }

    private void checkSession(MqttProperties.Session session) {
        if (session.getStore() != MqttProperties.Session.Store.FILE) {
            return;
        }
        Path directory = session.getDirectory();
        if (directory == null) {
            problems.add("mqtt.session.directory: required when mqtt.session.store is file; expected a writable"
                    + " directory path");
            return;
        }
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            problems.add("mqtt.session.directory: '" + directory + "' cannot be used as a directory ("
                    + (existing == null ? "no existing parent" : "'" + existing + "' is not a writable directory")
                    + "); expected a writable directory path");
        }
    }

    private boolean positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(property + ": was " + value + "; expected a positive duration, e.g. 5s or 500ms");
            return false;
        }
        return true;
    }

    private void notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            problems.add(property + ": was " + value + "; expected a duration of 0s or more, e.g. 10s");
        }
    }

    private void range(String property, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(property + ": was " + value + "; expected " + min + " to " + max);
        }
    }

    private void add(String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static boolean urlHasUser(String url) {
        try {
            return BrokerUrl.parse(url).username() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
