package dev.mqttj.spring.listener;

import dev.mqttj.spring.core.MqttPayloadConverter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.convert.ConversionService;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
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
        setMessageConverter(new MqttPayloadMessageConverter(payloadConverter));
        setConversionService(this.conversionService);
        if (validator != null) {
            setValidator(validator);
        }
    }

    /**
     * Adds argument resolvers, consulted before the built-in ones. Call before {@link #afterPropertiesSet()}.
     *
     * @param resolvers the resolvers to add
     */
    public void addArgumentResolvers(HandlerMethodArgumentResolver... resolvers) {
        extraResolvers.addAll(List.of(resolvers));
    }

    /** Installs the MQTT resolvers ahead of the custom and built-in ones, then initializes the factory. */
    @Override
    public void afterPropertiesSet() {
        List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
        resolvers.add(new TopicVariableArgumentResolver(conversionService));
        resolvers.add(new ReceivedMessageArgumentResolver());
        resolvers.addAll(extraResolvers);
        setCustomArgumentResolvers(resolvers);
        super.afterPropertiesSet();
    }
}
