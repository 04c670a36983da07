package dev.mqttj.benchmarks.spring;

import java.lang.management.ManagementFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal Spring Boot application that reports how long it took to start, run in a fresh JVM by
 * {@link StartupRatio}. It names no class of mqttj, so the same class runs with the starter on the class path
 * (its auto-configuration then creates the MQTT beans) and without it.
 *
 * <p>Prints {@code @@startup <nanoseconds in SpringApplication.run> <JVM uptime in ms when run returned>
 * <whether an mqttService bean exists> <bean definitions>}, then closes the context and exits.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StartupProbe {

    static final String RESULT = "@@startup";

    /**
     * Starts the application with the given arguments, reports and exits.
     *
     * @param args Spring Boot arguments such as {@code --mqtt.broker-url=...}
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        SpringApplication application = new SpringApplication(StartupProbe.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        ConfigurableApplicationContext context = application.run(args);
        long runNanos = System.nanoTime() - start;
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println(RESULT + " " + runNanos + " " + uptimeMillis + " " + context.containsBean("mqttService")
                + " " + context.getBeanDefinitionCount());
        System.out.flush();
        context.close();
        System.exit(0);
    }
}
