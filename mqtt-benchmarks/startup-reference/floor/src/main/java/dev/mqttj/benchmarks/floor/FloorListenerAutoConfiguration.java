package dev.mqttj.benchmarks.floor;

/** Five conditional beans, where mqttj's listener auto-configuration has five. */
@org.springframework.boot.autoconfigure.AutoConfiguration
@org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(name = "floor.enabled", matchIfMissing = true)
@org.springframework.boot.context.properties.EnableConfigurationProperties(FloorProperties.class)
public class FloorListenerAutoConfiguration {

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean10.class)
    FloorBeans.Bean10 floorBean10(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean10(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean11.class)
    FloorBeans.Bean11 floorBean11(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean11(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean12.class)
    FloorBeans.Bean12 floorBean12(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean12(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean13.class)
    FloorBeans.Bean13 floorBean13(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean13(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean14.class)
    FloorBeans.Bean14 floorBean14(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean14(properties);
    }
}
