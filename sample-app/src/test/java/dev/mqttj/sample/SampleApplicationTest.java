package dev.mqttj.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

class SampleApplicationTest {

    @Test
    void startsAndStopsCleanly() {
        ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class);
        assertThat(context.isRunning()).isTrue();
        context.close();
        assertThat(context.isActive()).isFalse();
    }
}
