package dev.mqttj.packet;

import dev.mqttj.internal.MqttStrings;

import java.util.Arrays;
import java.util.Objects;

/**
 * The CONNECT packet a client sends first.
 *
 * <p>The password array is not copied. {@link #toString()} never shows the password; {@link #equals} compares
 * its content.
 *
 * <p>A final class rather than a record: the packet decoder checks the strings on their bytes while it reads
 * them, and a record's constructor would check them a second time.
 */
public final class Connect implements Packet {

    /** Longest client id MQTT 3.1 allows. */
    static final int MQTT_3_1_MAX_CLIENT_ID = 23;

    private final ProtocolVersion version;
    private final String clientId;
    private final int keepAlive;
    private final boolean cleanSession;
    private final Message will;
    private final String username;
    private final byte[] password;

    /**
     * Validates and creates a CONNECT.
     *
     * @param version the protocol version
     * @param clientId the client identifier; empty only with a clean session (3.1.1), 1..23 chars in 3.1
     * @param keepAlive the keep-alive interval in seconds, 0..65535 (0 turns keep-alive off)
     * @param cleanSession whether the broker should discard any previous session
     * @param will the will message, or null for none; its payload is at most 65535 bytes
     * @param username the user name, or null for none
     * @param password the password, or null for none; at most 65535 bytes and only together with a user name
     * @throws NullPointerException if {@code version} or {@code clientId} is null
     * @throws IllegalArgumentException if a field breaks the rules above
     */
    public Connect(ProtocolVersion version, String clientId, int keepAlive, boolean cleanSession, Message will,
            String username, byte[] password) {
        this(validClientId(version, clientId, keepAlive, cleanSession, will, username, password), username, version,
                keepAlive, cleanSession, will, password);
    }

    /** Checks every field of the public constructor; returns the client id, or throws what it documents. */
    private static String validClientId(ProtocolVersion version, String clientId, int keepAlive, boolean cleanSession,
            Message will, String username, byte[] password) {
        Objects.requireNonNull(version, "CONNECT: protocol version must not be null");
        Objects.requireNonNull(clientId, "CONNECT: client id must not be null");
        String problem = clientIdProblem(version, clientId, cleanSession);
        if (problem == null) {
            problem = otherProblem(keepAlive, will, username, password);
        }
        if (problem != null) {
            throw new IllegalArgumentException("CONNECT: " + problem);
        }
        return clientId;
    }

    /**
     * Stores checked fields: for the public constructor once it has checked them, and for the decoder, which
     * has checked them on the wire bytes. The order of the first parameters only tells it apart from the
     * public one.
     */
    private Connect(String clientId, String username, ProtocolVersion version, int keepAlive,
            boolean cleanSession, Message will, byte[] password) {
        this.version = version;
        this.clientId = clientId;
        this.keepAlive = keepAlive;
        this.cleanSession = cleanSession;
        this.will = will;
        this.username = username;
        this.password = password;
    }

    /**
     * Creates a CONNECT from fields the decoder has checked: strings that are valid MQTT strings, a client id
     * that passed {@link #clientIdShapeProblem}, and flags that pair a password with a username.
     */
    static Connect checked(ProtocolVersion version, String clientId, int keepAlive, boolean cleanSession,
            Message will, String username, byte[] password) {
        return new Connect(clientId, username, version, keepAlive, cleanSession, will, password);
    }

    /** Returns why the client id is invalid for this version and session flag, or null. */
    static String clientIdProblem(ProtocolVersion version, String clientId, boolean cleanSession) {
        String problem = MqttStrings.problem(clientId);
        if (problem != null) {
            return "client id " + problem;
        }
        return clientIdShapeProblem(version, clientId, cleanSession);
    }

    /** Returns why a client id that is a valid MQTT string is still invalid for this version and flag, or null. */
    static String clientIdShapeProblem(ProtocolVersion version, String clientId, boolean cleanSession) {
        if (version == ProtocolVersion.MQTT_3_1) {
            if (clientId.isEmpty() || clientId.length() > MQTT_3_1_MAX_CLIENT_ID) {
                return "client id must be 1..23 characters in MQTT 3.1 but was " + clientId.length();
            }
        } else if (clientId.isEmpty() && !cleanSession) {
            return "client id must not be empty without clean session";
        }
        return null;
    }

    private static String otherProblem(int keepAlive, Message will, String username, byte[] password) {
        if (keepAlive < 0 || keepAlive > 65535) {
            return "keep alive must be 0..65535 but was " + keepAlive;
        }
        if (will != null && will.payload().length > Utf8.MAX_STRING_BYTES) {
            return "will payload must be at most 65535 bytes but was " + will.payload().length;
        }
        if (username != null) {
            String problem = MqttStrings.problem(username);
            if (problem != null) {
                return "username " + problem;
            }
        }
        if (password != null) {
            if (username == null) {
                return "password must not be set without a username";
            }
            if (password.length > Utf8.MAX_STRING_BYTES) {
                return "password must be at most 65535 bytes but was " + password.length;
            }
        }
        return null;
    }

    /**
     * Returns the protocol version.
     *
     * @return MQTT 3.1.1 or 3.1
     */
    public ProtocolVersion version() {
        return version;
    }

    /**
     * Returns the client identifier.
     *
     * @return the client id, possibly empty
     */
    public String clientId() {
        return clientId;
    }

    /**
     * Returns the keep-alive interval in seconds.
     *
     * @return 0..65535, 0 meaning off
     */
    public int keepAlive() {
        return keepAlive;
    }

    /**
     * Returns whether the broker should discard any previous session.
     *
     * @return the clean session flag
     */
    public boolean cleanSession() {
        return cleanSession;
    }

    /**
     * Returns the will message.
     *
     * @return the will, or null for none
     */
    public Message will() {
        return will;
    }

    /**
     * Returns the user name.
     *
     * @return the user name, or null for none
     */
    public String username() {
        return username;
    }

    /**
     * Returns the password array itself, not a copy.
     *
     * @return the password, or null for none
     */
    public byte[] password() {
        return password;
    }

    /**
     * Returns {@link PacketType#CONNECT}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }

    /**
     * Compares all fields, the password by content.
     *
     * @return whether {@code o} is an equal CONNECT
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Connect c && version == c.version && clientId.equals(c.clientId)
                && keepAlive == c.keepAlive && cleanSession == c.cleanSession && Objects.equals(will, c.will)
                && Objects.equals(username, c.username) && Arrays.equals(password, c.password);
    }

    /**
     * Returns a hash code over all fields, the password by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(version, clientId, keepAlive, cleanSession, will, username)
                * 31 + Arrays.hashCode(password);
    }

    /**
     * Shows every field except the password, which appears as {@code password=****} when set.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "Connect[version=" + version + ", clientId=" + clientId + ", keepAlive=" + keepAlive
                + ", cleanSession=" + cleanSession + ", will=" + will + ", username=" + username
                + (password != null ? ", password=****]" : "]");
    }
}
