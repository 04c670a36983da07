package dev.mqttj.packet;

/**
 * Packet identifier rules. Packet ids are plain {@code int}s: a wrapper object would allocate per message.
 */
public final class PacketIds {
    /** The smallest valid packet id. */
    public static final int MIN = 1;
    /** The largest valid packet id. */
    public static final int MAX = 65535;

    private PacketIds() {
    }

    /**
     * Checks that {@code id} is a valid non-zero packet id.
     *
     * @param packetName the packet named in the exception message, e.g. "SUBSCRIBE"
     * @param id the packet id to check
     * @return {@code id}, for use in assignments
     * @throws IllegalArgumentException if {@code id} is not 1..65535
     */
    public static int check(String packetName, int id) {
        if (id < MIN || id > MAX) {
            throw new IllegalArgumentException(packetName + ": packet id must be 1..65535 but was " + id);
        }
        return id;
    }
}
