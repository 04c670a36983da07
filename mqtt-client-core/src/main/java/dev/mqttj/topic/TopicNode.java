package dev.mqttj.topic;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One immutable level of a {@link TopicTree}: the literal children, the {@code '+'} child, the filters that end
 * here and the filters that end with {@code '#'} right below here. Changes return new nodes (path copying), so a
 * reader holding a root sees one consistent tree for as long as it walks it.
 */
final class TopicNode<V> {

    /** The values of one filter; the filter string is kept because shared filters share a path. */
    static final class FilterValues {
        final String filter;
        final Object[] values;

        FilterValues(String filter, Object[] values) {
            this.filter = filter;
            this.values = values;
        }

        boolean contains(Object value) {
            for (Object v : values) {
                if (v.equals(value)) {
                    return true;
                }
            }
            return false;
        }

        /** Returns these values plus one. */
        FilterValues plus(Object value) {
            Object[] more = Arrays.copyOf(values, values.length + 1);
            more[values.length] = value;
            return new FilterValues(filter, more);
        }

        /** Returns these values minus one, or null if that leaves none. */
        FilterValues minus(Object value) {
            if (values.length == 1) {
                return null;
            }
            Object[] fewer = new Object[values.length - 1];
            int n = 0;
            for (Object v : values) {
                if (!v.equals(value)) {
                    fewer[n++] = v;
                }
            }
            return new FilterValues(filter, fewer);
        }
    }

    private static final FilterValues[] NONE = new FilterValues[0];

    @SuppressWarnings("rawtypes")
    private static final TopicNode EMPTY = new TopicNode<>(LevelTable.empty(), null, NONE, NONE);

    final LevelTable<V> children;
    /** The child for a {@code '+'} level, or null. */
    final TopicNode<V> singleLevel;
    /** Filters that end at this node. */
    final FilterValues[] exact;
    /** Filters that end with {@code '#'} right below this node: they match this level and everything under it. */
    final FilterValues[] multiLevel;

    private TopicNode(LevelTable<V> children, TopicNode<V> singleLevel, FilterValues[] exact,
            FilterValues[] multiLevel) {
        this.children = children;
        this.singleLevel = singleLevel;
        this.exact = exact;
        this.multiLevel = multiLevel;
    }

    @SuppressWarnings("unchecked")
    static <V> TopicNode<V> empty() {
        return EMPTY;
    }

    boolean isEmpty() {
        return children.size() == 0 && singleLevel == null && exact.length == 0 && multiLevel.length == 0;
    }

    /**
     * Calls the action for every value of every filter below this node that matches the topic from
     * {@code levelStart} on. {@code levelStart > topic.length()} means the topic has no levels left.
     * Recursion depth is bounded by the depth of the tree, not by the number of levels in the topic.
     *
     * @param firstLevelOfDollarTopic true at the root for a topic starting with '$', which wildcards skip
     */
    void forEachMatch(String topic, int levelStart, boolean firstLevelOfDollarTopic, Consumer<? super V> action) {
        if (!firstLevelOfDollarTopic) {
            emit(multiLevel, action);
        }
        int length = topic.length();
        if (levelStart > length) {
            emit(exact, action);
            return;
        }
        int levelEnd = topic.indexOf(Topics.SEPARATOR, levelStart);
        if (levelEnd < 0) {
            levelEnd = length;
        }
        if (singleLevel != null && !firstLevelOfDollarTopic) {
            singleLevel.forEachMatch(topic, levelEnd + 1, false, action);
        }
        TopicNode<V> child = children.get(topic, levelStart, levelEnd);
        if (child != null) {
            child.forEachMatch(topic, levelEnd + 1, false, action);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> void emit(FilterValues[] filters, Consumer<? super V> action) {
        for (FilterValues filter : filters) {
            for (Object value : filter.values) {
                action.accept((V) value);
            }
        }
    }

    /** Returns the values of a filter stored in this node, or null. */
    FilterValues find(String filter, boolean endsWithMultiLevel) {
        for (FilterValues f : endsWithMultiLevel ? multiLevel : exact) {
            if (f.filter.equals(filter)) {
                return f;
            }
        }
        return null;
    }

    /** Returns a node whose entry for the filter is replaced by {@code values}, or removed if that is null. */
    TopicNode<V> withFilter(String filter, boolean endsWithMultiLevel, FilterValues values) {
        if (endsWithMultiLevel) {
            return new TopicNode<>(children, singleLevel, exact, replace(multiLevel, filter, values));
        }
        return new TopicNode<>(children, singleLevel, replace(exact, filter, values), multiLevel);
    }

    /** Returns a node with the child for a literal level replaced, or removed if it is null. */
    TopicNode<V> withChild(String level, TopicNode<V> child) {
        return new TopicNode<>(children.with(level, child), singleLevel, exact, multiLevel);
    }

    /** Returns a node with the {@code '+'} child replaced, or removed if it is null. */
    TopicNode<V> withSingleLevel(TopicNode<V> child) {
        return new TopicNode<>(children, child, exact, multiLevel);
    }

    private static FilterValues[] replace(FilterValues[] filters, String filter, FilterValues values) {
        FilterValues[] result = new FilterValues[filters.length + 1];
        int n = 0;
        for (FilterValues f : filters) {
            if (!f.filter.equals(filter)) {
                result[n++] = f;
            }
        }
        if (values != null) {
            result[n++] = values;
        }
        return n == 0 ? NONE : Arrays.copyOf(result, n);
    }
}
