package dev.mqttj.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the MQTT connection, bound from {@code mqtt.*}.
 *
 * <p>Durations accept Spring Boot's forms ({@code 30s}, {@code 500ms}, {@code PT30S}); sizes accept
 * {@code 8MB}, {@code 64KB} and plain byte counts. Every value is checked at startup; a bad one fails
 * the application with a message that names the property and the accepted form.
 */
@ConfigurationProperties("mqtt")
public class MqttProperties {

    /** Whether to auto-configure the MQTT connection. */
    private boolean enabled = true;

    /**
     * URL of the broker: tcp://, mqtt://, tls://, ssl://, mqtts://, ws:// or wss://, with optional
     * user:password@ before the host.
     */
    private String brokerUrl = "tcp://localhost:1883";

    /** Further broker URLs, tried in turn after the broker URL when a connection attempt fails. */
    private List<String> failoverUrls = new ArrayList<>();

    /**
     * Client identifier. When empty and clean-session is true, a unique id is generated at startup;
     * required when clean-session is false.
     */
    private String clientId;

    /** Login user of the broker; overrides a user name in the URL. */
    private String username;

    /** Login password of the broker; overrides a password in the URL. Requires a username. */
    private String password;

    /** Whether the broker discards the previous session of this client id on connect. */
    private boolean cleanSession = true;

    /** Keep-alive interval; zero turns keep-alive off. At most 65535s. */
    private Duration keepAlive = Duration.ofSeconds(30);

    /** Whether a subscription the broker refuses closes the connection. */
    private boolean validateSubs = true;

    /** Largest packet accepted from the broker. */
    private DataSize readLimit = DataSize.ofMegabytes(8);

    /** Upper bound on how long a packet waits in the write buffer before it is written. */
    private Duration maxWriteDelay = Duration.ofMillis(10);

    /** How many QoS 1 and 2 publishes may await their acknowledgement at once (1-65535). */
    private int maxInflight = 20;

    /** How long one connection attempt may take, dialing and CONNACK included. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /**
     * How long shutdown waits for publishes in flight before it sends DISCONNECT. Keep it below
     * spring.lifecycle.timeout-per-shutdown-phase, which bounds how long Spring waits for it.
     */
    private Duration disconnectTimeout = Duration.ofSeconds(10);

    /** How long the SUBACK of the resubscription after a reconnect may take. */
    private Duration resubscribeTimeout = Duration.ofSeconds(5);

    /**
     * Whether startup fails when the broker cannot be reached within the connect timeout (per broker
     * URL). When false the application starts and connects in the background.
     */
    private boolean failFast;

    private final Will will = new Will();

    private final Queue queue = new Queue();

    private final Reconnect reconnect = new Reconnect();

    private final Session session = new Session();

    private final Ssl ssl = new Ssl();

    private final Health health = new Health();

    private final Template template = new Template();

    private final Embedded embedded = new Embedded();

    /** @return whether the auto-configuration is enabled */
    public boolean isEnabled() {
        return this.enabled;
    }

    /** @param enabled whether the auto-configuration is enabled */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the main broker URL */
    public String getBrokerUrl() {
        return this.brokerUrl;
    }

    /** @param brokerUrl the main broker URL */
    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    /** @return the broker URLs tried after the main one */
    public List<String> getFailoverUrls() {
        return this.failoverUrls;
    }

    /** @param failoverUrls the broker URLs tried after the main one */
    public void setFailoverUrls(List<String> failoverUrls) {
        this.failoverUrls = failoverUrls;
    }

    /** @return the client id, or null to generate one */
    public String getClientId() {
        return this.clientId;
    }

    /** @param clientId the client id */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** @return the user name, or null */
    public String getUsername() {
        return this.username;
    }

    /** @param username the user name */
    public void setUsername(String username) {
        this.username = username;
    }

    /** @return the password, or null */
    public String getPassword() {
        return this.password;
    }

    /** @param password the password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return whether clean session is requested */
    public boolean isCleanSession() {
        return this.cleanSession;
    }

    /** @param cleanSession whether clean session is requested */
    public void setCleanSession(boolean cleanSession) {
        this.cleanSession = cleanSession;
    }

    /** @return the keep-alive interval */
    public Duration getKeepAlive() {
        return this.keepAlive;
    }

    /** @param keepAlive the keep-alive interval */
    public void setKeepAlive(Duration keepAlive) {
        this.keepAlive = keepAlive;
    }

    /** @return whether refused subscriptions close the connection */
    public boolean isValidateSubs() {
        return this.validateSubs;
    }

    /** @param validateSubs whether refused subscriptions close the connection */
    public void setValidateSubs(boolean validateSubs) {
        this.validateSubs = validateSubs;
    }

    /** @return the largest packet accepted */
    public DataSize getReadLimit() {
        return this.readLimit;
    }

    /** @param readLimit the largest packet accepted */
    public void setReadLimit(DataSize readLimit) {
        this.readLimit = readLimit;
    }

    /** @return the maximum write delay */
    public Duration getMaxWriteDelay() {
        return this.maxWriteDelay;
    }

    /** @param maxWriteDelay the maximum write delay */
    public void setMaxWriteDelay(Duration maxWriteDelay) {
        this.maxWriteDelay = maxWriteDelay;
    }

    /** @return how many QoS 1 and 2 publishes may be in flight */
    public int getMaxInflight() {
        return this.maxInflight;
    }

    /** @param maxInflight how many QoS 1 and 2 publishes may be in flight */
    public void setMaxInflight(int maxInflight) {
        this.maxInflight = maxInflight;
    }

    /** @return the connect timeout */
    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the disconnect timeout */
    public Duration getDisconnectTimeout() {
        return this.disconnectTimeout;
    }

    /** @param disconnectTimeout the disconnect timeout */
    public void setDisconnectTimeout(Duration disconnectTimeout) {
        this.disconnectTimeout = disconnectTimeout;
    }

    /** @return the resubscribe timeout */
    public Duration getResubscribeTimeout() {
        return this.resubscribeTimeout;
    }

    /** @param resubscribeTimeout the resubscribe timeout */
    public void setResubscribeTimeout(Duration resubscribeTimeout) {
        this.resubscribeTimeout = resubscribeTimeout;
    }

    /** @return whether startup fails when the broker is unreachable */
    public boolean isFailFast() {
        return this.failFast;
    }

    /** @param failFast whether startup fails when the broker is unreachable */
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    /** @return the will message settings */
    public Will getWill() {
        return this.will;
    }

    /** @return the offline queue settings */
    public Queue getQueue() {
        return this.queue;
    }

    /** @return the reconnect backoff settings */
    public Reconnect getReconnect() {
        return this.reconnect;
    }

    /** @return the session store settings */
    public Session getSession() {
        return this.session;
    }

    /** @return the TLS settings */
    public Ssl getSsl() {
        return this.ssl;
    }

    /** @return the health settings */
    public Health getHealth() {
        return this.health;
    }

    /** @return the template settings */
    public Template getTemplate() {
        return this.template;
    }

    /** @return the embedded broker settings */
    public Embedded getEmbedded() {
        return this.embedded;
    }

    /** The message the broker publishes when the client disappears without DISCONNECT. */
    public static class Will {

        /** Topic of the will message; no will is sent when empty. */
        private String topic;

        /** Payload of the will message, sent as UTF-8. */
        private String payload = "";

        /** QoS of the will message: 0, 1 or 2. */
        private int qos;

        /** Whether the broker retains the will message. */
        private boolean retain;

        /** @return the will topic, or null for no will */
        public String getTopic() {
            return this.topic;
        }

        /** @param topic the will topic */
        public void setTopic(String topic) {
            this.topic = topic;
        }

        /** @return the will payload */
        public String getPayload() {
            return this.payload;
        }

        /** @param payload the will payload */
        public void setPayload(String payload) {
            this.payload = payload;
        }

        /** @return the will QoS */
        public int getQos() {
            return this.qos;
        }

        /** @param qos the will QoS */
        public void setQos(int qos) {
            this.qos = qos;
        }

        /** @return whether the will is retained */
        public boolean isRetain() {
            return this.retain;
        }

        /** @param retain whether the will is retained */
        public void setRetain(boolean retain) {
            this.retain = retain;
        }
    }

    /** The queue that holds publish, subscribe and unsubscribe commands while offline. */
    public static class Queue {

        /** How many commands may wait while offline. */
        private int size = 100;

        /** How long a caller waits for room in a full queue before its publish fails. */
        private Duration timeout = Duration.ofSeconds(10);

        /** @return the queue capacity */
        public int getSize() {
            return this.size;
        }

        /** @param size the queue capacity */
        public void setSize(int size) {
            this.size = size;
        }

        /** @return the queue timeout */
        public Duration getTimeout() {
            return this.timeout;
        }

        /** @param timeout the queue timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** The exponential backoff, with jitter, between reconnect attempts. */
    public static class Reconnect {

        /** Shortest delay before reconnecting. */
        private Duration minDelay = Duration.ofSeconds(1);

        /** Longest delay before reconnecting; a connection that stayed up this long resets the backoff. */
        private Duration maxDelay = Duration.ofSeconds(32);

        /** @return the shortest delay */
        public Duration getMinDelay() {
            return this.minDelay;
        }

        /** @param minDelay the shortest delay */
        public void setMinDelay(Duration minDelay) {
            this.minDelay = minDelay;
        }

        /** @return the longest delay */
        public Duration getMaxDelay() {
            return this.maxDelay;
        }

        /** @param maxDelay the longest delay */
        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /** Where unacknowledged QoS 1 and 2 packets are kept across reconnects. */
    public static class Session {

        /** Session store: memory (lost on restart) or file (survives restarts; needs a directory). */
        private Store store = Store.MEMORY;

        /** Directory of the file session store; created when missing. */
        private Path directory;

        /** @return the store kind */
        public Store getStore() {
            return this.store;
        }

        /** @param store the store kind */
        public void setStore(Store store) {
            this.store = store;
        }

        /** @return the file store directory, or null */
        public Path getDirectory() {
            return this.directory;
        }

        /** @param directory the file store directory */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        /** The kinds of session store. */
        public enum Store {
            /** Packets are kept on the heap and lost when the application stops. */
            MEMORY,
            /** Packets are kept in a crash-safe log in {@code mqtt.session.directory}. */
            FILE
        }
    }

    /** TLS settings. */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) used for tls, ssl, mqtts and wss URLs. When the bundle
         * is reloaded (reload-on-update), the connection is renewed with the new material.
         */
        private String bundle;

        /**
         * Whether the broker's certificate must name the host of the broker URL. Turning it off is unsafe:
         * anyone holding a certificate from a trusted CA can then pose as the broker. wss URLs are always
         * verified.
         */
        private boolean verifyHostname = true;

        /** @return the SSL bundle name, or null */
        public String getBundle() {
            return this.bundle;
        }

        /** @param bundle the SSL bundle name */
        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        /** @return whether the broker's certificate must name the host of the broker URL */
        public boolean isVerifyHostname() {
            return this.verifyHostname;
        }

        /**
         * Turns host name verification on or off; off is unsafe outside tests.
         *
         * @param verifyHostname whether the broker's certificate must name the host of the broker URL
         */
        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }
    }

    /**
     * The in-JVM broker for development and tests (Moquette), started only when its library is on the class
     * path and no broker URL is configured.
     */
    public static class Embedded {

        /** Whether an embedded broker may start when no mqtt.broker-url is set and Moquette is present. */
        private boolean enabled = true;

        /** Port of the embedded broker on 127.0.0.1; 0 picks a free port, published as local.mqtt.port. */
        private int port;

        /** @return whether the embedded broker may start */
        public boolean isEnabled() {
            return this.enabled;
        }

        /** @param enabled whether the embedded broker may start */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the port, 0 for a free one */
        public int getPort() {
            return this.port;
        }

        /** @param port the port, 0 for a free one */
        public void setPort(int port) {
            this.port = port;
        }
    }

    /** Health indicator settings. */
    public static class Health {

        /**
         * Whether the mqtt health indicator joins the readiness group, so that a broker outage takes
         * the instance out of load balancing without ever failing liveness.
         */
        private boolean readiness;

        /** @return whether the indicator joins the readiness group */
        public boolean isReadiness() {
            return this.readiness;
        }

        /** @param readiness whether the indicator joins the readiness group */
        public void setReadiness(boolean readiness) {
            this.readiness = readiness;
        }
    }

    /** MqttTemplate settings. */
    public static class Template {

        /** QoS of publishes that do not name one: 0, 1 or 2. */
        private int defaultQos = 1;

        /** Whether publishes that do not say otherwise are retained. */
        private boolean defaultRetain;

        /** Whether each publish is recorded as a Micrometer observation. */
        private boolean observationEnabled;

        /** @return the default QoS */
        public int getDefaultQos() {
            return this.defaultQos;
        }

        /** @param defaultQos the default QoS */
        public void setDefaultQos(int defaultQos) {
            this.defaultQos = defaultQos;
        }

        /** @return the default retain flag */
        public boolean isDefaultRetain() {
            return this.defaultRetain;
        }

        /** @param defaultRetain the default retain flag */
        public void setDefaultRetain(boolean defaultRetain) {
            this.defaultRetain = defaultRetain;
        }

        /** @return whether publishes are observed */
        public boolean isObservationEnabled() {
            return this.observationEnabled;
        }

        /** @param observationEnabled whether publishes are observed */
        public void setObservationEnabled(boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }
    }
}
