package dev.mqttj.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MqttPayloadConverterTests {

    record Reading(String sensor, double celsius) {
    }

    private final MqttPayloadConverter jackson3 =
            new JacksonJsonMqttPayloadConverter(tools.jackson.databind.json.JsonMapper.builder().build());
    private final MqttPayloadConverter jackson2 =
            new Jackson2JsonMqttPayloadConverter(new com.fasterxml.jackson.databind.ObjectMapper());
    private final MqttPayloadConverter simple = new SimpleMqttPayloadConverter();

    @Test
    void bytesPassThroughUncopied() {
        byte[] payload = {1, 2, 3};
        assertThat(jackson3.toPayload(payload)).isSameAs(payload);
    }

    @Test
    void stringsAreUtf8NotJsonLiterals() {
        assertThat(jackson3.toPayload("grüß")).isEqualTo("grüß".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jackson3WritesJson() {
        assertThat(new String(jackson3.toPayload(new Reading("s1", 21.5)), StandardCharsets.UTF_8))
                .isEqualTo("{\"sensor\":\"s1\",\"celsius\":21.5}");
    }

    @Test
    void jackson3ReadsJson() {
        assertThat(jackson3.fromPayload("{\"sensor\":\"s2\",\"celsius\":3.0}".getBytes(StandardCharsets.UTF_8),
                Reading.class)).isEqualTo(new Reading("s2", 3.0));
    }

    @Test
    void jackson2WritesJson() {
        assertThat(new String(jackson2.toPayload(new Reading("s1", 21.5)), StandardCharsets.UTF_8))
                .isEqualTo("{\"sensor\":\"s1\",\"celsius\":21.5}");
    }

    @Test
    void jackson2ReadsJson() {
        assertThat(jackson2.fromPayload("{\"sensor\":\"s2\",\"celsius\":3.0}".getBytes(StandardCharsets.UTF_8),
                Reading.class)).isEqualTo(new Reading("s2", 3.0));
    }

    @Test
    void stringPayloadsReadBackAsText() {
        assertThat(simple.fromPayload("hi".getBytes(StandardCharsets.UTF_8), String.class)).isEqualTo("hi");
    }

    @Test
    void simpleConverterRefusesObjectsNamingJackson() {
        assertThatThrownBy(() -> simple.toPayload(new Reading("s", 1)))
                .isInstanceOf(MqttPayloadConversionException.class).hasMessageContaining("Jackson");
    }

    @Test
    void badJsonFailsWithTheTargetType() {
        assertThatThrownBy(() -> jackson3.fromPayload("{".getBytes(StandardCharsets.UTF_8), Reading.class))
                .isInstanceOf(MqttPayloadConversionException.class).hasMessageContaining(Reading.class.getName());
    }

    /** The converter reads through a cached reader per class; it must read as the mapper's own readValue does. */
    @Test
    void jackson3ReadsAsTheMapperReads() {
        tools.jackson.databind.json.JsonMapper mapper = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        MqttPayloadConverter converter = new JacksonJsonMqttPayloadConverter(mapper);
        for (String json : new String[] {"{\"sensor\":\"s2\",\"celsius\":3.0}", "null", "", "{", "{\"sensor\":1} {}",
                "[1]", "{\"sensor\":\"s\",\"celsius\":\"warm\"}"}) {
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            Object expected;
            try {
                expected = mapper.readValue(payload, Reading.class);
            } catch (tools.jackson.core.JacksonException e) {
                assertThatThrownBy(() -> converter.fromPayload(payload, Reading.class)).as(json)
                        .isInstanceOf(MqttPayloadConversionException.class).hasCauseExactlyInstanceOf(e.getClass());
                continue;
            }
            assertThat(converter.fromPayload(payload, Reading.class)).as(json).isEqualTo(expected);
            // The second read comes from the cached reader.
            assertThat(converter.fromPayload(payload, Reading.class)).as(json).isEqualTo(expected);
        }
    }
}
