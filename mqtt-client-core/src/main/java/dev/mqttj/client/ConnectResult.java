package dev.mqttj.client;

import dev.mqttj.packet.ConnackCode;
import java.util.Objects;

/**
 * The broker's answer to CONNECT, the result of a completed {@link ConnectFuture}.
 *
 * @param sessionPresent whether the broker resumed a stored session (CONNACK session-present flag)
 * @param returnCode the CONNACK return code; {@link ConnackCode#ACCEPTED} for a completed future
 */
public record ConnectResult(boolean sessionPresent, ConnackCode returnCode) {

    /**
     * Checks the fields.
     *
     * @param sessionPresent whether the broker resumed a stored session
     * @param returnCode the CONNACK return code
     * @throws NullPointerException if {@code returnCode} is null
     */
    public ConnectResult {
        Objects.requireNonNull(returnCode, "returnCode");
    }
}
