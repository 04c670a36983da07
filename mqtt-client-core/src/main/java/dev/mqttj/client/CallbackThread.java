package dev.mqttj.client;

/**
 * A thread that runs user callbacks for one client or service. Futures of the same owner refuse to
 * be awaited on it, because only this thread could complete them.
 */
final class CallbackThread extends Thread {

    private final Object owner;

    CallbackThread(Object owner, Runnable task, String name) {
        super(task, name);
        this.owner = owner;
        setDaemon(true);
    }

    Object owner() {
        return owner;
    }
}
