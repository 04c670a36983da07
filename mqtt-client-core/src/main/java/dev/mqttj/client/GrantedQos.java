package dev.mqttj.client;

/**
 * What a broker granted for one requested subscription: the maximum QoS it will deliver with, or
 * {@link #FAILURE} when it refused the subscription (SUBACK return code {@code 0x80}).
 */
public enum GrantedQos {
    /** Granted at QoS 0 (return code {@code 0x00}). */
    AT_MOST_ONCE(0x00),
    /** Granted at QoS 1 (return code {@code 0x01}). */
    AT_LEAST_ONCE(0x01),
    /** Granted at QoS 2 (return code {@code 0x02}). */
    EXACTLY_ONCE(0x02),
    /** Refused by the broker (return code {@code 0x80}). */
    FAILURE(0x80);

    private final int code;

    GrantedQos(int code) {
        this.code = code;
    }

    /**
     * Maps a SUBACK return code.
     *
     * @param returnCode {@code 0x00}, {@code 0x01}, {@code 0x02} or {@code 0x80}
     * @return the matching constant
     * @throws IllegalArgumentException for any other value, which MQTT 3.1.1 does not allow
     */
    public static GrantedQos of(int returnCode) {
        switch (returnCode) {
            case 0x00:
                return AT_MOST_ONCE;
            case 0x01:
                return AT_LEAST_ONCE;
            case 0x02:
                return EXACTLY_ONCE;
            case 0x80:
                return FAILURE;
            default:
                throw new IllegalArgumentException("SUBACK return code must be 0x00, 0x01, 0x02 or 0x80 but was 0x"
                        + Integer.toHexString(returnCode));
        }
    }

    /**
     * Returns the SUBACK return code.
     *
     * @return {@code 0x00}, {@code 0x01}, {@code 0x02} or {@code 0x80}
     */
    public int returnCode() {
        return code;
    }

    /**
     * Tells whether the broker refused the subscription.
     *
     * @return true for {@link #FAILURE}
     */
    public boolean isFailure() {
        return this == FAILURE;
    }

    /**
     * Returns the granted QoS.
     *
     * @return 0, 1 or 2
     * @throws IllegalStateException for {@link #FAILURE}, which grants nothing
     */
    public int qos() {
        if (this == FAILURE) {
            throw new IllegalStateException("a refused subscription has no granted QoS");
        }
        return code;
    }
}
