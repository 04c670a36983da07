package dev.mqttj.client;

import dev.mqttj.packet.Subscription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link Service}'s commands waiting for a connection, and the subscribes and unsubscribes sent on the
 * current connection but not yet acknowledged, which go back to the head of the queue when the connection
 * ends (the session stores publishes, not these). Bounded by the capacity the service was created with;
 * the service waits for room itself. Not thread-safe: the service calls it with its lock held.
 */
final class CommandQueue {

    private final int capacity;
    private final ArrayDeque<Command> waiting = new ArrayDeque<>(0);
    private final List<Command> unacknowledged = new ArrayList<>();

    CommandQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1 but was " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    boolean isFull() {
        return waiting.size() >= capacity;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }

    void addLast(Command command) {
        waiting.addLast(command);
    }

    /** Puts a command taken with {@link #pollFirst} back, when the connection was gone before it could run. */
    void addFirst(Command command) {
        waiting.addFirst(command);
    }

    Command pollFirst() {
        return waiting.pollFirst();
    }

    /** Records a subscribe or unsubscribe sent on the current connection; completed ones are dropped on the way. */
    void sent(Command command) {
        unacknowledged.removeIf(c -> c.future.isDone());
        unacknowledged.add(command);
    }

    /**
     * Puts the sent but unacknowledged commands back at the head of the queue, in their order, when the
     * connection ended; their futures are untracked from {@code futures} so the next connection tracks them anew.
     */
    void requeueUnacknowledged(FutureStore futures) {
        for (int i = unacknowledged.size() - 1; i >= 0; i--) {
            Command command = unacknowledged.get(i);
            if (!command.future.isDone()) {
                futures.remove(command.future.packetId, command.future);
                waiting.addFirst(command);
            }
        }
        unacknowledged.clear();
    }

    /** Empties the queue for a final stop; returns what waited, whose futures the caller cancels. */
    List<Command> clear() {
        List<Command> dropped = new ArrayList<>(waiting);
        waiting.clear();
        unacknowledged.clear();
        return dropped;
    }

    /** The filters queued SUBSCRIBEs will send anyway, so a resubscription can leave them out. */
    Set<String> queuedSubscribeFilters() {
        Set<String> filters = new HashSet<>();
        for (Command command : waiting) {
            if (command.kind == Command.Kind.SUBSCRIBE) {
                for (Subscription subscription : command.subscriptions) {
                    filters.add(subscription.topicFilter());
                }
            }
        }
        return filters;
    }

    /** The packet ids of queued publishes already stored in the session, which the queue sends itself. */
    Set<Integer> storedPublishIds() {
        Set<Integer> ids = new HashSet<>();
        for (Command command : waiting) {
            if (command.stored != null) {
                ids.add(command.stored.id());
            }
        }
        return ids;
    }
}
