package dev.mqttj.client;

import dev.mqttj.packet.ConnackCode;
import java.util.Optional;

/**
 * Returned by {@link Client#connect(Config)}: completes with the broker's {@link ConnectResult} when
 * it accepted the connection, and is canceled when it refused it (the failure is a
 * {@link ClientConnectionDeniedException}) or the connection failed first.
 */
public interface ConnectFuture extends GenericFuture<ConnectResult> {

    /**
     * Tells whether the broker resumed a stored session.
     *
     * @return the CONNACK's session-present flag, or false when no CONNACK arrived
     */
    boolean sessionPresent();

    /**
     * Returns the broker's answer, also when it refused the connection.
     *
     * @return the CONNACK return code, or empty when no CONNACK arrived
     */
    Optional<ConnackCode> returnCode();
}
