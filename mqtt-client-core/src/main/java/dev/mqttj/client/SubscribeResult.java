package dev.mqttj.client;

import dev.mqttj.packet.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's answer to SUBSCRIBE, the result of a completed {@link SubscribeFuture}: what it
 * granted for each requested subscription, in request order.
 *
 * @param subscriptions the requested subscriptions, in request order
 * @param grantedQos what the broker granted for each, in the same order
 */
public record SubscribeResult(List<Subscription> subscriptions, List<GrantedQos> grantedQos) {

    /**
     * Checks that both lists are present and equally long, and copies them.
     *
     * @param subscriptions the requested subscriptions, in request order
     * @param grantedQos what the broker granted for each, in the same order
     * @throws NullPointerException if a list or an element is null
     * @throws IllegalArgumentException if the lists differ in length
     */
    public SubscribeResult {
        subscriptions = List.copyOf(subscriptions);
        grantedQos = List.copyOf(grantedQos);
        if (subscriptions.size() != grantedQos.size()) {
            throw new IllegalArgumentException("SUBACK has " + grantedQos.size() + " return codes for "
                    + subscriptions.size() + " subscriptions");
        }
    }

    /**
     * Tells whether the broker granted every subscription, possibly at a lower QoS than asked.
     *
     * @return false if any subscription was refused
     */
    public boolean allGranted() {
        return !grantedQos.contains(GrantedQos.FAILURE);
    }

    /**
     * Returns the subscriptions the broker refused.
     *
     * @return the refused subscriptions in request order; empty when all were granted
     */
    public List<Subscription> refused() {
        List<Subscription> refused = new ArrayList<>();
        for (int i = 0; i < grantedQos.size(); i++) {
            if (grantedQos.get(i).isFailure()) {
                refused.add(subscriptions.get(i));
            }
        }
        return refused;
    }
}
