package dev.mqttj.client;

import java.util.List;

/**
 * Returned by the subscribe methods: completes with a {@link SubscribeResult} when the broker's
 * SUBACK arrived.
 */
public interface SubscribeFuture extends GenericFuture<SubscribeResult> {

    /**
     * Returns the raw SUBACK return codes (gomqtt's {@code ReturnCodes}); {@link SubscribeResult}
     * gives the same as {@link GrantedQos} values.
     *
     * @return the granted QoS per requested subscription in request order, {@code 0x80} for a refused
     *     one; an empty list when no SUBACK arrived
     */
    List<Integer> returnCodes();
}
