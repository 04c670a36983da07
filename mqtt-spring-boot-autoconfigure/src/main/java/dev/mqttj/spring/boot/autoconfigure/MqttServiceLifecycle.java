package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link Service} when the application context has started and stops it, draining the
 * publishes in flight, when the context closes.
 *
 * <p>It runs in phase {@link #PHASE}: after the web server's graceful shutdown (so requests still being
 * served can publish) and after any listener container of a higher phase has stopped consuming. The stop
 * runs on its own thread, so Spring's lifecycle processor waits for it up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase} while other beans of the phase stop in parallel.
 */
public final class MqttServiceLifecycle implements SmartLifecycle {

    /** The lifecycle phase: below the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Service service;
    private final Config config;
    private final boolean failFast;
    private final Duration failFastTimeout;
    private volatile boolean running;

    /**
     * Creates the lifecycle.
     *
     * @param service the service to start and stop
     * @param config how the service connects
     * @param failFast whether {@link #start()} fails when the service is not online within
     *     {@code failFastTimeout}
     * @param failFastTimeout how long {@link #start()} waits when failing fast
     */
    public MqttServiceLifecycle(Service service, Config config, boolean failFast, Duration failFastTimeout) {
        this.service = service;
        this.config = config;
        this.failFast = failFast;
        this.failFastTimeout = failFastTimeout;
    }

    /**
     * Starts the service; it connects in the background unless fail-fast is on.
     *
     * @throws MqttBrokerUnavailableException if fail-fast is on and the broker was not reached in time
     */
    @Override
    public void start() {
        this.service.start(this.config);
        this.running = true;
        if (this.failFast && !awaitOnline()) {
            Throwable lastError = this.service.status().lastError();
            this.service.stop(true);
            this.running = false;
            throw new MqttBrokerUnavailableException("mqtt.fail-fast is true and no broker of "
                    + MqttUrls.masked(this.config.brokerUrls()) + " was reached within " + this.failFastTimeout
                    + " (mqtt.connect-timeout per broker URL)" + (lastError == null ? "" : "; last error: " + lastError)
                    + "; start the broker, fix mqtt.broker-url, or set mqtt.fail-fast=false to connect in the"
                    + " background", lastError);
        }
    }

    /** Waits for the first connection by polling: the service's callbacks belong to the application. */
    private boolean awaitOnline() {
        long deadline = System.nanoTime() + this.failFastTimeout.toNanos();
        while (!this.service.isOnline()) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /** Stops the service, waiting up to the disconnect timeout for publishes in flight. */
    @Override
    public void stop() {
        this.running = false;
        this.service.stop(false);
    }

    /**
     * Stops the service on a separate thread and reports completion through {@code callback}.
     *
     * @param callback run once the service has sent DISCONNECT and stopped
     */
    @Override
    public void stop(Runnable callback) {
        this.running = false;
        Thread stopper = new Thread(() -> {
            try {
                this.service.stop(false);
            } finally {
                callback.run();
            }
        }, "mqtt-" + this.config.clientId() + "-shutdown");
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
