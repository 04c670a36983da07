package dev.mqttj.benchmarks.floor;

/** Three conditional beans, where mqttj's template auto-configuration has two. */
@org.springframework.boot.autoconfigure.AutoConfiguration
@org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(name = "floor.enabled", matchIfMissing = true)
@org.springframework.boot.context.properties.EnableConfigurationProperties(FloorProperties.class)
public class FloorTemplateAutoConfiguration {

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean7.class)
    FloorBeans.Bean7 floorBean7(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean7(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean8.class)
    FloorBeans.Bean8 floorBean8(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean8(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean9.class)
    FloorBeans.Bean9 floorBean9(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean9(properties);
    }
}
