package dev.mqttj.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;
import org.springframework.messaging.handler.annotation.MessageMappingReflectiveProcessor;

/**
 * Marks a method of a Spring bean as the listener for MQTT messages on one or more topic filters. The
 * application's one MQTT connection subscribes to the filters when the application context has started and
 * delivers every message whose topic matches to the method; the connection subscribes again after every
 * reconnect.
 *
 * <p>The method's parameters are bound by spring-messaging: an unannotated parameter (or one annotated with
 * {@code @Payload}) receives the payload converted to its type ({@code byte[]}, {@code String},
 * {@code ByteBuffer}, or any JSON-mapped type through the application's {@code MqttPayloadConverter});
 * {@code @Header} parameters receive the {@link MqttHeaders}; a {@link TopicVariable} parameter receives the
 * topic level a {@code {name}} placeholder of the filter matched; parameters of type
 * {@code dev.mqttj.packet.Message}, {@code dev.mqttj.client.ReceivedMessage} or
 * {@code org.springframework.messaging.Message} receive the message itself. A return value is published to the
 * topic of the method's {@code @SendTo} annotation.
 *
 * <p>By default the method runs on the connection's reader thread, one message after the other in arrival
 * order, and a QoS 1 or 2 message is acknowledged after the method returned; see {@link #concurrency()} for
 * parallel processing. An exception goes to the listener's error handler ({@link #errorHandler()}).
 *
 * <p>For native images, Spring's AOT processing registers each annotated method for invocation and its payload
 * and return types for JSON binding (as for {@code @MessageMapping}).
 *
 * <p>Every string attribute may contain {@code ${...}} property placeholders and {@code #{...}} SpEL
 * expressions. The annotation is repeatable and may be used as a meta-annotation.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(MqttListeners.class)
@Reflective(MessageMappingReflectiveProcessor.class)
public @interface MqttListener {

    /**
     * Alias for {@link #topics()}.
     *
     * @return the topic filters
     */
    @AliasFor("topics")
    String[] value() default {};

    /**
     * The topic filters to subscribe to: MQTT filters with {@code +} and {@code #} wildcards, where a whole
     * level written {@code {name}} is a single-level wildcard whose matched level binds to the parameter
     * annotated {@code @TopicVariable("name")}. A filter may itself be a shared subscription
     * ({@code $share/group/filter}).
     *
     * @return at least one filter
     */
    @AliasFor("value")
    String[] topics() default {};

    /**
     * The maximum QoS to subscribe with: {@code 0}, {@code 1} or {@code 2}; empty means 1.
     *
     * @return the QoS as a string, so it may be a placeholder
     */
    String qos() default "";

    /**
     * The listener's id, used by the {@code MqttListenerEndpointRegistry}, in logs and in meters; empty means
     * the bean's class name, the method's name and the listener's position on the method.
     *
     * @return the id; unique within the application
     */
    String id() default "";

    /**
     * The shared subscription group: when set, every filter is subscribed as {@code $share/{group}/{filter}},
     * so the broker delivers each message to one of the application instances that share the group.
     *
     * @return the group, or empty for an ordinary subscription
     */
    String group() default "";

    /**
     * Whether the listener subscribes when the application starts; a listener that does not can be started
     * later through the registry.
     *
     * @return {@code "true"} or {@code "false"}; empty means true
     */
    String autoStartup() default "";

    /**
     * The number of threads that process this listener's messages in parallel; messages of one topic are
     * still processed in order, and each QoS 1 or 2 message is acknowledged after its processing, in the
     * order MQTT requires. Empty or {@code "1"} runs the listener on the connection's reader thread.
     *
     * @return a positive number as a string
     */
    String concurrency() default "";

    /**
     * The name of the {@code MqttListenerErrorHandler} bean that handles this listener's exceptions; empty
     * means the application's default error handler, which logs and acknowledges.
     *
     * @return the bean name
     */
    String errorHandler() default "";
}
