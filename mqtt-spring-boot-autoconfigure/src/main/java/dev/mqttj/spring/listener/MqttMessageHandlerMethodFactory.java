package dev.mqttj.spring.listener;

import dev.mqttj.spring.core.MqttPayloadConverter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.convert.ConversionService;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.HeaderMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.HeadersMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.MessageMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.PayloadMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * The {@code MessageHandlerMethodFactory} that binds {@link dev.mqttj.spring.annotation.MqttListener} method
 * parameters: spring-messaging's payload, header and message resolvers, plus resolvers for
 * {@link dev.mqttj.spring.annotation.TopicVariable} parameters and the core's message types. Payloads are read
 * with the application's {@link MqttPayloadConverter}; {@code @Valid} payloads are checked by the validator when
 * one is set. Define a bean of this type to change it, e.g. to add argument resolvers.
 */
public class MqttMessageHandlerMethodFactory extends DefaultMessageHandlerMethodFactory {

    private final ConversionService conversionService;
    private final MqttPayloadConverter payloadConverter;
    private final MqttPayloadMessageConverter messageConverter;
    private final Validator validator;
    private final List<HandlerMethodArgumentResolver> extraResolvers = new ArrayList<>();

    /**
     * Creates the factory.
     *
     * @param payloadConverter reads payloads into parameter types
     * @param conversionService converts headers and topic variables; null for a default formatting one
     * @param validator validates {@code @Valid} payloads; null for no validation
     */
    public MqttMessageHandlerMethodFactory(MqttPayloadConverter payloadConverter, ConversionService conversionService,
            Validator validator) {
        this.conversionService = conversionService != null ? conversionService
                : new DefaultFormattingConversionService();
        this.payloadConverter = payloadConverter;
        this.messageConverter = new MqttPayloadMessageConverter(payloadConverter);
        this.validator = validator;
        setMessageConverter(messageConverter);
        setConversionService(this.conversionService);
        if (validator != null) {
            setValidator(validator);
        }
    }

    /**
     * Adds argument resolvers, consulted after the header, message and topic variable resolvers and before the
     * payload resolver, which takes every parameter left. Call before {@link #afterPropertiesSet()}.
     *
     * @param resolvers the resolvers to add
     */
    public void addArgumentResolvers(HandlerMethodArgumentResolver... resolvers) {
        extraResolvers.addAll(List.of(resolvers));
    }

    /**
     * Installs the resolvers in spring-messaging's order, with the MQTT ones and the added ones before the
     * payload, then initializes the factory.
     */
    @Override
    public void afterPropertiesSet() {
        List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
        resolvers.add(new HeaderMethodArgumentResolver(conversionService, null));
        resolvers.add(new HeadersMethodArgumentResolver());
        resolvers.add(new MessageMethodArgumentResolver(messageConverter));
        resolvers.add(new TopicVariableArgumentResolver(conversionService));
        resolvers.add(new ReceivedMessageArgumentResolver());
        resolvers.addAll(extraResolvers);
        resolvers.add(new MqttPayloadArgumentResolver(messageConverter, validator));
        setArgumentResolvers(resolvers);
        super.afterPropertiesSet();
    }

    /**
     * Returns the payload converter when this factory binds with its built-in resolvers only, so that a listener
     * whose parameters those resolvers bind from the message alone may be bound without spring-messaging (see
     * {@link DirectListenerInvoker}); null when a subclass or added resolvers may bind differently.
     */
    MqttPayloadConverter directBindingConverter() {
        return getClass() == MqttMessageHandlerMethodFactory.class && extraResolvers.isEmpty() ? payloadConverter
                : null;
    }

    /**
     * Spring's payload resolver, except that an empty payload is a value: MQTT uses it, e.g. to clear a
     * retained message, so a {@code String} parameter receives {@code ""} and a {@code byte[]} an empty array
     * instead of a "payload must not be empty" failure.
     */
    private static final class MqttPayloadArgumentResolver extends PayloadMethodArgumentResolver {

        MqttPayloadArgumentResolver(MessageConverter converter, Validator validator) {
            super(converter, validator);
        }

        @Override
        protected boolean isEmptyPayload(Object payload) {
            return payload == null;
        }
    }
}
