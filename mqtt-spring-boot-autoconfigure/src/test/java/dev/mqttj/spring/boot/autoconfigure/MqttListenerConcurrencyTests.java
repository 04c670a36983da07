package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Reading;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.core.MqttTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A listener with {@code concurrency} keeps the order of each topic, on the embedded broker. */
class MqttListenerConcurrencyTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url(), "concurrency");

    static class ConcurrentListener extends Recording {

        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @MqttListener(topics = "conc/{device}", id = "conc", concurrency = "${conc.threads}", qos = "1")
        void on(@TopicVariable String device, String sequence) {
            threads.add(Thread.currentThread().getName().replaceAll("-\\d+$", ""));
            calls.add("conc", device + ":" + sequence);
        }

        @MqttListener(topics = "conc/#", id = "inline")
        void inline(String sequence) {
            calls.add("inline", sequence);
        }
    }

    @Test
    void keepsTheOrderOfEachTopicAcrossThreads() {
        runner.withBean(ConcurrentListener.class).withPropertyValues("conc.threads=4").run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            int perTopic = 100;
            List<String> devices = List.of("d0", "d1", "d2", "d3", "d4", "d5");
            for (int i = 0; i < perTopic; i++) {
                for (String device : devices) {
                    template.publish("conc/" + device, Integer.toString(i));
                }
            }
            Calls calls = context.getBean(Calls.class);
            calls.await("conc", perTopic * devices.size());
            Map<String, List<Integer>> byDevice = new TreeMap<>();
            for (String call : calls.of("conc")) {
                String[] parts = call.split(":");
                byDevice.computeIfAbsent(parts[0], device -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            List<Integer> inOrder = IntStream.range(0, perTopic).boxed().toList();
            Map<String, List<Integer>> expected = new TreeMap<>();
            devices.forEach(device -> expected.put(device, inOrder));
            assertThat(List.of(byDevice, new HashSet<>(context.getBean(ConcurrentListener.class).threads),
                    calls.await("inline", perTopic * devices.size()).size()))
                    .containsExactly(expected, Set.of("mqtt-listener-conc"), perTopic * devices.size());
        });
    }
}
