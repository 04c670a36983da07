package dev.mqttj.client;

import dev.mqttj.packet.Message;

/**
 * A message as it arrived, handed to a {@link MessageHandler}: the application message plus what the
 * broker's PUBLISH said about its delivery.
 */
public interface ReceivedMessage {

    /**
     * Returns the application message.
     *
     * @return topic, payload, QoS and retain flag
     */
    Message message();

    /**
     * Tells whether the broker marked the PUBLISH as a redelivery (DUP flag): it may have been
     * delivered before, to this client or an earlier connection of its session.
     *
     * @return the DUP flag; always false for QoS 0
     */
    boolean duplicate();

    /**
     * Returns the packet id the broker gave this delivery.
     *
     * @return 1..65535 for QoS 1 and 2, 0 for QoS 0
     */
    int packetId();

    /**
     * Takes over this message's acknowledgement: the client does not acknowledge it when the handler
     * returns, and the application calls {@link Acknowledgement#acknowledge()} later, from any thread.
     * Acknowledgements still go out in the order the messages arrived, as MQTT 3.1.1 requires
     * [MQTT-4.6.0-2]: one acknowledged early waits for those before it. While
     * {@link Config#maxPendingAcknowledgements()} acknowledgements are outstanding the client stops
     * reading from the broker (back-pressure) until one goes out; acknowledge within the keep-alive
     * interval, since a client that stops reading also misses the broker's PINGRESP.
     *
     * <p>For QoS 1 the deferred acknowledgement is the PUBACK. For QoS 2 it is the PUBREC when
     * {@link Config#alwaysAnnounceOnPublish()} is on, else the PUBCOMP (the PUBREC went out on arrival).
     * For QoS 0 there is nothing to acknowledge and the returned handle does nothing.
     *
     * @return the handle that acknowledges or refuses this message
     * @throws IllegalStateException if called after the handler returned, or twice
     */
    Acknowledgement deferAcknowledgement();
}
