package dev.mqttj.client;

import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records a {@link Service}'s callbacks as one ordered list of short strings, so tests can assert on
 * the interleaving of errors, online/offline transitions and messages rather than on each alone.
 *
 * <p>Entries: {@code online(RESUMED)}, {@code offline}, {@code error:SimpleClassName} and
 * {@code message:TOPIC:PAYLOAD}. Tests may add their own markers (a fake broker's flow can, for
 * example) to place broker-side events in the same order.
 */
final class ServiceEvents {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    /**
     * Installs recording callbacks on {@code service}; {@code onMessage} runs after a message is
     * recorded and may throw to refuse it.
     */
    static ServiceEvents attach(Service service, MessageCallback onMessage) {
        ServiceEvents recorder = new ServiceEvents();
        service.setOnlineCallback(resumed -> recorder.add("online(" + resumed + ")"));
        service.setOfflineCallback(() -> recorder.add("offline"));
        service.setErrorCallback(error -> {
            recorder.errors.add(error);
            recorder.add("error:" + error.getClass().getSimpleName());
        });
        service.setMessageCallback(message -> {
            recorder.messages.add(message);
            recorder.add("message:" + message.topic() + ":" + message.payloadAsString());
            if (onMessage != null) {
                onMessage.message(message);
            }
        });
        return recorder;
    }

    static ServiceEvents attach(Service service) {
        return attach(service, null);
    }

    void add(String event) {
        events.add(event);
    }

    List<String> list() {
        return new ArrayList<>(events);
    }

    List<Throwable> errors() {
        return new ArrayList<>(errors);
    }

    List<Message> messages() {
        return new ArrayList<>(messages);
    }

    long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }

    /** Waits until at least {@code n} events start with {@code prefix}. */
    void awaitCount(String prefix, long n) {
        await().atMost(WAIT).until(() -> count(prefix) >= n);
    }

    void awaitError(Predicate<Throwable> matcher) {
        await().atMost(WAIT).until(() -> errors.stream().anyMatch(matcher));
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
