package dev.mqttj.benchmarks.spring;

import dev.mqttj.client.Acknowledgement;
import dev.mqttj.client.MessageHandler;
import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.listener.MqttListenerDispatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The listener dispatch alone, without the connection: the {@link MessageHandler} the auto-configuration gives
 * the service (its {@link MqttListenerDispatcher}) called with received messages, beside the work the raw
 * callback of {@link ListenerDispatchRatio} does for the same message. The difference is what the Spring layer
 * adds per message on the reader thread; {@link ListenerDispatchRatio} puts it beside the whole receive path.
 * The application runs with its broker down (a port nothing listens on): the listeners start all the same.
 *
 * <p>Usage: {@code java -cp "mqtt-benchmarks/target/classes:$(cat mqtt-benchmarks/target/spring-classpath.txt)"
 * org.openjdk.jmh.Main ListenerDispatchBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ListenerDispatchBenchmark {

    private static final int SENSORS = 100;

    private ConfigurableApplicationContext context;
    private MessageHandler dispatcher;
    private JsonMapper jsonMapper;
    private SensorListeners listeners;
    private final ReceivedMessage[] temperatures = new ReceivedMessage[SENSORS];
    private final ReceivedMessage[] readings = new ReceivedMessage[SENSORS];
    private int next;

    /** A delivered QoS 0 message, as the client hands it to its message handler. */
    private record Delivered(Message message) implements ReceivedMessage {

        @Override
        public boolean duplicate() {
            return false;
        }

        @Override
        public int packetId() {
            return 0;
        }

        @Override
        public Acknowledgement deferAcknowledgement() {
            throw new UnsupportedOperationException("a QoS 0 message has no acknowledgement");
        }
    }

    /**
     * Starts the application and builds the messages.
     *
     * @throws IOException if no free port could be found
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        context = new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=ERROR",
                        "mqtt.broker-url=tcp://127.0.0.1:" + StartupRatio.closedPort())
                .run();
        dispatcher = context.getBean(MqttListenerDispatcher.class);
        jsonMapper = context.getBean(JsonMapper.class);
        listeners = context.getBean(SensorListeners.class);
        for (int i = 0; i < SENSORS; i++) {
            String sensor = "s-" + i;
            double celsius = 15 + i / 10.0;
            temperatures[i] = new Delivered(new Message("sensors/" + sensor + "/temperature",
                    Double.toString(celsius).getBytes(StandardCharsets.UTF_8), 0, false));
            readings[i] = new Delivered(new Message("readings/" + sensor,
                    jsonMapper.writeValueAsBytes(new Reading(sensor, celsius, 1_764_748_800_000L + i)), 0, false));
        }
    }

    /** Closes the application. */
    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
    }

    private int nextSensor() {
        int sensor = next;
        next = sensor + 1 == SENSORS ? 0 : sensor + 1;
        return sensor;
    }

    /**
     * What the raw callback does with a temperature: the id from the topic, the payload as text.
     *
     * @param blackhole takes the values
     */
    @Benchmark
    public void temperatureRawCallback(Blackhole blackhole) {
        Message message = temperatures[nextSensor()].message();
        String topic = message.topic();
        int start = topic.indexOf('/') + 1;
        blackhole.consume(topic.substring(start, topic.indexOf('/', start)));
        blackhole.consume(new String(message.payload(), StandardCharsets.UTF_8));
    }

    /**
     * The dispatcher with a temperature: {@code @MqttListener("sensors/{id}/temperature")} with
     * {@code (@TopicVariable String id, String payload)}.
     *
     * @throws Exception never: the listener does not fail
     */
    @Benchmark
    public void temperatureListener() throws Exception {
        dispatcher.handle(temperatures[nextSensor()]);
    }

    /**
     * What the raw callback does with a reading: parse it with the application's mapper.
     *
     * @param blackhole takes the record
     */
    @Benchmark
    public void readingRawCallback(Blackhole blackhole) {
        blackhole.consume(jsonMapper.readValue(readings[nextSensor()].message().payload(), Reading.class));
    }

    /**
     * The dispatcher with a reading: {@code @MqttListener("readings/+")} with a {@link Reading} parameter.
     *
     * @throws Exception never: the listener does not fail
     */
    @Benchmark
    public void readingListener() throws Exception {
        dispatcher.handle(readings[nextSensor()]);
    }

    SensorListeners listeners() {
        return listeners;
    }
}
