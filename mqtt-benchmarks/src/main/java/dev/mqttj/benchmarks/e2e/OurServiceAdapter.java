package dev.mqttj.benchmarks.e2e;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Drives our reconnecting {@link Service} through its public API only. */
final class OurServiceAdapter implements BenchClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Service service = new Service();

    @Override
    public void connect(String clientId, int port, Receiver receiver) throws Exception {
        CountDownLatch online = new CountDownLatch(1);
        service.setOnlineCallback(resumed -> online.countDown());
        if (receiver != null) {
            service.setMessageCallback(message -> receiver.received(message.payload()));
        }
        service.start(Config.builder("tcp://127.0.0.1:" + port).clientId(clientId).maxInflight(1000).build());
        if (!online.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            service.stop(true);
            throw new TimeoutException("service " + clientId + " not online within " + TIMEOUT);
        }
    }

    @Override
    public void publishQos0(String topic, byte[] payload) {
        service.publish(topic, payload, 0, false);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Completion completion) {
        service.publish(topic, payload, qos, false).onComplete((done, failure) -> completion.done(failure));
    }

    @Override
    public void subscribe(String topicFilter, int qos) throws Exception {
        service.subscribe(topicFilter, qos).await(TIMEOUT);
    }

    @Override
    public void disconnect() {
        service.stop(true);
    }
}
