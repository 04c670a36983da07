package dev.mqttj.spring.listener.observation;

import io.micrometer.observation.Observation;

/**
 * What an observation of one listener invocation knows: the listener's id and the message's topic and QoS.
 */
public class MqttListenerObservationContext extends Observation.Context {

    private final String listenerId;
    private final String topic;
    private final int qos;

    /**
     * Creates the context.
     *
     * @param listenerId the listener's id
     * @param topic the message's topic
     * @param qos the message's QoS
     */
    public MqttListenerObservationContext(String listenerId, String topic, int qos) {
        this.listenerId = listenerId;
        this.topic = topic;
        this.qos = qos;
    }

    /**
     * Returns the listener's id.
     *
     * @return the id
     */
    public String getListenerId() {
        return listenerId;
    }

    /**
     * Returns the message's topic.
     *
     * @return the topic name
     */
    public String getTopic() {
        return topic;
    }

    /**
     * Returns the QoS the message was delivered with.
     *
     * @return 0, 1 or 2
     */
    public int getQos() {
        return qos;
    }
}
