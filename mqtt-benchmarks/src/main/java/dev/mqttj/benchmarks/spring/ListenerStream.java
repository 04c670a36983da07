package dev.mqttj.benchmarks.spring;

import dev.mqttj.benchmarks.e2e.SinkBroker;
import dev.mqttj.client.Client;
import dev.mqttj.client.Config;
import dev.mqttj.client.GenericFuture;
import dev.mqttj.client.MessageCallback;
import dev.mqttj.client.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stream of messages received twice in the same JVM: by the {@link BenchApplication}'s service, whose
 * message handler is the listener dispatcher the auto-configuration installed, and by a plain {@link Service}
 * whose message callback does the same work by hand. A {@link SinkBroker} in this JVM routes every message of
 * a publisher to both, so the two process identical bytes at the same time and their threads' CPU time can be
 * compared message for message.
 *
 * <p>The publisher sends in batches and waits until both receivers have counted a batch before the next, so
 * the broker's buffers stay small and neither receiver runs ahead.
 */
final class ListenerStream implements AutoCloseable {

    static final String SPRING_CLIENT = "spring-listener";
    static final String RAW_TEMPERATURE_CLIENT = "raw-temperature";
    static final String RAW_READING_CLIENT = "raw-reading";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int BATCH = 2_000;
    /** A fixed time, so every run sends the same bytes. */
    private static final long TIMESTAMP = 1_764_748_800_000L;

    /** The two kinds of stream, each received by its own listener and its own raw callback. */
    enum Kind {
        /** {@code sensors/<id>/temperature} with the temperature as text, such as {@code 21.5}. */
        TEMPERATURE,
        /** {@code readings/<id>} with a {@link Reading} as JSON. */
        READING
    }

    private final SinkBroker broker;
    private final ConfigurableApplicationContext context;
    private final SensorListeners listeners;
    private final JsonMapper jsonMapper;
    private final Tally rawTemperatures = new Tally();
    private final Tally rawReadings = new Tally();
    private final Service rawTemperature = new Service();
    private final Service rawReading = new Service();
    private final Client publisher = new Client();
    private final String[][] topics = new String[2][];
    private final byte[][][] payloads = new byte[2][][];
    private long sent;

    private ListenerStream(SinkBroker broker, ConfigurableApplicationContext context, int sensors) {
        this.broker = broker;
        this.context = context;
        this.listeners = context.getBean(SensorListeners.class);
        // The mapper the auto-configured payload converter uses: the raw side parses with the same one.
        this.jsonMapper = context.getBean(JsonMapper.class);
        topics[0] = new String[sensors];
        topics[1] = new String[sensors];
        payloads[0] = new byte[sensors][];
        payloads[1] = new byte[sensors][];
        for (int i = 0; i < sensors; i++) {
            String sensor = "s-" + i;
            double celsius = 15 + (i % 200) / 10.0;
            topics[0][i] = "sensors/" + sensor + "/temperature";
            payloads[0][i] = String.format(Locale.ROOT, "%.1f", celsius).getBytes(StandardCharsets.UTF_8);
            topics[1][i] = "readings/" + sensor;
            payloads[1][i] = jsonMapper.writeValueAsBytes(new Reading(sensor, celsius, TIMESTAMP + i));
        }
    }

    /**
     * Starts the broker, the application, the raw receivers and the publisher.
     *
     * @param sensors how many sensor ids the stream cycles through (one topic each)
     * @return the stream, ready to publish
     * @throws Exception if a part did not start or connect in time
     */
    static ListenerStream start(int sensors) throws Exception {
        SinkBroker broker = SinkBroker.start(0);
        ConfigurableApplicationContext context = null;
        try {
            context = BenchApplication.start(broker.port(), SPRING_CLIENT);
            ListenerStream stream = new ListenerStream(broker, context, sensors);
            stream.connect();
            return stream;
        } catch (Exception | Error e) {
            if (context != null) {
                context.close();
            }
            broker.close();
            throw e;
        }
    }

    private void connect() throws Exception {
        dev.mqttj.spring.listener.MqttListenerEndpointRegistry registry =
                context.getBean(dev.mqttj.spring.listener.MqttListenerEndpointRegistry.class);
        registry.subscriptions().get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        // By hand what the temperature listener gets bound: the topic's second level and the payload as text.
        MessageCallback temperature = message -> {
            String topic = message.topic();
            int start = topic.indexOf('/') + 1;
            rawTemperatures.add(topic.substring(start, topic.indexOf('/', start)),
                    new String(message.payload(), StandardCharsets.UTF_8));
        };
        MessageCallback reading = message -> rawReadings.add(jsonMapper.readValue(message.payload(), Reading.class));
        startRaw(rawTemperature, RAW_TEMPERATURE_CLIENT, temperature, "sensors/+/temperature");
        startRaw(rawReading, RAW_READING_CLIENT, reading, SensorListeners.READING_FILTER);
        publisher.connect(config("stream-publisher")).await(TIMEOUT);
    }

    private void startRaw(Service service, String clientId, MessageCallback callback, String filter)
            throws Exception {
        service.setMessageCallback(callback);
        service.start(config(clientId));
        // The listeners subscribe at QoS 1 (their default), so the raw side does too.
        service.subscribe(filter, 1).await(TIMEOUT);
    }

    private Config config(String clientId) {
        return Config.builder("tcp://127.0.0.1:" + broker.port()).clientId(clientId).maxInflight(1000).build();
    }

    /**
     * Publishes messages of one kind, cycling through the sensors, and waits until both receivers counted them.
     *
     * @param kind what to publish
     * @param count how many
     * @param qos 0 or 1; the receivers get the message at this QoS
     * @throws Exception if the receivers fell silent or a publish failed
     */
    void publish(Kind kind, int count, int qos) throws Exception {
        String[] kindTopics = topics[kind.ordinal()];
        byte[][] kindPayloads = payloads[kind.ordinal()];
        Tally raw = rawTally(kind);
        Tally spring = springTally(kind);
        long rawStart = raw.count();
        long springStart = spring.count();
        for (int done = 0; done < count; ) {
            int batch = Math.min(BATCH, count - done);
            GenericFuture<Void> last = null;
            for (int i = 0; i < batch; i++) {
                int sensor = (int) (sent++ % kindTopics.length);
                last = publisher.publish(kindTopics[sensor], kindPayloads[sensor], qos, false);
            }
            done += batch;
            if (qos > 0) {
                last.await(TIMEOUT);
            }
            awaitCount(raw, rawStart + done);
            awaitCount(spring, springStart + done);
        }
    }

    private static void awaitCount(Tally tally, long expected) throws TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (tally.count() < expected) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("a receiver counted " + tally.count() + " of " + expected + " messages");
            }
            LockSupport.parkNanos(20_000);
        }
    }

    Tally rawTally(Kind kind) {
        return kind == Kind.TEMPERATURE ? rawTemperatures : rawReadings;
    }

    Tally springTally(Kind kind) {
        return kind == Kind.TEMPERATURE ? listeners.temperatures() : listeners.readings();
    }

    static String rawClient(Kind kind) {
        return kind == Kind.TEMPERATURE ? RAW_TEMPERATURE_CLIENT : RAW_READING_CLIENT;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() throws IOException {
        try {
            publisher.disconnect();
        } catch (RuntimeException ignored) {
            // Closing anyway.
        }
        rawTemperature.stop(true);
        rawReading.stop(true);
        context.close();
        broker.close();
    }
}
