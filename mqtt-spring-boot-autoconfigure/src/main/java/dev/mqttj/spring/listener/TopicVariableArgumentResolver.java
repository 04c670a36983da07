package dev.mqttj.spring.listener;

import dev.mqttj.spring.annotation.MqttHeaders;
import dev.mqttj.spring.annotation.TopicVariable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.handler.annotation.support.AbstractNamedValueMethodArgumentResolver;

/**
 * Resolves {@link TopicVariable} parameters: the level of the received topic at the variable's index in the
 * filter that matched, converted by the conversion service. The name and index lookups are cached per
 * parameter by the base class; per message only the level is cut out of the topic.
 */
final class TopicVariableArgumentResolver extends AbstractNamedValueMethodArgumentResolver {

    TopicVariableArgumentResolver(ConversionService conversionService) {
        super(conversionService, null);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(TopicVariable.class);
    }

    @Override
    protected NamedValueInfo createNamedValueInfo(MethodParameter parameter) {
        TopicVariable variable = parameter.getParameterAnnotation(TopicVariable.class);
        return new NamedValueInfo(MqttListenerEndpoint.variableName(variable, parameter), true, null) {
        };
    }

    @Override
    protected Object resolveArgumentInternal(MethodParameter parameter, Message<?> message, String name) {
        Object template = message.getHeaders().get(MqttMessageHeaders.TEMPLATE);
        Object topic = message.getHeaders().get(MqttHeaders.TOPIC);
        if (!(template instanceof TopicTemplate matched) || !(topic instanceof String received)) {
            return null;
        }
        int level = matched.levelOf(name);
        return level < 0 ? null : TopicTemplate.level(received, level);
    }

    @Override
    protected void handleMissingValue(String name, MethodParameter parameter, Message<?> message) {
        throw new MessageHandlingException(message, "topic variable '" + name + "' for parameter "
                + parameter.getParameterIndex() + " of " + parameter.getExecutable().toGenericString()
                + " is missing: the message did not come through a filter with '{" + name + "}'");
    }
}
