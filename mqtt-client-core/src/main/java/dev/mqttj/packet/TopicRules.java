package dev.mqttj.packet;

/**
 * Topic name and topic filter rules of MQTT 3.1.1 section 4.7. Each method returns why the argument is
 * invalid (to be read after the field name, e.g. "contains wildcard '+'"), or null when it is valid.
 */
final class TopicRules {
    private TopicRules() {
    }

    /** Returns why {@code topic} is not a valid topic name, or null. */
    static String nameProblem(String topic) {
        if (topic.isEmpty()) {
            return "must not be empty";
        }
        for (int i = 0, n = topic.length(); i < n; i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return "contains wildcard '" + c + "'";
            }
        }
        return Utf8.problem(topic);
    }

    /** Returns why {@code filter} is not a valid topic filter, or null. */
    static String filterProblem(String filter) {
        if (filter.isEmpty()) {
            return "must not be empty";
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
            boolean levelEnd = i == n - 1 || filter.charAt(i + 1) == '/';
            if (c == '+' && !(levelStart && levelEnd)) {
                return "has '+' at index " + i + " that does not fill a whole level";
            }
            if (c == '#' && !(levelStart && i == n - 1)) {
                return "has '#' at index " + i + " that is not a whole last level";
            }
        }
        return Utf8.problem(filter);
    }
}
