package dev.mqttj.spring.core.observation;

import io.micrometer.observation.Observation;

/**
 * What an observation of one publish knows: topic, QoS, retain flag and payload size. MQTT 3.1.1
 * messages carry no headers, so there is no trace context to propagate to the receiver.
 */
public final class MqttPublishObservationContext extends Observation.Context {

    private final String topic;
    private final int qos;
    private final boolean retain;
    private final int payloadSize;

    /**
     * Creates the context.
     *
     * @param topic the topic name
     * @param qos the QoS
     * @param retain the retain flag
     * @param payloadSize the payload size in bytes
     */
    public MqttPublishObservationContext(String topic, int qos, boolean retain, int payloadSize) {
        this.topic = topic;
        this.qos = qos;
        this.retain = retain;
        this.payloadSize = payloadSize;
    }

    /** @return the topic name */
    public String getTopic() {
        return this.topic;
    }

    /** @return the QoS, 0..2 */
    public int getQos() {
        return this.qos;
    }

    /** @return whether the message is retained */
    public boolean isRetain() {
        return this.retain;
    }

    /** @return the payload size in bytes */
    public int getPayloadSize() {
        return this.payloadSize;
    }
}
