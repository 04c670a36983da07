package dev.mqttj.client;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.transport.BrokerUrl;
import dev.mqttj.transport.Dialer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How to connect to a broker: URL, client id, session and keep-alive settings, will message and
 * limits. Immutable and thread-safe; build one with {@link #builder(String)} or the shortcuts
 * {@link #of(String)} and {@link #withClientId(String, String)}.
 *
 * <p>Defaults follow gomqtt's {@code NewConfig}: clean session, keep-alive 30 s, validate-subs on,
 * read limit 8 MiB, max write delay 10 ms, MQTT 3.1.1, the standard dialer. Unlike gomqtt, at most
 * {@value #DEFAULT_MAX_INFLIGHT} QoS 1 and 2 publishes are in flight at once (see
 * {@link Builder#maxInflight(int)}).
 */
public final class Config {

    /** The default keep-alive interval, as in gomqtt. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** The default read limit: the largest packet accepted, 8 MiB as in gomqtt. */
    public static final int DEFAULT_READ_LIMIT = 8 * 1024 * 1024;
    /** The default upper bound on how long a queued packet waits before it is written. */
    public static final Duration DEFAULT_MAX_WRITE_DELAY = Duration.ofMillis(10);
    /**
     * The default number of QoS 1 and 2 publishes in flight at once: 20, Mosquitto's default
     * {@code max_inflight_messages}. MQTT 3.1.1 cannot refuse a PUBLISH, so a broker over its own
     * limit acknowledges the surplus and drops it; a client that keeps within the broker's limit
     * loses nothing. gomqtt has no limit.
     */
    public static final int DEFAULT_MAX_INFLIGHT = 20;
    /** The default number of received messages whose acknowledgement may be outstanding at once. */
    public static final int DEFAULT_MAX_PENDING_ACKNOWLEDGEMENTS = 100;
    /** The default limit for dialing plus CONNACK of {@link Client#connect(Config)}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String brokerUrl;
    private final BrokerUrl parsedUrl;
    private final List<String> failoverUrls;
    private final Duration connectTimeout;
    private final int maxPendingAcknowledgements;
    private final String clientId;
    private final boolean cleanSession;
    private final Duration keepAlive;
    private final Message willMessage;
    private final boolean validateSubs;
    private final int readLimit;
    private final Duration maxWriteDelay;
    private final boolean alwaysAnnounceOnPublish;
    private final int maxInflight;
    private final Dialer dialer;
    private final String username;
    private final String password;
    private final ProtocolVersion protocolVersion;

    private Config(Builder b) {
        this.brokerUrl = b.brokerUrl;
        this.parsedUrl = BrokerUrl.parse(b.brokerUrl);
        this.failoverUrls = b.failoverUrls;
        this.connectTimeout = b.connectTimeout;
        this.maxPendingAcknowledgements = b.maxPendingAcknowledgements;
        this.clientId = b.clientId;
        this.cleanSession = b.cleanSession;
        this.keepAlive = b.keepAlive;
        this.willMessage = b.willMessage;
        this.validateSubs = b.validateSubs;
        this.readLimit = b.readLimit;
        this.maxWriteDelay = b.maxWriteDelay;
        this.alwaysAnnounceOnPublish = b.alwaysAnnounceOnPublish;
        this.maxInflight = b.maxInflight;
        this.dialer = b.dialer;
        this.username = b.username;
        this.password = b.password;
        this.protocolVersion = b.protocolVersion;
    }

    /**
     * Creates a config with gomqtt's defaults (gomqtt's {@code NewConfig}).
     *
     * @param brokerUrl the broker URL, e.g. {@code tcp://127.0.0.1:1883}
     * @return the config
     * @throws IllegalArgumentException if the URL is malformed
     */
    public static Config of(String brokerUrl) {
        return builder(brokerUrl).build();
    }

    /**
     * Creates a config with gomqtt's defaults and a client id (gomqtt's {@code NewConfigWithClientID}).
     *
     * @param brokerUrl the broker URL
     * @param clientId the client id
     * @return the config
     * @throws IllegalArgumentException if the URL is malformed or the client id invalid
     */
    public static Config withClientId(String brokerUrl, String clientId) {
        return builder(brokerUrl).clientId(clientId).build();
    }

    /**
     * Starts building a config with gomqtt's defaults.
     *
     * @param brokerUrl the broker URL
     * @return a new builder
     * @throws IllegalArgumentException if the URL is null
     */
    public static Builder builder(String brokerUrl) {
        return new Builder(brokerUrl);
    }

    /**
     * Starts a builder that holds this config's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(brokerUrl);
        b.failoverUrls = failoverUrls;
        b.connectTimeout = connectTimeout;
        b.maxPendingAcknowledgements = maxPendingAcknowledgements;
        b.clientId = clientId;
        b.cleanSession = cleanSession;
        b.keepAlive = keepAlive;
        b.willMessage = willMessage;
        b.validateSubs = validateSubs;
        b.readLimit = readLimit;
        b.maxWriteDelay = maxWriteDelay;
        b.alwaysAnnounceOnPublish = alwaysAnnounceOnPublish;
        b.maxInflight = maxInflight;
        b.dialer = dialer;
        b.username = username;
        b.password = password;
        b.protocolVersion = protocolVersion;
        return b;
    }

    /** @return the broker URL as given */
    public String brokerUrl() {
        return brokerUrl;
    }

    BrokerUrl parsedUrl() {
        return parsedUrl;
    }

    /**
     * Returns every broker URL in the order a {@link Service} tries them: {@link #brokerUrl()} first,
     * then the failover URLs. A {@link Client} connects to the first only.
     *
     * @return one or more URLs, unmodifiable
     */
    public List<String> brokerUrls() {
        List<String> all = new ArrayList<>(1 + failoverUrls.size());
        all.add(brokerUrl);
        all.addAll(failoverUrls);
        return Collections.unmodifiableList(all);
    }

    /**
     * Returns a copy of this config that connects to another of its URLs, for a service moving on to
     * the next broker after a failed attempt.
     */
    Config withBrokerUrl(String url) {
        if (url.equals(brokerUrl)) {
            return this;
        }
        Builder b = toBuilder();
        b.brokerUrl = url;
        return b.build();
    }

    /**
     * Tells how many received QoS 1 and 2 messages may wait for their acknowledgement at once, because a
     * {@link MessageHandler} deferred it or one before them is deferred; at the limit the client stops
     * reading until one is acknowledged.
     *
     * @return the limit, 1..65,535
     */
    public int maxPendingAcknowledgements() {
        return maxPendingAcknowledgements;
    }

    /**
     * Returns how long {@link Client#connect(Config)} may take from dialing to CONNACK before its
     * future fails with a {@link ConnectTimeoutException}.
     *
     * @return the connect timeout, positive
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the client id; empty lets the broker assign one (clean sessions only) */
    public String clientId() {
        return clientId;
    }

    /** @return whether the broker is asked to discard any previous session */
    public boolean cleanSession() {
        return cleanSession;
    }

    /** @return the keep-alive interval; zero turns keep-alive off */
    public Duration keepAlive() {
        return keepAlive;
    }

    /** @return the will message the broker publishes when the client vanishes, or null */
    public Message willMessage() {
        return willMessage;
    }

    /** @return whether a refused subscription closes the client with {@link FailedSubscriptionException} */
    public boolean validateSubs() {
        return validateSubs;
    }

    /** @return the largest packet accepted from the broker, in bytes of remaining length */
    public int readLimit() {
        return readLimit;
    }

    /** @return the upper bound on how long a queued packet waits before it is written */
    public Duration maxWriteDelay() {
        return maxWriteDelay;
    }

    /**
     * Tells when an incoming QoS 2 message reaches the callback: on PUBLISH (true; a callback that
     * throws prevents the PUBREC, so the broker redelivers) or on PUBREL (false, the default; a
     * callback that throws prevents the PUBCOMP).
     *
     * @return whether QoS 2 messages are announced on PUBLISH
     */
    public boolean alwaysAnnounceOnPublish() {
        return alwaysAnnounceOnPublish;
    }

    /**
     * Tells how many outgoing QoS 1 and 2 publishes may await their acknowledgement at once. A
     * publish holds its place from the moment its PUBLISH is written until PUBACK (QoS 1) or PUBCOMP
     * (QoS 2); further publishes are stored and wait, in order, for a free place.
     *
     * @return the limit, 1..65,535
     */
    public int maxInflight() {
        return maxInflight;
    }

    /** @return the dialer that opens the connection */
    public Dialer dialer() {
        return dialer;
    }

    /** @return the user name sent in CONNECT: the explicit one, else the URL's, else null */
    public String username() {
        return username != null ? username : parsedUrl.username();
    }

    /** @return the password sent in CONNECT: the explicit one, else the URL's, else null */
    public String password() {
        return password != null ? password : parsedUrl.password();
    }

    /** @return the MQTT protocol version spoken */
    public ProtocolVersion protocolVersion() {
        return protocolVersion;
    }

    /**
     * Describes the config without the password.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "Config[brokerUrl=" + parsedUrl + (failoverUrls.isEmpty() ? "" : ", failoverUrls=" + maskedFailoverUrls())
                + ", connectTimeout=" + connectTimeout + ", clientId='" + clientId + "', cleanSession=" + cleanSession
                + ", keepAlive=" + keepAlive + ", will=" + willMessage + ", validateSubs=" + validateSubs
                + ", readLimit=" + readLimit + ", maxWriteDelay=" + maxWriteDelay
                + ", alwaysAnnounceOnPublish=" + alwaysAnnounceOnPublish + ", maxInflight=" + maxInflight
                + ", maxPendingAcknowledgements=" + maxPendingAcknowledgements
                + ", username=" + username()
                + ", password=" + (password() == null ? "null" : "****") + ", protocolVersion=" + protocolVersion + "]";
    }

    private String maskedFailoverUrls() {
        List<String> masked = new ArrayList<>(failoverUrls.size());
        for (String url : failoverUrls) {
            masked.add(BrokerUrl.parse(url).toString());
        }
        return masked.toString();
    }

    /** Builds a {@link Config}. Not thread-safe. */
    public static final class Builder {
        private String brokerUrl;
        private List<String> failoverUrls = List.of();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxPendingAcknowledgements = DEFAULT_MAX_PENDING_ACKNOWLEDGEMENTS;
        private String clientId = "";
        private boolean cleanSession = true;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private Message willMessage;
        private boolean validateSubs = true;
        private int readLimit = DEFAULT_READ_LIMIT;
        private Duration maxWriteDelay = DEFAULT_MAX_WRITE_DELAY;
        private boolean alwaysAnnounceOnPublish;
        private int maxInflight = DEFAULT_MAX_INFLIGHT;
        private Dialer dialer = Dialer.defaultDialer();
        private String username;
        private String password;
        private ProtocolVersion protocolVersion = ProtocolVersion.MQTT_3_1_1;

        private Builder(String brokerUrl) {
            if (brokerUrl == null) {
                throw new IllegalArgumentException("brokerUrl must not be null");
            }
            this.brokerUrl = brokerUrl;
        }

        /**
         * Sets further broker URLs that a {@link Service} tries in turn when connecting to the previous
         * one failed (as Paho's server URIs); after the last it starts over with the first. A
         * {@link Client} uses the main URL only.
         *
         * @param urls the failover URLs, possibly empty
         * @return this builder
         * @throws IllegalArgumentException if the list or a URL is null, or a URL is malformed (the
         *     message names the URL's position, with any password masked)
         */
        public Builder failoverUrls(List<String> urls) {
            if (urls == null) {
                throw new IllegalArgumentException("failoverUrls must not be null");
            }
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                if (url == null) {
                    throw new IllegalArgumentException("failoverUrls[" + i + "] must not be null");
                }
                try {
                    BrokerUrl.parse(url);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("failoverUrls[" + i + "]: " + e.getMessage());
                }
            }
            this.failoverUrls = List.copyOf(urls);
            return this;
        }

        /**
         * Sets how many received QoS 1 and 2 messages may wait for their acknowledgement at once (default
         * {@value Config#DEFAULT_MAX_PENDING_ACKNOWLEDGEMENTS}); see
         * {@link ReceivedMessage#deferAcknowledgement()}. At the limit the client stops reading, which
         * pushes back on the broker through TCP.
         *
         * @param max 1..65,535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxPendingAcknowledgements(int max) {
            if (max < 1 || max > 65535) {
                throw new IllegalArgumentException("maxPendingAcknowledgements must be between 1 and 65535 but was " + max);
            }
            this.maxPendingAcknowledgements = max;
            return this;
        }

        /**
         * Sets how long {@link Client#connect(Config)} may take from dialing to CONNACK (default
         * 10 s); the dial itself is bounded by it too. A {@link Service} uses its own connect timeout.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("connectTimeout must be positive but was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the client id.
         *
         * @param clientId the id; empty asks the broker to assign one
         * @return this builder
         * @throws IllegalArgumentException if null or longer than 65,535 UTF-8 bytes
         */
        public Builder clientId(String clientId) {
            if (clientId == null) {
                throw new IllegalArgumentException("clientId must not be null (use \"\" to let the broker assign one)");
            }
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets whether the broker discards any previous session (default true).
         *
         * @param cleanSession the flag
         * @return this builder
         */
        public Builder cleanSession(boolean cleanSession) {
            this.cleanSession = cleanSession;
            return this;
        }

        /**
         * Sets the keep-alive interval (default 30 s). CONNECT carries it in whole seconds; the
         * client pings after this much send silence and gives up after as much again without PINGRESP,
         * judged only while its reader waits to read: while a message callback (or back-pressure from
         * deferred acknowledgements) holds the reader, a PINGRESP may wait unread, so the client pings
         * again instead.
         *
         * @param keepAlive zero (off) or positive, at most 65,535 s
         * @return this builder
         * @throws IllegalArgumentException if negative or above 65,535 s
         */
        public Builder keepAlive(Duration keepAlive) {
            if (keepAlive == null || keepAlive.isNegative() || keepAlive.compareTo(Duration.ofSeconds(65535)) > 0) {
                throw new IllegalArgumentException("keepAlive must be between 0 and 65535s but was " + keepAlive);
            }
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Sets the keep-alive interval from gomqtt-style text such as {@code "30s"}, {@code "1m30s"}
         * or {@code "250ms"} (ISO-8601 such as {@code "PT30S"} works too).
         *
         * @param keepAlive the duration text
         * @return this builder
         * @throws IllegalArgumentException if the text is not a duration or out of range
         */
        public Builder keepAlive(String keepAlive) {
            return keepAlive(GoDurations.parse("keepAlive", keepAlive));
        }

        /**
         * Sets the will message the broker publishes when the client disappears without DISCONNECT.
         *
         * @param will the message, or null for none
         * @return this builder
         */
        public Builder willMessage(Message will) {
            this.willMessage = will;
            return this;
        }

        /**
         * Sets whether a subscription the broker refuses closes the client (default true).
         *
         * @param validateSubs the flag
         * @return this builder
         */
        public Builder validateSubs(boolean validateSubs) {
            this.validateSubs = validateSubs;
            return this;
        }

        /**
         * Sets the largest packet accepted from the broker (default 8 MiB). A larger packet closes
         * the connection before any memory is allocated for it.
         *
         * @param bytes at least 2, at most 268,435,455
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder readLimit(long bytes) {
            if (bytes < 2 || bytes > 268_435_455L) {
                throw new IllegalArgumentException("readLimit must be between 2 and 268435455 bytes but was " + bytes);
            }
            this.readLimit = (int) bytes;
            return this;
        }

        /**
         * Sets the upper bound on how long a queued packet waits before it is written (default
         * 10 ms). The writer writes whenever the previous write finished, so packets wait only
         * while another write is in progress; this setting never adds delay.
         *
         * @param delay zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxWriteDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("maxWriteDelay must be zero or positive but was " + delay);
            }
            this.maxWriteDelay = delay;
            return this;
        }

        /**
         * Sets whether incoming QoS 2 messages reach the callback on PUBLISH instead of PUBREL.
         *
         * @param always the flag (default false)
         * @return this builder
         * @see Config#alwaysAnnounceOnPublish()
         */
        public Builder alwaysAnnounceOnPublish(boolean always) {
            this.alwaysAnnounceOnPublish = always;
            return this;
        }

        /**
         * Sets how many outgoing QoS 1 and 2 publishes may await their acknowledgement at once
         * (default {@value Config#DEFAULT_MAX_INFLIGHT}, Mosquitto's default
         * {@code max_inflight_messages}). Publishing beyond the limit never blocks: the message is
         * stored in the session at once and its PUBLISH is written when an acknowledgement frees a
         * place. Raise it only as far as the broker's own limit allows; a broker over its limit
         * acknowledges and drops messages, since MQTT 3.1.1 has no way to refuse them.
         *
         * @param maxInflight 1..65,535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @see Config#maxInflight()
         */
        public Builder maxInflight(int maxInflight) {
            if (maxInflight < 1 || maxInflight > 65535) {
                throw new IllegalArgumentException("maxInflight must be between 1 and 65535 but was " + maxInflight);
            }
            this.maxInflight = maxInflight;
            return this;
        }

        /**
         * Sets the dialer that opens connections, e.g. one with a custom TLS context.
         *
         * @param dialer the dialer
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder dialer(Dialer dialer) {
            if (dialer == null) {
                throw new IllegalArgumentException("dialer must not be null");
            }
            this.dialer = dialer;
            return this;
        }

        /**
         * Sets the user name, overriding one in the URL.
         *
         * @param username the name, or null to use the URL's
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * Sets the password, overriding one in the URL. It is never logged.
         *
         * @param password the password, or null to use the URL's
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * Sets the protocol version (default MQTT 3.1.1).
         *
         * @param version the version
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder protocolVersion(ProtocolVersion version) {
            if (version == null) {
                throw new IllegalArgumentException("protocolVersion must not be null");
            }
            this.protocolVersion = version;
            return this;
        }

        /**
         * Builds the config.
         *
         * @return the immutable config
         * @throws IllegalArgumentException if the broker URL is malformed or a password is set
         *     without a user name
         */
        public Config build() {
            Config config = new Config(this);
            if (config.password() != null && config.username() == null) {
                throw new IllegalArgumentException("password requires a username (MQTT 3.1.1 section 3.1.2.9)");
            }
            Objects.requireNonNull(config.dialer());
            return config;
        }
    }
}
