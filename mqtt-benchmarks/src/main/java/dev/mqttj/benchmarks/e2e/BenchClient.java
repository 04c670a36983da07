package dev.mqttj.benchmarks.e2e;

/**
 * The few operations the scenarios need from an MQTT client, so each client under test is driven by
 * the same code. Implementations are loaded by class name inside the worker JVM, so a worker only
 * loads the library it measures.
 */
interface BenchClient {

    /** Receives the payload of a delivered message, on whatever thread the client delivers on. */
    interface Receiver {
        void received(byte[] payload);
    }

    /** Told once when a publish completes: error is null on success. */
    interface Completion {
        void done(Throwable error);
    }

    /** Connects with a clean session and waits for CONNACK. The receiver may be null. */
    void connect(String clientId, int port, Receiver receiver) throws Exception;

    /** Publishes at QoS 0 without waiting for anything. */
    void publishQos0(String topic, byte[] payload) throws Exception;

    /** Publishes at QoS 1 or 2 and calls the completion on PUBACK or PUBCOMP. */
    void publish(String topic, byte[] payload, int qos, Completion completion) throws Exception;

    /** Subscribes and waits for SUBACK. */
    void subscribe(String topicFilter, int qos) throws Exception;

    /** Disconnects and releases the client's threads. */
    void disconnect() throws Exception;

    /** Creates the adapter for a client kind without loading the other clients' libraries. */
    static BenchClient create(ClientKind kind) {
        try {
            return (BenchClient) Class.forName(kind.adapterClass()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the adapter for client " + kind.id(), e);
        }
    }
}
