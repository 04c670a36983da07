package dev.mqttj.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqttj.client.Acknowledgement;
import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.annotation.TopicVariable;
import dev.mqttj.spring.core.JacksonJsonMqttPayloadConverter;
import jakarta.validation.Valid;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The direct binding of listener parameters gives what spring-messaging's resolvers give, fails as they fail,
 * and is used only where it can.
 */
class DirectListenerInvokerTests {

    private final MqttMessageHandlerMethodFactory factory = new MqttMessageHandlerMethodFactory(
            new JacksonJsonMqttPayloadConverter(JsonMapper.builder().build()), null, null);

    DirectListenerInvokerTests() {
        factory.afterPropertiesSet();
    }

    record Reading(String sensor, double celsius) {
    }

    /** Records the arguments of every call. */
    static class Listeners {

        final List<List<Object>> calls = new ArrayList<>();

        void text(@TopicVariable String id, String payload) {
            calls.add(List.of(id, payload));
        }

        void json(Reading reading, ReceivedMessage received, Message message) {
            calls.add(List.of(reading, received, message));
        }

        void generic(List<Reading> readings) {
            calls.add(List.of(readings));
        }

        void raw(byte[] bytes, ByteBuffer buffer, Object object) {
            calls.add(List.of(Arrays.toString(bytes), buffer.remaining(), Arrays.toString((byte[]) object)));
        }

        private String replies(@TopicVariable String id, String payload) {
            calls.add(List.of(id, payload));
            return id + "=" + payload;
        }

        /** More parameters than a generated call takes: called by reflection. */
        void many(@TopicVariable String id, String payload, byte[] bytes, ReceivedMessage received, Message message) {
            calls.add(List.of(id, payload, Arrays.toString(bytes), received, message));
        }

        long widened;

        void primitive(long value) {
            widened = value;
        }

        String fails(String payload) throws IOException {
            throw new IOException("listener failed on " + payload);
        }

        void header(@Header("mqtt_topic") String topic) {
        }

        void annotatedPayload(@Payload Reading reading) {
        }

        void validated(@Valid Reading reading) {
        }

        void optional(Optional<String> payload) {
        }

        void converted(@TopicVariable int id) {
        }

        void springMessage(org.springframework.messaging.Message<String> message) {
        }
    }

    private final Listeners listeners = new Listeners();

    @Test
    void bindsWhatSpringMessagingBinds() throws Exception {
        assertSameCalls("text", "sensors/{id}/temperature", "sensors/s-17/temperature", "21.5");
        assertSameCalls("text", "sensors/{id}/temperature", "sensors//temperature", "");
        assertSameCalls("json", "readings/+", "readings/a", "{\"sensor\":\"a\",\"celsius\":1.5}");
        assertSameCalls("generic", "readings/+", "readings/a", "[{\"sensor\":\"a\",\"celsius\":1.5}]");
        assertSameCalls("raw", "raw", "raw", "xyz");
        assertSameCalls("many", "m/{id}", "m/7", "seven");

        assertThat(listeners.calls.get(0)).containsExactly("s-17", "21.5");
        assertThat(listeners.calls.get(2)).containsExactly("", "");
        assertThat(listeners.calls.get(4).get(0)).isEqualTo(new Reading("a", 1.5));
        assertThat(listeners.calls.get(6)).containsExactly(List.of(new Reading("a", 1.5)));
        assertThat(listeners.calls.get(8)).containsExactly("[120, 121, 122]", 3, "[120, 121, 122]");
        assertThat(listeners.calls.get(10)).startsWith("7", "seven", "[115, 101, 118, 101, 110]");
    }

    @Test
    void returnsWhatAPrivateListenerReturns() throws Exception {
        List<Object> results = new ArrayList<>();
        for (ListenerInvoker invoker : invokers("replies", "r/{id}")) {
            results.add(invoker.invoke(received("r/a", "1"), template("r/{id}")));
        }

        assertThat(results).containsExactly("a=1", "a=1");
        assertThat(listeners.calls).containsExactly(List.of("a", "1"), List.of("a", "1"));
    }

    @Test
    void bindsTheVariableOfWhicheverFilterMatched() throws Exception {
        Method method = method("text");
        MqttListenerEndpoint endpoint = MqttListenerEndpoint.builder("text", listeners, method)
                .topics("sensors/{id}/temperature", "site/+/{id}").build();
        ListenerInvoker direct = DirectListenerInvoker.create(endpoint, handlerMethod(method),
                factory.directBindingConverter());

        direct.invoke(received("site/north/s-3", "7"), endpoint.topics().get(1));

        assertThat(listeners.calls).containsExactly(List.of("s-3", "7"));
    }

    @Test
    void failsAsSpringMessagingFails() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        ReceivedMessage malformed = received("readings/a", "{not json");
        for (ListenerInvoker invoker : invokers("json", "readings/+")) {
            failures.add(catchThrowable(() -> invoker.invoke(malformed, template("readings/+"))));
        }
        assertThat(failures.get(0)).isInstanceOf(MessageConversionException.class);
        assertThat(failures.get(1)).isInstanceOf(MessageConversionException.class)
                .hasMessage(failures.get(0).getMessage());

        failures.clear();
        // The message text names the received message: the same one for both.
        ReceivedMessage jsonNull = received("readings/a", "null");
        for (ListenerInvoker invoker : invokers("json", "readings/+")) {
            failures.add(catchThrowable(() -> invoker.invoke(jsonNull, template("readings/+"))));
        }
        assertThat(failures.get(0)).isInstanceOf(MessageConversionException.class)
                .hasMessageStartingWith("Cannot convert from [[B] to [" + Reading.class.getName() + "]");
        assertThat(failures.get(1)).isInstanceOf(MessageConversionException.class)
                .hasMessage(failures.get(0).getMessage());

        for (ListenerInvoker invoker : invokers("fails", "a")) {
            assertThatThrownBy(() -> invoker.invoke(received("a", "x"), template("a")))
                    .isExactlyInstanceOf(IOException.class).hasMessage("listener failed on x");
        }
    }

    @Test
    void leavesEveryOtherListenerToSpringMessaging() throws Exception {
        for (String name : List.of("header", "annotatedPayload", "validated", "optional", "converted",
                "springMessage")) {
            Method method = method(name);
            String topic = name.equals("converted") ? "n/{id}" : "n/+";
            MqttListenerEndpoint endpoint = MqttListenerEndpoint.builder(name, listeners, method).topics(topic).build();
            assertThat(DirectListenerInvoker.create(endpoint, handlerMethod(method), factory.directBindingConverter()))
                    .as(name).isNull();
        }
    }

    @Test
    void aFactoryWithResolversOfItsOwnBindsThroughSpringMessaging() {
        MqttMessageHandlerMethodFactory extended = new MqttMessageHandlerMethodFactory(
                new JacksonJsonMqttPayloadConverter(JsonMapper.builder().build()), null, null);
        extended.addArgumentResolvers(new ReceivedMessageArgumentResolver());

        assertThat(factory.directBindingConverter()).isNotNull();
        assertThat(extended.directBindingConverter()).isNull();
        assertThat(new MqttMessageHandlerMethodFactory(new JacksonJsonMqttPayloadConverter(JsonMapper.builder().build()),
                null, null) { }.directBindingConverter()).isNull();
    }

    @Test
    void aPrimitiveParameterTakesWhatReflectionWouldWiden() throws Exception {
        // A converter that reads every number as an Integer: reflection widens it for a long parameter.
        MqttMessageHandlerMethodFactory integers = new MqttMessageHandlerMethodFactory(
                new dev.mqttj.spring.core.AbstractMqttPayloadConverter() {
                    @Override
                    protected byte[] serialize(Object value) {
                        return value.toString().getBytes(StandardCharsets.UTF_8);
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    protected <T> T deserialize(byte[] payload, Class<T> type) {
                        return (T) Integer.valueOf(new String(payload, StandardCharsets.UTF_8));
                    }
                }, null, null);
        integers.afterPropertiesSet();
        Method method = method("primitive");
        MqttListenerEndpoint endpoint = MqttListenerEndpoint.builder("primitive", listeners, method).topics("n").build();
        ListenerInvoker direct = DirectListenerInvoker.create(endpoint,
                integers.createInvocableHandlerMethod(listeners, method), integers.directBindingConverter());

        direct.invoke(received("n", "42"), endpoint.topics().get(0));

        assertThat(listeners.widened).isEqualTo(42L);
    }

    /** Calls the listener once through spring-messaging and once directly; both calls must record the same. */
    private void assertSameCalls(String name, String filter, String topic, String payload) throws Exception {
        List<ListenerInvoker> invokers = invokers(name, filter);
        ReceivedMessage received = received(topic, payload);
        int before = listeners.calls.size();
        for (ListenerInvoker invoker : invokers) {
            invoker.invoke(received, template(filter));
        }
        assertThat(listeners.calls).hasSize(before + 2);
        assertThat(listeners.calls.get(before + 1)).as(name).isEqualTo(listeners.calls.get(before));
    }

    private final java.util.Map<String, TopicTemplate> templates = new java.util.HashMap<>();

    private TopicTemplate template(String filter) {
        return templates.get(filter);
    }

    /** The spring-messaging invoker first, the direct one second. */
    private List<ListenerInvoker> invokers(String name, String filter) {
        Method method = method(name);
        MqttListenerEndpoint endpoint = MqttListenerEndpoint.builder(name, listeners, method).topics(filter).build();
        templates.put(filter, endpoint.topics().get(0));
        InvocableHandlerMethod handlerMethod = handlerMethod(method);
        ListenerInvoker direct = DirectListenerInvoker.create(endpoint, handlerMethod, factory.directBindingConverter());
        assertThat(direct).as("direct invoker of " + name).isNotNull();
        return List.of(ListenerInvoker.messaging(handlerMethod, name), direct);
    }

    private InvocableHandlerMethod handlerMethod(Method method) {
        return factory.createInvocableHandlerMethod(listeners, method);
    }

    private static Method method(String name) {
        for (Method method : Listeners.class.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                ReflectionUtils.makeAccessible(method);
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static ReceivedMessage received(String topic, String payload) {
        Message message = new Message(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        return new ReceivedMessage() {
            @Override
            public Message message() {
                return message;
            }

            @Override
            public boolean duplicate() {
                return false;
            }

            @Override
            public int packetId() {
                return 7;
            }

            @Override
            public Acknowledgement deferAcknowledgement() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
