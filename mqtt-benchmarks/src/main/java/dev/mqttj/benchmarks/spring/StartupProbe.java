package dev.mqttj.benchmarks.spring;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal Spring Boot application that reports how long it took to start, run in a fresh JVM by
 * {@link StartupRatio}. It names no class of mqttj, so the same class runs with the starter on the class path
 * (its auto-configuration then creates the MQTT beans) and without it.
 *
 * <p>Prints {@code @@startup <nanoseconds in SpringApplication.run> <JVM uptime in ms when run returned>
 * <whether an mqttService bean exists> <bean definitions> <process CPU nanoseconds when run returned>
 * <main thread CPU nanoseconds then>}, then closes the context and exits. The CPU times are the work done, which
 * other load on the machine does not stretch as it stretches the elapsed times; the main thread's leaves out the
 * compiler and garbage collector threads, whose share varies from run to run.
 *
 * <p>With {@code -Dstartup.steps=N} it also records Spring's startup steps and prints the N longest bean
 * instantiations, to see where the time goes (the recording itself slows the start a little).
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
        int steps = Integer.getInteger("startup.steps", 0);
        BufferingApplicationStartup recording = steps > 0 ? new BufferingApplicationStartup(100_000) : null;
        if (recording != null) {
            application.setApplicationStartup(recording);
        }
        ConfigurableApplicationContext context = application.run(args);
        long runNanos = System.nanoTime() - start;
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long mainCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        System.out.println(RESULT + " " + runNanos + " " + uptimeMillis + " " + context.containsBean("mqttService")
                + " " + context.getBeanDefinitionCount() + " " + cpuNanos + " " + mainCpuNanos);
        if (recording != null) {
            printLongestBeans(recording.getBufferedTimeline(), steps);
        }
        System.out.flush();
        context.close();
        System.exit(0);
    }

    /**
     * Starts the probe application in this JVM and closes it again, for measurements in a warm JVM.
     *
     * @param brokerPort a port nothing listens on
     * @param excludedAutoConfigurations auto-configurations to leave out, comma-separated, or null for none
     * @param expectMqtt whether the MQTT service must be there, so a mistaken exclusion cannot go unnoticed
     * @return the milliseconds spent in {@code SpringApplication.run}
     */
    static double startAndClose(int brokerPort, String excludedAutoConfigurations, boolean expectMqtt) {
        List<String> args = new ArrayList<>(List.of("--mqtt.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        if (excludedAutoConfigurations != null) {
            args.add("--spring.autoconfigure.exclude=" + excludedAutoConfigurations);
        }
        long start = System.nanoTime();
        SpringApplication application = new SpringApplication(StartupProbe.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setRegisterShutdownHook(false);
        try (ConfigurableApplicationContext context = application.run(args.toArray(new String[0]))) {
            double millis = (System.nanoTime() - start) / 1e6;
            if (context.containsBean("mqttService") != expectMqtt) {
                throw new IllegalStateException("the application " + (expectMqtt ? "lacked" : "had") + " the MQTT service");
            }
            return millis;
        }
    }

    /** The bean instantiations that took longest, each including the beans it needed. */
    private static void printLongestBeans(StartupTimeline timeline, int count) {
        List<StartupTimeline.TimelineEvent> beans = new ArrayList<>();
        for (StartupTimeline.TimelineEvent event : timeline.getEvents()) {
            if (event.getStartupStep().getName().equals("spring.beans.instantiate")) {
                beans.add(event);
            }
        }
        beans.sort(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed());
        for (StartupTimeline.TimelineEvent event : beans.subList(0, Math.min(count, beans.size()))) {
            String name = "?";
            for (org.springframework.core.metrics.StartupStep.Tag tag : event.getStartupStep().getTags()) {
                if (tag.getKey().equals("beanName")) {
                    name = tag.getValue();
                }
            }
            System.out.printf(java.util.Locale.ROOT, "%8.1f ms  %s%n", event.getDuration().toNanos() / 1e6, name);
        }
    }
}
