package dev.mqttj.testing;

import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A scripted conversation a {@link FakeBroker} holds with one client connection, in the style of gomqtt's
 * {@code flow} package: the broker performs the steps in order and fails on the first packet that does not
 * fit.
 *
 * <pre>{@code
 * Flow flow = Flow.create()
 *         .receive(connect).send(connack)
 *         .receive(subscribe).send(suback)
 *         .receiveAny(PacketType.PINGREQ).send(Pingresp.INSTANCE)
 *         .skip(PacketType.PUBLISH)
 *         .end();
 * }</pre>
 *
 * <p>A flow is a mutable builder until a broker starts with it; the broker works on a copy of its steps.
 * A flow without {@link #end()} or {@link #close()} behaves as if it ended with {@link #end()}.
 */
public final class Flow {

    /** What one step does; read by {@link FlowRunner}. */
    enum Kind { RECEIVE, SEND, SEND_RAW, SKIP, RUN, END, CLOSE }

    /** One step; unused fields are null. */
    record Step(Kind kind, String description, Predicate<Packet> matcher, Packet packet, byte[] raw,
                Set<PacketType> skipped, Runnable action) {
    }

    private final String name;
    private final List<Step> steps = new ArrayList<>();
    private boolean terminated;

    private Flow(String name) {
        this.name = name;
    }

    /**
     * Creates an empty flow.
     *
     * @return a new flow named "flow"
     */
    public static Flow create() {
        return new Flow("flow");
    }

    /**
     * Creates an empty flow with a name that failure messages show.
     *
     * @param name a short label such as "first connection"
     * @return a new flow
     */
    public static Flow create(String name) {
        return new Flow(Objects.requireNonNull(name, "name"));
    }

    /**
     * Expects the next packet to equal {@code expected} ({@link Object#equals}).
     *
     * @param expected the packet the client must send next
     * @return this flow
     */
    public Flow receive(Packet expected) {
        Objects.requireNonNull(expected, "expected packet");
        return add(new Step(Kind.RECEIVE, "receive " + expected, expected::equals, null, null, null, null));
    }

    /**
     * Expects the next packet to be of {@code type}, with any content.
     *
     * @param type the packet type the client must send next
     * @return this flow
     */
    public Flow receiveAny(PacketType type) {
        Objects.requireNonNull(type, "type");
        return add(new Step(Kind.RECEIVE, "receive any " + type, packet -> packet.type() == type, null, null, null,
                null));
    }

    /**
     * Expects the next packet to satisfy {@code matcher}.
     *
     * @param matcher the test the next packet must pass
     * @param description what the matcher accepts, shown in failure messages
     * @return this flow
     */
    public Flow receiveMatching(Predicate<Packet> matcher, String description) {
        Objects.requireNonNull(matcher, "matcher");
        return add(new Step(Kind.RECEIVE, "receive " + description, matcher, null, null, null, null));
    }

    /**
     * Ignores packets of {@code types} while waiting in the next receiving step ({@code receive*} or
     * {@link #end()}); several {@code skip} calls in a row add up.
     *
     * @param types the packet types to ignore
     * @return this flow
     */
    public Flow skip(PacketType... types) {
        Set<PacketType> set = EnumSet.noneOf(PacketType.class);
        set.addAll(Arrays.asList(types));
        return add(new Step(Kind.SKIP, "skip " + set, null, null, null, set, null));
    }

    /**
     * Sends {@code packet} to the client, encoded by {@code PacketEncoder}.
     *
     * @param packet the packet to send
     * @return this flow
     */
    public Flow send(Packet packet) {
        Objects.requireNonNull(packet, "packet");
        return add(new Step(Kind.SEND, "send " + packet, null, packet, null, null, null));
    }

    /**
     * Sends bytes as they are, for malformed-input tests.
     *
     * @param bytes the bytes to write (copied)
     * @return this flow
     */
    public Flow sendRaw(byte[] bytes) {
        byte[] copy = bytes.clone();
        return add(new Step(Kind.SEND_RAW, "send raw " + copy.length + " bytes", null, null, copy, null, null));
    }

    /**
     * Runs {@code action} on the connection's thread at this point of the flow; an exception it throws fails
     * the flow.
     *
     * @param action what to do, e.g. count down a latch
     * @return this flow
     */
    public Flow run(Runnable action) {
        Objects.requireNonNull(action, "action");
        return add(new Step(Kind.RUN, "run " + action, null, null, null, null, action));
    }

    /**
     * Ends the flow: the client must send nothing more (except skipped types) and the flow completes when it
     * closes the connection, or when the broker is closed.
     *
     * @return this flow
     */
    public Flow end() {
        add(new Step(Kind.END, "end (client closes)", null, null, null, null, null));
        terminated = true;
        return this;
    }

    /**
     * Ends the flow by closing the connection from the broker's side.
     *
     * @return this flow
     */
    public Flow close() {
        add(new Step(Kind.CLOSE, "close", null, null, null, null, null));
        terminated = true;
        return this;
    }

    private Flow add(Step step) {
        if (terminated) {
            throw new IllegalStateException(name + ": no step may follow end() or close(), got " + step.description());
        }
        steps.add(step);
        return this;
    }

    String name() {
        return name;
    }

    /** The steps to run, ending with an implicit {@link #end()} when the script has no terminal step. */
    List<Step> snapshot() {
        List<Step> copy = new ArrayList<>(steps);
        if (!terminated) {
            copy.add(new Step(Kind.END, "end (client closes)", null, null, null, null, null));
        }
        return copy;
    }

    @Override
    public String toString() {
        return name + steps.stream().map(Step::description).toList();
    }
}
