package dev.mqttj.benchmarks.spring;

import dev.mqttj.client.Service;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application the Spring benchmarks run: the starter's auto-configuration as any application gets it
 * (with Spring Boot's Jackson 3 {@code JsonMapper}), plus the {@link SensorListeners}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchApplication {

    private static final Duration ONLINE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The listeners.
     *
     * @return the listeners bean
     */
    @Bean
    public SensorListeners sensorListeners() {
        return new SensorListeners();
    }

    /**
     * Starts the application against a broker on the loopback interface and waits until its service is online.
     *
     * @param port the broker's port
     * @param clientId the client id, which also names the service's threads
     * @return the running context
     * @throws TimeoutException if the service did not connect in time
     */
    public static ConfigurableApplicationContext start(int port, String clientId) throws TimeoutException {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "mqtt.broker-url=tcp://127.0.0.1:" + port, "mqtt.client-id=" + clientId,
                        // As the e2e harness's clients: the QoS 1 publishes keep up to 1,000 in flight.
                        "mqtt.max-inflight=1000")
                .run();
        Service service = context.getBean(Service.class);
        long deadline = System.nanoTime() + ONLINE_TIMEOUT.toNanos();
        while (!service.isOnline()) {
            if (System.nanoTime() - deadline > 0) {
                context.close();
                throw new TimeoutException("the application's MQTT service was not online within " + ONLINE_TIMEOUT);
            }
            LockSupport.parkNanos(1_000_000);
        }
        return context;
    }
}
