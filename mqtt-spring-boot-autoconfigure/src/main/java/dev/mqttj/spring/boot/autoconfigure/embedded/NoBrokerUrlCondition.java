package dev.mqttj.spring.boot.autoconfigure.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the application configured no broker: neither {@code mqtt.broker-url} nor failover URLs. */
final class NoBrokerUrlCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        for (String property : new String[] {"mqtt.broker-url", "mqtt.failover-urls", "mqtt.failover-urls[0]"}) {
            if (environment.containsProperty(property)) {
                return ConditionOutcome.noMatch(property + " is set");
            }
        }
        return ConditionOutcome.match("no mqtt.broker-url is set");
    }
}
