package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.spring.core.Jackson2JsonMqttPayloadConverter;
import dev.mqttj.spring.core.JacksonJsonMqttPayloadConverter;
import dev.mqttj.spring.core.MqttPayloadConverter;
import dev.mqttj.spring.core.SimpleMqttPayloadConverter;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Chooses the payload converter of an application that defines none, in order of preference: one on the
 * application's Jackson 3 {@code JsonMapper} bean, one on its Jackson 2 {@code ObjectMapper} bean, one on a default
 * Jackson 3 mapper, one on a default Jackson 2 mapper, and last a converter for {@code byte[]} and {@code String}
 * only.
 *
 * <p>The choice is made when the converter bean is created, from the classes the application's class loader sees
 * and the beans then defined, rather than by a configuration class per choice with class and bean conditions:
 * those cost every start their parsing and condition evaluation, and ordering after the Jackson
 * auto-configurations, for one bean.
 */
final class MqttPayloadConverters {

    private static final String JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";
    private static final String OBJECT_MAPPER = "com.fasterxml.jackson.databind.ObjectMapper";

    private MqttPayloadConverters() {
    }

    /**
     * The converter for the application.
     *
     * @param beans the application's beans, searched with their ancestors' for a mapper
     * @param classLoader the application's class loader, which decides whether each Jackson is present
     * @return the preferred converter
     * @throws org.springframework.beans.factory.NoUniqueBeanDefinitionException if the application defines several
     *     mappers of the preferred kind and none is primary
     */
    static MqttPayloadConverter choose(ListableBeanFactory beans, ClassLoader classLoader) {
        boolean jackson3 = ClassUtils.isPresent(JSON_MAPPER, classLoader);
        boolean jackson2 = ClassUtils.isPresent(OBJECT_MAPPER, classLoader);
        Object jsonMapper = jackson3 ? applicationBean(beans, JSON_MAPPER, classLoader) : null;
        if (jsonMapper != null) {
            return Jackson3.converter(jsonMapper);
        }
        Object objectMapper = jackson2 ? applicationBean(beans, OBJECT_MAPPER, classLoader) : null;
        if (objectMapper != null) {
            return Jackson2.converter(objectMapper);
        }
        if (jackson3) {
            return Jackson3.defaultConverter();
        }
        if (jackson2) {
            return Jackson2.defaultConverter();
        }
        return new SimpleMqttPayloadConverter();
    }

    private static Object applicationBean(ListableBeanFactory beans, String className, ClassLoader classLoader) {
        return beans.getBeanProvider(ClassUtils.resolveClassName(className, classLoader)).getIfAvailable();
    }

    /** Loaded only when Jackson 3 is present. */
    private static final class Jackson3 {

        static MqttPayloadConverter converter(Object jsonMapper) {
            return new JacksonJsonMqttPayloadConverter((tools.jackson.databind.json.JsonMapper) jsonMapper);
        }

        static MqttPayloadConverter defaultConverter() {
            return new JacksonJsonMqttPayloadConverter(tools.jackson.databind.json.JsonMapper.builder().build());
        }
    }

    /** Loaded only when Jackson 2 is present. */
    private static final class Jackson2 {

        static MqttPayloadConverter converter(Object objectMapper) {
            return new Jackson2JsonMqttPayloadConverter((com.fasterxml.jackson.databind.ObjectMapper) objectMapper);
        }

        static MqttPayloadConverter defaultConverter() {
            return new Jackson2JsonMqttPayloadConverter(new com.fasterxml.jackson.databind.ObjectMapper());
        }
    }
}
