package dev.mqttj.spring.listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the filters the running listeners need into the filters the connection subscribes to, such that no two
 * subscribed filters overlap. MQTT 3.1.1 lets a broker deliver a message once per matching subscription of a
 * client (Mosquitto does), and a PUBLISH does not say which subscription it is for: overlapping subscriptions
 * would make every listener see such a message twice. Two overlapping filters are replaced by the narrowest
 * filter that covers both ({@code a/+/c} and {@code a/b/+} become {@code a/+/+}), subscribed with the higher
 * QoS; the messages the cover adds match no listener and are acknowledged without a call.
 *
 * <p>Shared subscriptions are only merged with shared subscriptions of the same group: merging across groups
 * would change who receives a message. A shared and an ordinary filter that overlap stay both subscribed, and
 * their listeners may see a message twice (a limitation the README states).
 */
final class SubscriptionPlan {

    private static final String SHARE = "$share/";

    private SubscriptionPlan() {
    }

    /**
     * Plans the subscriptions.
     *
     * @param wanted each needed filter with the highest QoS a listener asked for it
     * @return the filters to subscribe with their QoS, none overlapping another of the same share group
     */
    static Map<String, Integer> of(Map<String, Integer> wanted) {
        List<String> filters = new ArrayList<>(wanted.keySet());
        List<Integer> qos = new ArrayList<>(wanted.values());
        boolean merged = true;
        while (merged) {
            merged = false;
            search:
            for (int i = 0; i < filters.size(); i++) {
                for (int j = i + 1; j < filters.size(); j++) {
                    String cover = cover(filters.get(i), filters.get(j));
                    if (cover != null) {
                        int max = Math.max(qos.get(i), qos.get(j));
                        filters.remove(j);
                        qos.remove(j);
                        filters.set(i, cover);
                        qos.set(i, max);
                        merged = true;
                        break search;
                    }
                }
            }
        }
        Map<String, Integer> plan = new LinkedHashMap<>();
        for (int i = 0; i < filters.size(); i++) {
            plan.merge(filters.get(i), qos.get(i), Math::max);
        }
        return plan;
    }

    /**
     * Returns the narrowest filter that matches every topic either filter matches, if the two overlap (some
     * topic matches both) and belong to the same share group; else null.
     */
    static String cover(String a, String b) {
        String prefixA = sharePrefix(a);
        String prefixB = sharePrefix(b);
        if (!prefixA.equals(prefixB)) {
            return null;
        }
        String[] levelsA = a.substring(prefixA.length()).split("/", -1);
        String[] levelsB = b.substring(prefixB.length()).split("/", -1);
        StringBuilder cover = new StringBuilder(prefixA);
        int i = 0;
        for (; i < levelsA.length && i < levelsB.length; i++) {
            String levelA = levelsA[i];
            String levelB = levelsB[i];
            if (i > 0) {
                cover.append('/');
            }
            if (levelA.equals("#") || levelB.equals("#")) {
                // A leading wildcard does not match '$' topics, so it overlaps no literal '$' level.
                return i == 0 && (startsWithDollar(levelA) || startsWithDollar(levelB)) ? null : cover.append('#').toString();
            }
            if (levelA.equals(levelB)) {
                cover.append(levelA);
            } else if (levelA.equals("+") || levelB.equals("+")) {
                if (i == 0 && (startsWithDollar(levelA) || startsWithDollar(levelB))) {
                    return null;
                }
                cover.append('+');
            } else {
                return null;
            }
        }
        if (levelsA.length == levelsB.length) {
            return cover.toString();
        }
        // "a" and "a/#" overlap: '#' also matches its parent level.
        String[] longer = levelsA.length > levelsB.length ? levelsA : levelsB;
        if (longer.length == i + 1 && longer[i].equals("#")) {
            return cover.append("/#").toString();
        }
        return null;
    }

    private static boolean startsWithDollar(String level) {
        return level.startsWith("$");
    }

    private static String sharePrefix(String filter) {
        if (!filter.startsWith(SHARE)) {
            return "";
        }
        return filter.substring(0, filter.indexOf('/', SHARE.length()) + 1);
    }
}
