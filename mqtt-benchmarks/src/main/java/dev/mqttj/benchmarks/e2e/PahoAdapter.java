package dev.mqttj.benchmarks.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Drives Paho's {@link MqttAsyncClient} the way a tuned application would: in-memory persistence,
 * 1,000 messages in flight and TCP_NODELAY, so the comparison is about the client, not its defaults.
 */
final class PahoAdapter implements BenchClient {

    private static final long TIMEOUT_MILLIS = 10_000;
    private static final int MAX_INFLIGHT = 1_000;

    private MqttAsyncClient client;

    @Override
    public void connect(String clientId, int port, Receiver receiver) throws Exception {
        client = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        if (receiver != null) {
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    receiver.received(message.getPayload());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setKeepAliveInterval(30);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setAutomaticReconnect(false);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(TIMEOUT_MILLIS);
    }

    @Override
    public void publishQos0(String topic, byte[] payload) throws MqttException {
        publish(topic, payload, 0, null);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion completion) throws MqttException {
        IMqttActionListener listener = completion == null ? null : new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                completion.done(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                completion.done(error);
            }
        };
        while (true) {
            try {
                client.publish(topic, payload, qos, false, null, listener);
                return;
            } catch (MqttException e) {
                // Paho frees an in-flight slot slightly after it calls the listener that frees ours.
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void subscribe(String topicFilter, int qos) throws MqttException {
        client.subscribe(topicFilter, qos).waitForCompletion(TIMEOUT_MILLIS);
    }

    @Override
    public void disconnect() throws MqttException {
        try {
            client.disconnect(0).waitForCompletion(TIMEOUT_MILLIS);
        } finally {
            client.close(true);
        }
    }

    /** Paho does not set TCP_NODELAY itself; every other client here does. */
    static final class NoDelaySocketFactory extends SocketFactory {

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
