package dev.mqttj.client;

import dev.mqttj.packet.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The subscriptions a {@link Service} renews after every reconnect: the last QoS asked for each filter,
 * in filter order. Not thread-safe: the service calls it with its lock held.
 */
final class SubscriptionRegistry {

    private final Map<String, Subscription> byFilter = new TreeMap<>();

    /**
     * Remembers subscriptions (the last one for a filter wins).
     *
     * @return what each filter held before this change (null for a new filter), for {@link #restore}
     */
    Map<String, Subscription> remember(List<Subscription> subscriptions) {
        Map<String, Subscription> replaced = new HashMap<>();
        for (Subscription subscription : subscriptions) {
            Subscription previous = byFilter.put(subscription.topicFilter(), subscription);
            replaced.putIfAbsent(subscription.topicFilter(), previous);
        }
        return replaced;
    }

    /**
     * Forgets filters, so they are not renewed.
     *
     * @return the subscriptions removed, by filter, for {@link #restore}
     */
    Map<String, Subscription> forget(List<String> topicFilters) {
        Map<String, Subscription> removed = new HashMap<>();
        for (String filter : topicFilters) {
            Subscription previous = byFilter.remove(filter);
            if (previous != null) {
                removed.put(filter, previous);
            }
        }
        return removed;
    }

    /**
     * Undoes a change whose command never got queued, for each filter still holding the value that change
     * left there: a later change to the same filter wins.
     */
    void restore(Map<String, Subscription> previous, Predicate<Subscription> leftByThisChange) {
        for (Map.Entry<String, Subscription> entry : previous.entrySet()) {
            if (!leftByThisChange.test(byFilter.get(entry.getKey()))) {
                continue;
            }
            if (entry.getValue() == null) {
                byFilter.remove(entry.getKey());
            } else {
                byFilter.put(entry.getKey(), entry.getValue());
            }
        }
    }

    /** Forgets the filters a broker refused: renewing them would be refused again on every reconnect. */
    void forgetRefused(FailedSubscriptionException refused) {
        List<String> filters = refused.topicFilters();
        List<Integer> codes = refused.returnCodes();
        for (int i = 0; i < filters.size() && i < codes.size(); i++) {
            if (codes.get(i) == GrantedQos.FAILURE.returnCode()) {
                byFilter.remove(filters.get(i));
            }
        }
    }

    /** The subscriptions to renew, except those for {@code excluded} filters, in filter order. */
    List<Subscription> toRenew(Set<String> excluded) {
        List<Subscription> renew = new ArrayList<>();
        // forEach, not values(): the map would keep the view object for the service's lifetime.
        byFilter.forEach((filter, subscription) -> {
            if (!excluded.contains(filter)) {
                renew.add(subscription);
            }
        });
        return renew;
    }

    Subscription get(String topicFilter) {
        return byFilter.get(topicFilter);
    }

    int size() {
        return byFilter.size();
    }
}
