package dev.mqttj.spring.listener;

import dev.mqttj.topic.SharedSubscription;
import dev.mqttj.topic.Topics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A listener's topic filter in which whole levels may be named variables, {@code sensors/{id}/temperature}:
 * each variable subscribes as {@code +}, and the level it matched is read from a received topic by its index,
 * without a regular expression.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicTemplate {

    private final String template;
    private final String filter;
    private final Map<String, Integer> variables;

    private TopicTemplate(String template, String filter, Map<String, Integer> variables) {
        this.template = template;
        this.filter = filter;
        this.variables = variables;
    }

    /**
     * Parses a filter with optional {@code {name}} levels and, if a group is given, makes it a shared
     * subscription.
     *
     * @param template the filter as written, e.g. {@code sensors/{id}/temperature} or {@code $share/g/a/+}
     * @param group the shared subscription group, or null or empty for none
     * @return the parsed template
     * @throws NullPointerException if template is null
     * @throws IllegalArgumentException if a level holds a brace without being a whole {@code {name}} level, a
     *     name repeats or is not a Java identifier, the result is not a valid MQTT filter, or the template is
     *     already shared while a group is given; the message names the problem
     */
    public static TopicTemplate parse(String template, String group) {
        Objects.requireNonNull(template, "template");
        boolean grouped = group != null && !group.isEmpty();
        if (grouped && template.startsWith("$share/")) {
            throw new IllegalArgumentException("topic '" + template + "' is already a shared subscription while the"
                    + " listener's group is '" + group + "'; use one of them");
        }
        int innerStart = innerStart(template);
        StringBuilder filter = new StringBuilder(template.length());
        filter.append(template, 0, innerStart);
        Map<String, Integer> variables = new LinkedHashMap<>();
        int level = 0;
        int start = innerStart;
        while (true) {
            int end = template.indexOf('/', start);
            String part = end < 0 ? template.substring(start) : template.substring(start, end);
            filter.append(variableLevel(template, part, level, variables));
            if (end < 0) {
                break;
            }
            filter.append('/');
            start = end + 1;
            level++;
        }
        String result = filter.toString();
        try {
            if (grouped) {
                result = new SharedSubscription(group, result).toFilter();
            } else {
                Topics.checkFilter(result);
            }
        } catch (IllegalArgumentException e) {
            // The core names the problem and its index; the listener's message must also name the filter.
            throw new IllegalArgumentException("'" + template + "': " + e.getMessage(), e);
        }
        return new TopicTemplate(template, result, Collections.unmodifiableMap(variables));
    }

    /** The index of the first level of the filter proper: after {@code $share/group/} when shared. */
    private static int innerStart(String template) {
        if (!template.startsWith("$share/")) {
            return 0;
        }
        int groupEnd = template.indexOf('/', "$share/".length());
        if (groupEnd < 0) {
            throw new IllegalArgumentException("shared subscription '" + template + "' has no filter after its group");
        }
        return groupEnd + 1;
    }

    private static String variableLevel(String template, String part, int level, Map<String, Integer> variables) {
        boolean opens = part.indexOf('{') >= 0;
        boolean closes = part.indexOf('}') >= 0;
        if (!opens && !closes) {
            return part;
        }
        String name = part.length() > 2 && part.charAt(0) == '{' && part.charAt(part.length() - 1) == '}'
                ? part.substring(1, part.length() - 1) : null;
        if (name == null || !isIdentifier(name)) {
            throw new IllegalArgumentException("topic '" + template + "': level '" + part
                    + "' must be a whole level '{name}' with a Java identifier as name");
        }
        if (variables.putIfAbsent(name, level) != null) {
            throw new IllegalArgumentException("topic '" + template + "': variable '{" + name + "}' appears twice");
        }
        return "+";
    }

    private static boolean isIdentifier(String name) {
        if (!Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the template as written.
     *
     * @return the template
     */
    public String template() {
        return template;
    }

    /**
     * Returns the MQTT filter to subscribe with: variables replaced by {@code +}, shared if a group was given.
     *
     * @return a valid topic filter
     */
    public String filter() {
        return filter;
    }

    /**
     * Returns the names of the variables.
     *
     * @return the names in the order they appear
     */
    public Set<String> variables() {
        return variables.keySet();
    }

    /**
     * Returns the level index of a variable, counted from the first level of the topic.
     *
     * @param name the variable's name
     * @return the index, or -1 if the template has no such variable
     */
    public int levelOf(String name) {
        Integer index = variables.get(name);
        return index == null ? -1 : index;
    }

    /**
     * Returns one level of a topic name.
     *
     * @param topic a topic name that this template's filter matched
     * @param index the level index, from {@link #levelOf(String)}
     * @return the level's text, possibly empty
     * @throws IllegalArgumentException if the topic has fewer levels
     */
    public static String level(String topic, int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start = topic.indexOf('/', start) + 1;
            if (start == 0) {
                throw new IllegalArgumentException("topic '" + topic + "' has no level " + index);
            }
        }
        int end = topic.indexOf('/', start);
        return end < 0 ? topic.substring(start) : topic.substring(start, end);
    }

    /**
     * Describes the template.
     *
     * @return the template as written
     */
    @Override
    public String toString() {
        return template;
    }
}
