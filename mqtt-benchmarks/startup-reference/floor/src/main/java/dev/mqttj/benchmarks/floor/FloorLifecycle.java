package dev.mqttj.benchmarks.floor;

/** Starts a thread that does nothing, where mqttj's lifecycle starts the service's supervisor thread. */
public class FloorLifecycle implements org.springframework.context.SmartLifecycle {

    private volatile boolean running;

    @Override
    public void start() {
        Thread thread = new Thread(() -> {
        }, "floor");
        thread.setDaemon(true);
        thread.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
