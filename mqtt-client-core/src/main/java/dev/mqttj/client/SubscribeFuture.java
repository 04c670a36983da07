package dev.mqttj.client;

import java.util.List;

/**
 * Returned by the subscribe methods: completes when the broker's SUBACK arrived.
 */
public interface SubscribeFuture extends GenericFuture {

    /**
     * Returns the granted QoS per requested subscription, in request order; {@code 0x80} marks a
     * subscription the broker refused.
     *
     * @return the SUBACK return codes, or an empty list when no SUBACK arrived
     */
    List<Integer> returnCodes();
}
