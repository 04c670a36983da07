package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.annotation.MqttHeaders;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Reading;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.core.MqttTemplate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * Every kind of argument an {@link MqttListener} method can bind, against the embedded broker: payload types,
 * topic variables, headers, the core's message types and return values.
 */
class MqttListenerBindingTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url(), "binding");

    static class PayloadListeners extends Recording {

        @MqttListener(topics = "bind/string", id = "string")
        void string(String text) {
            calls.add("string", text);
        }

        @MqttListener(topics = "bind/bytes", id = "bytes")
        void bytes(byte[] bytes) {
            calls.add("bytes", Arrays.toString(bytes));
        }

        @MqttListener(topics = "bind/buffer", id = "buffer")
        void buffer(ByteBuffer buffer) {
            calls.add("buffer", buffer.remaining());
        }

        @MqttListener(topics = "bind/record", id = "record")
        void record(@Payload Reading reading) {
            calls.add("record", reading);
        }

        @MqttListener(topics = "bind/empty", id = "empty")
        void empty(String text, @Header(MqttHeaders.TOPIC) String topic) {
            calls.add("empty", "[" + text + "]");
        }

        @MqttListener(topics = "bind/list", id = "list")
        void list(List<Reading> readings) {
            calls.add("list", readings.get(1).sensor());
        }
    }

    @Test
    void bindsEveryPayloadType() {
        runner.withBean(PayloadListeners.class).run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            template.publish("bind/string", "héllo");
            template.publish("bind/bytes", new byte[] {1, 2, 3});
            template.publish("bind/buffer", new byte[] {4, 5});
            template.publish("bind/record", new Reading("s1", 20.5));
            template.publish("bind/list", List.of(new Reading("a", 1), new Reading("b", 2)));
            template.publish("bind/empty", new byte[0]);
            Calls calls = context.getBean(Calls.class);
            assertThat(List.of(calls.await("string", 1), calls.await("bytes", 1), calls.await("buffer", 1),
                    calls.await("record", 1), calls.await("list", 1), calls.await("empty", 1)))
                    .containsExactly(List.of("héllo"), List.of("[1, 2, 3]"), List.of("2"),
                            List.of("Reading[sensor=s1, celsius=20.5]"), List.of("b"), List.of("[]"));
        });
    }

    static class VariableListeners extends Recording {

        @MqttListener(topics = "sensors/{id}/temperature", id = "byName")
        void byName(@TopicVariable String id, String value) {
            calls.add("byName", id + "=" + value);
        }

        @MqttListener(topics = { "rooms/{floor}/{room}/+", "buildings/x/{floor}/{room}" }, id = "converted")
        void converted(@TopicVariable("floor") int level, @TopicVariable String room, String value) {
            calls.add("converted", (level + 1) + "/" + room + "=" + value);
        }
    }

    @Test
    void bindsTopicVariablesByNameAndConvertsThem() {
        runner.withBean(VariableListeners.class).run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            template.publish("sensors/s-7/temperature", "21");
            template.publish("rooms/2/kitchen/light", "on");
            template.publish("buildings/x/5/hall", "off");
            Calls calls = context.getBean(Calls.class);
            calls.await("byName", 1);
            assertThat(List.of(calls.of("byName"), calls.await("converted", 2)))
                    .containsExactly(List.of("s-7=21"), List.of("3/kitchen=on", "6/hall=off"));
        });
    }

    static class ExpressionListeners extends Recording {

        @MqttListener(topics = { "${app.prefix}/{kind}", "#{'${app.prefix}'.toUpperCase() + '/{kind}'}" },
                id = "#{'expr-' + '${app.prefix}'}", qos = "#{1 + 1}")
        void on(@TopicVariable String kind, @Header(MqttHeaders.LISTENER_ID) String id,
                @Header(MqttHeaders.QOS) int qos) {
            calls.add("expressions", id + " " + kind + " qos" + qos);
        }
    }

    @Test
    void resolvesPlaceholdersAndExpressionsInTheAttributes() {
        runner.withBean(ExpressionListeners.class).withPropertyValues("app.prefix=expr").run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            template.publish("expr/a", "x", 2, false);
            template.publish("EXPR/b", "y", 2, false);
            assertThat(context.getBean(Calls.class).await("expressions", 2))
                    .containsExactly("expr-expr a qos2", "expr-expr b qos2");
        });
    }

    static class HeaderListeners extends Recording {

        @MqttListener(topics = "head/+", id = "headers", qos = "2")
        void headers(@Header(MqttHeaders.TOPIC) String topic, @Header(MqttHeaders.QOS) int qos,
                @Header(MqttHeaders.RETAINED) boolean retained, @Header(MqttHeaders.DUPLICATE) boolean duplicate,
                @Header(MqttHeaders.PACKET_ID) int packetId, @Header(MqttHeaders.LISTENER_ID) String listener) {
            calls.add("headers", topic + " qos" + qos + " retained=" + retained + " dup=" + duplicate
                    + " packetId>0=" + (packetId > 0) + " " + listener);
        }

        @MqttListener(topics = "core/message", id = "core")
        void core(Message message, ReceivedMessage received,
                org.springframework.messaging.Message<byte[]> springMessage, @Headers Map<String, Object> all) {
            calls.add("core", message.topic() + " " + received.message().payloadAsString() + " "
                    + new String(springMessage.getPayload(), StandardCharsets.UTF_8) + " "
                    + springMessage.getHeaders().get(MqttHeaders.TOPIC) + " " + new TreeMap<>(all).subMap("mqtt_p",
                            "mqtt_r"));
        }
    }

    @Test
    void bindsHeadersAndTheCoreMessage() {
        runner.withBean(HeaderListeners.class).run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            template.publishAndWait("head/a", "x", 2, false, Duration.ofSeconds(10));
            template.publish("core/message", "m", 0, false);
            Calls calls = context.getBean(Calls.class);
            assertThat(List.of(calls.await("headers", 1), calls.await("core", 1))).containsExactly(
                    List.of("head/a qos2 retained=false dup=false packetId>0=true headers"),
                    List.of("core/message m m core/message {mqtt_packetId=0, mqtt_qos=0}"));
        });
    }

    static class Replier {

        @MqttListener(topics = "reply/in", id = "replier")
        @SendTo("reply/out")
        Reading reply(String sensor) {
            return new Reading(sensor, 1.5);
        }
    }

    static class ReplyReader extends Recording {

        @MqttListener(topics = "reply/out", id = "out")
        void out(Reading reading) {
            calls.add("out", reading.sensor());
        }
    }

    @Test
    void publishesTheReturnValueToTheSendToTopic() {
        runner.withBean(Replier.class).withBean(ReplyReader.class).run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            context.getBean(MqttTemplate.class).publish("reply/in", "s9");
            assertThat(context.getBean(Calls.class).await("out", 1)).containsExactly("s9");
        });
    }
}
