package dev.mqttj.client;

import dev.mqttj.packet.ConnackCode;
import java.util.Optional;

/**
 * Returned by {@link Client#connect(Config)}: completes when the broker accepted the connection and
 * is canceled when it refused it or the connection failed first.
 */
public interface ConnectFuture extends GenericFuture {

    /**
     * Tells whether the broker resumed a stored session.
     *
     * @return the CONNACK's session-present flag, or false when no CONNACK arrived
     */
    boolean sessionPresent();

    /**
     * Returns the broker's answer.
     *
     * @return the CONNACK return code, or empty when no CONNACK arrived
     */
    Optional<ConnackCode> returnCode();
}
