package dev.mqttj.packet;

import java.util.List;
import java.util.Objects;

/**
 * The SUBACK packet: the granted QoS, or {@link #FAILURE}, for each subscription of a SUBSCRIBE, in order.
 *
 * @param id the packet id of the SUBSCRIBE, 1..65535
 * @param returnCodes at least one code, each 0, 1, 2 or {@link #FAILURE}; copied into an unmodifiable list
 */
public record Suback(int id, List<Integer> returnCodes) implements IdentifiedPacket {
    /** The return code of a refused subscription. */
    public static final int FAILURE = 0x80;

    /**
     * Validates and creates a SUBACK.
     *
     * @param id the packet id of the SUBSCRIBE, 1..65535
     * @param returnCodes at least one code, each 0, 1, 2 or {@link #FAILURE}; copied into an unmodifiable list
     * @throws NullPointerException if the list or an entry is null
     * @throws IllegalArgumentException if the id is not 1..65535, the list is empty or too long, or a code is
     *     not 0, 1, 2 or 0x80
     */
    public Suback {
        PacketIds.check("SUBACK", id);
        Objects.requireNonNull(returnCodes, "SUBACK: return codes must not be null");
        returnCodes = List.copyOf(returnCodes);
        if (returnCodes.isEmpty()) {
            throw new IllegalArgumentException("SUBACK: return codes must have at least one entry");
        }
        if (returnCodes.size() > RemainingLength.MAX - 2) {
            throw new IllegalArgumentException("SUBACK: return codes make the packet longer than "
                    + RemainingLength.MAX + " bytes");
        }
        for (int code : returnCodes) {
            if (!isValidCode(code)) {
                throw new IllegalArgumentException("SUBACK: return code must be 0, 1, 2 or 0x80 but was " + code);
            }
        }
    }

    static boolean isValidCode(int code) {
        return (code >= 0 && code <= 2) || code == FAILURE;
    }

    /**
     * Returns {@link PacketType#SUBACK}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
