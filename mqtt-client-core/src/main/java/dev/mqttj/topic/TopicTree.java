package dev.mqttj.topic;

import dev.mqttj.topic.TopicNode.FilterValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A thread-safe tree of topic filters to values, for routing topics to everything that subscribed.
 *
 * <p>Each filter may hold several values; a value equal to one the filter already holds is kept once. A shared
 * filter ({@code $share/group/filter}) is stored under its own string and matched by its inner filter, so
 * {@code "a/+"} and {@code "$share/g/a/+"} are two filters that match the same topics.
 *
 * <p>Thread contract: every method may be called from any thread at any time. Matching
 * ({@link #forEachMatch}, {@link #match}) and the other read methods never block and never allocate per
 * call beyond their result: they read one immutable snapshot of the tree through a volatile field and see
 * every change completed before they started and none that completed after. Changes ({@link #add},
 * {@link #remove}, {@link #removeAll}, {@link #clear}) copy the path they change, publish a new snapshot and
 * are serialized with each other; they are meant to be rare compared with matching. So a walk that started
 * before a value was removed may still pass that value to its action.
 *
 * <p>Filters are validated when they are added. Topics passed to the match methods are not validated beyond a
 * null check, so that routing a received message costs no more than the walk: a topic that is not a valid
 * topic name (say one containing {@code '+'}) is matched literally.
 *
 * @param <V> the type of the values, compared with {@link Object#equals(Object)}
 */
public final class TopicTree<V> {

    /** An immutable tree and the number of (filter, value) pairs in it, published together. */
    private static final class Snapshot<V> {
        final TopicNode<V> root;
        final int size;

        Snapshot(TopicNode<V> root, int size) {
            this.root = root;
            this.size = size;
        }
    }

    private final Object writeLock = new Object();
    private volatile Snapshot<V> snapshot = new Snapshot<>(TopicNode.empty(), 0);

    /** Creates an empty tree. */
    public TopicTree() {
    }

    /**
     * Adds a value to a filter. Adding a value the filter already holds changes nothing.
     *
     * @param filter a topic filter, shared or not
     * @param value the value to return for topics the filter matches
     * @throws NullPointerException if value is null
     * @throws IllegalArgumentException if the filter is not valid (see {@link Topics#checkFilter(String)})
     */
    public void add(String filter, V value) {
        Topics.checkFilter(filter);
        Objects.requireNonNull(value, "value");
        FilterPath path = FilterPath.of(filter);
        synchronized (writeLock) {
            Snapshot<V> current = snapshot;
            FilterValues existing = find(current.root, path);
            if (existing != null && existing.contains(value)) {
                return;
            }
            FilterValues updated = existing == null ? new FilterValues(filter, new Object[] {value}) : existing.plus(value);
            snapshot = new Snapshot<>(replace(current.root, path, 0, updated), current.size + 1);
        }
    }

    /**
     * Removes a value from a filter.
     *
     * @param filter the topic filter the value was added with
     * @param value the value to remove
     * @return true if the filter held the value
     * @throws NullPointerException if an argument is null
     */
    public boolean remove(String filter, V value) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(value, "value");
        FilterPath path = FilterPath.of(filter);
        synchronized (writeLock) {
            Snapshot<V> current = snapshot;
            FilterValues existing = find(current.root, path);
            if (existing == null || !existing.contains(value)) {
                return false;
            }
            snapshot = new Snapshot<>(replace(current.root, path, 0, existing.minus(value)), current.size - 1);
            return true;
        }
    }

    /**
     * Removes a filter with all its values.
     *
     * @param filter the topic filter to remove
     * @return true if the tree held the filter
     * @throws NullPointerException if filter is null
     */
    public boolean removeAll(String filter) {
        Objects.requireNonNull(filter, "filter");
        FilterPath path = FilterPath.of(filter);
        synchronized (writeLock) {
            Snapshot<V> current = snapshot;
            FilterValues existing = find(current.root, path);
            if (existing == null) {
                return false;
            }
            snapshot = new Snapshot<>(replace(current.root, path, 0, null), current.size - existing.values.length);
            return true;
        }
    }

    /** Removes every filter. */
    public void clear() {
        synchronized (writeLock) {
            snapshot = new Snapshot<>(TopicNode.empty(), 0);
        }
    }

    /**
     * Calls the action once for every (filter, value) pair whose filter matches the topic; a value held by
     * several matching filters is passed once per filter. The order is unspecified. Does not allocate.
     *
     * <p>The action runs on the calling thread while the tree is walked; it may change the tree, which does not
     * affect the walk in progress. An exception thrown by the action ends the walk and propagates.
     *
     * @param topic a topic name; not validated (see the class description)
     * @param action called with each matching value
     * @throws NullPointerException if an argument is null
     */
    public void forEachMatch(String topic, Consumer<? super V> action) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(action, "action");
        snapshot.root.forEachMatch(topic, 0, Topics.startsWithDollar(topic), action);
    }

    /**
     * Returns the distinct values of every filter that matches the topic.
     *
     * @param topic a topic name; not validated (see the class description)
     * @return an unmodifiable list of distinct values, in no particular order; empty if nothing matches
     * @throws NullPointerException if topic is null
     */
    public List<V> match(String topic) {
        Set<V> values = new LinkedHashSet<>();
        forEachMatch(topic, values::add);
        return List.copyOf(values);
    }

    /**
     * Tells whether the tree holds no filter.
     *
     * @return true if no filter holds a value
     */
    public boolean isEmpty() {
        return snapshot.size == 0;
    }

    /**
     * Returns the number of (filter, value) pairs.
     *
     * @return the number of values summed over all filters
     */
    public int size() {
        return snapshot.size;
    }

    /**
     * Returns the filters that hold at least one value.
     *
     * @return an unmodifiable, sorted copy of the filters as they were added
     */
    public Set<String> filters() {
        Set<String> filters = new TreeSet<>();
        collectFilters(snapshot.root, filters);
        return Collections.unmodifiableSet(filters);
    }

    /**
     * Describes the tree for debugging.
     *
     * @return "TopicTree" followed by the sorted filters
     */
    @Override
    public String toString() {
        return "TopicTree" + filters();
    }

    /** The current root node; for tests that check the shape of the tree. */
    TopicNode<V> root() {
        return snapshot.root;
    }

    private static <V> void collectFilters(TopicNode<V> node, Set<String> filters) {
        for (FilterValues f : node.exact) {
            filters.add(f.filter);
        }
        for (FilterValues f : node.multiLevel) {
            filters.add(f.filter);
        }
        if (node.singleLevel != null) {
            collectFilters(node.singleLevel, filters);
        }
        node.children.forEach((level, child) -> collectFilters(child, filters));
    }

    private static <V> FilterValues find(TopicNode<V> root, FilterPath path) {
        TopicNode<V> node = root;
        for (String level : path.levels) {
            node = path.isSingleLevelWildcard(level) ? node.singleLevel : node.children.get(level);
            if (node == null) {
                return null;
            }
        }
        return node.find(path.filter, path.endsWithMultiLevel);
    }

    /** Copies the path to the filter's node with the filter's entry replaced by {@code values} (removed if null). */
    private static <V> TopicNode<V> replace(TopicNode<V> node, FilterPath path, int depth, FilterValues values) {
        if (depth == path.levels.size()) {
            return node.withFilter(path.filter, path.endsWithMultiLevel, values);
        }
        String level = path.levels.get(depth);
        boolean wildcard = path.isSingleLevelWildcard(level);
        TopicNode<V> child = wildcard ? node.singleLevel : node.children.get(level);
        TopicNode<V> newChild = replace(child == null ? TopicNode.empty() : child, path, depth + 1, values);
        if (newChild.isEmpty()) {
            newChild = null;
        }
        return wildcard ? node.withSingleLevel(newChild) : node.withChild(level, newChild);
    }

    /** A filter cut into the levels that lead to its node, without a trailing '#' level. */
    private static final class FilterPath {
        final String filter;
        final List<String> levels;
        final boolean endsWithMultiLevel;

        private FilterPath(String filter, List<String> levels, boolean endsWithMultiLevel) {
            this.filter = filter;
            this.levels = levels;
            this.endsWithMultiLevel = endsWithMultiLevel;
        }

        static FilterPath of(String filter) {
            int start = Math.max(Topics.innerFilterStart(filter), 0);
            List<String> levels = new ArrayList<>();
            while (true) {
                int end = filter.indexOf(Topics.SEPARATOR, start);
                if (end < 0) {
                    levels.add(filter.substring(start));
                    break;
                }
                levels.add(filter.substring(start, end));
                start = end + 1;
            }
            int last = levels.size() - 1;
            boolean multiLevel = levels.get(last).equals("#");
            if (multiLevel) {
                levels.remove(last);
            }
            return new FilterPath(filter, levels, multiLevel);
        }

        boolean isSingleLevelWildcard(String level) {
            return level.equals("+");
        }
    }
}
