package dev.mqttj.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of an {@link MqttListener} method to the topic level matched by a {@code {name}}
 * placeholder of the listener's topic filters, converted to the parameter's type by the application's
 * conversion service. Every filter of the listener must declare the variable; otherwise the application does
 * not start.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TopicVariable {

    /**
     * The variable's name as written between braces in the filter; empty means the parameter's name.
     *
     * @return the variable name
     */
    String value() default "";
}
