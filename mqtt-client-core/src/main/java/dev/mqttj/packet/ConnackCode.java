package dev.mqttj.packet;

/** The CONNACK return codes of MQTT 3.1.1 (codes 0..5). */
public enum ConnackCode {
    /** 0: the connection is accepted. */
    ACCEPTED("connection accepted"),
    /** 1: the broker does not support the requested protocol level. */
    UNACCEPTABLE_PROTOCOL_VERSION("unacceptable protocol version"),
    /** 2: the client identifier is correct UTF-8 but not allowed by the broker. */
    IDENTIFIER_REJECTED("identifier rejected"),
    /** 3: the network connection is made but the MQTT service is unavailable. */
    SERVER_UNAVAILABLE("server unavailable"),
    /** 4: the user name or password is malformed. */
    BAD_USERNAME_OR_PASSWORD("bad user name or password"),
    /** 5: the client is not authorized to connect. */
    NOT_AUTHORIZED("not authorized");

    private static final ConnackCode[] BY_CODE = values();

    private final String description;

    ConnackCode(String description) {
        this.description = description;
    }

    /**
     * Returns the wire value of this return code.
     *
     * @return 0..5
     */
    public int code() {
        return ordinal();
    }

    /**
     * Returns a short human-readable description, e.g. "not authorized".
     *
     * @return the description, never null
     */
    public String description() {
        return description;
    }

    /**
     * Returns the return code with the given wire value.
     *
     * @param code the wire value
     * @return the return code
     * @throws IllegalArgumentException if {@code code} is not 0..5
     */
    public static ConnackCode of(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("CONNACK: return code must be 0..5 but was " + code);
        }
        return BY_CODE[code];
    }
}
