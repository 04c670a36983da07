package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.core.MqttTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With {@code spring.threads.virtual.enabled=true} on Java 21 or later, a listener with {@code concurrency} runs
 * on virtual threads and still keeps the order of each topic. The build compiles for Java 17, so this class runs
 * in its own test execution on a newer JDK ({@code JAVA21_HOME}, see README); on the Java 17 run it is excluded.
 */
@Tag("virtual-threads")
class MqttListenerVirtualThreadsTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url(), "virtual")
            .withBean(VirtualListener.class);

    @BeforeAll
    static void requireJava21() {
        assertThat(Runtime.version().feature())
                .as("this test runs on the JDK in JAVA21_HOME; it was started on Java " + Runtime.version())
                .isGreaterThanOrEqualTo(21);
    }

    static class VirtualListener extends Recording {

        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @MqttListener(topics = "virtual/{device}", id = "virtual", concurrency = "8", qos = "1")
        void on(@TopicVariable String device, String sequence) {
            // Thread.isVirtual() is Java 21 API; a virtual thread's toString() says what it is on every version.
            threads.add(Thread.currentThread().toString().replaceAll("#\\d+,", "").replaceAll("-\\d+\\].*", "]"));
            calls.add("virtual", device + ":" + sequence);
        }
    }

    @Test
    void concurrentListenerRunsOnVirtualThreadsWhenTheApplicationEnablesThem() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            int perTopic = 50;
            List<String> devices = List.of("d0", "d1", "d2", "d3");
            for (int i = 0; i < perTopic; i++) {
                for (String device : devices) {
                    template.publish("virtual/" + device, Integer.toString(i));
                }
            }
            Calls calls = context.getBean(Calls.class);
            calls.await("virtual", perTopic * devices.size());
            Map<String, List<Integer>> byDevice = new TreeMap<>();
            for (String call : calls.of("virtual")) {
                String[] parts = call.split(":");
                byDevice.computeIfAbsent(parts[0], device -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            List<Integer> inOrder = IntStream.range(0, perTopic).boxed().toList();
            Map<String, List<Integer>> expected = new TreeMap<>();
            devices.forEach(device -> expected.put(device, inOrder));
            assertThat(byDevice).isEqualTo(expected);
            assertThat(context.getBean(VirtualListener.class).threads)
                    .containsExactly("VirtualThread[mqtt-listener-virtual]");
        });
    }

    @Test
    void concurrentListenerRunsOnPlatformThreadsWhenVirtualThreadsAreOff() {
        runner.run(context -> {
            ListenerTestSupport.templateOnceSubscribed(context).publish("virtual/d0", "0");
            context.getBean(Calls.class).await("virtual", 1);
            assertThat(context.getBean(VirtualListener.class).threads).singleElement().asString()
                    .startsWith("Thread[").contains("mqtt-listener-virtual");
        });
    }
}
