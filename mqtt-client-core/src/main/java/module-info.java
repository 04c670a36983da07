/**
 * mqttj core: a dependency-free MQTT 3.1.1 client and reconnecting service, the Java port of gomqtt's
 * {@code client} package.
 *
 * <p>{@link dev.mqttj.client} holds {@code Client}, {@code Service}, {@code Config}, the futures and the
 * helpers; {@link dev.mqttj.packet} the packet types and codec; {@link dev.mqttj.session} the session
 * stores; {@link dev.mqttj.topic} topic validation and matching; {@link dev.mqttj.transport} the dialers
 * and connections. {@code dev.mqttj.internal} is not exported.
 */
module dev.mqttj.core {
    requires java.net.http;

    exports dev.mqttj.client;
    exports dev.mqttj.packet;
    exports dev.mqttj.session;
    exports dev.mqttj.topic;
    exports dev.mqttj.transport;
}
