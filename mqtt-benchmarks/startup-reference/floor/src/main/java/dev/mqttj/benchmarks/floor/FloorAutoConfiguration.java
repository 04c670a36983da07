package dev.mqttj.benchmarks.floor;

/** Seven conditional beans and a lifecycle, where mqttj's connection auto-configuration has its own. */
@org.springframework.boot.autoconfigure.AutoConfiguration
@org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(name = "floor.enabled", matchIfMissing = true)
@org.springframework.boot.context.properties.EnableConfigurationProperties(FloorProperties.class)
public class FloorAutoConfiguration {

    @org.springframework.context.annotation.Bean
    FloorLifecycle floorLifecycle() {
        return new FloorLifecycle();
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean0.class)
    FloorBeans.Bean0 floorBean0(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean0(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean1.class)
    FloorBeans.Bean1 floorBean1(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean1(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean2.class)
    FloorBeans.Bean2 floorBean2(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean2(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean3.class)
    FloorBeans.Bean3 floorBean3(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean3(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean4.class)
    FloorBeans.Bean4 floorBean4(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean4(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean5.class)
    FloorBeans.Bean5 floorBean5(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean5(properties);
    }

    @org.springframework.context.annotation.Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(FloorBeans.Bean6.class)
    FloorBeans.Bean6 floorBean6(FloorProperties properties,
            org.springframework.beans.factory.ObjectProvider<FloorLifecycle> lifecycle) {
        return new FloorBeans.Bean6(properties);
    }
}
