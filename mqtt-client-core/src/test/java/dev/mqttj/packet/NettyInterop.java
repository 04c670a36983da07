package dev.mqttj.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import java.util.ArrayList;
import java.util.List;

/** Converts between our packets and Netty codec-mqtt's messages, field by field. */
final class NettyInterop {
    private NettyInterop() {
    }

    static MqttMessage toNetty(Packet p) {
        switch (p.type()) {
            case CONNECT:
                return connect((Connect) p);
            case CONNACK: {
                Connack c = (Connack) p;
                return MqttMessageFactory.newMessage(header(MqttMessageType.CONNACK, false, 0, false),
                        new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) c.returnCode().code()),
                                c.sessionPresent()), null);
            }
            case PUBLISH: {
                Publish pub = (Publish) p;
                Message m = pub.message();
                return MqttMessageFactory.newMessage(header(MqttMessageType.PUBLISH, pub.dup(), m.qos(), m.retain()),
                        new MqttPublishVariableHeader(m.topic(), m.qos() == 0 ? -1 : pub.id()),
                        Unpooled.wrappedBuffer(m.payload()));
            }
            case PUBREL:
                return idOnly(MqttMessageType.PUBREL, 1, ((Pubrel) p).id());
            case PUBACK:
            case PUBREC:
            case PUBCOMP:
            case UNSUBACK:
                return idOnly(MqttMessageType.valueOf(p.type().code()), 0, ((IdentifiedPacket) p).id());
            case SUBSCRIBE: {
                Subscribe s = (Subscribe) p;
                List<MqttTopicSubscription> subs = new ArrayList<>();
                for (Subscription sub : s.subscriptions()) {
                    subs.add(new MqttTopicSubscription(sub.topicFilter(), MqttQoS.valueOf(sub.qos())));
                }
                return MqttMessageFactory.newMessage(header(MqttMessageType.SUBSCRIBE, false, 1, false),
                        MqttMessageIdVariableHeader.from(s.id()), new MqttSubscribePayload(subs));
            }
            case SUBACK: {
                Suback s = (Suback) p;
                return MqttMessageFactory.newMessage(header(MqttMessageType.SUBACK, false, 0, false),
                        MqttMessageIdVariableHeader.from(s.id()), new MqttSubAckPayload(s.returnCodes()));
            }
            case UNSUBSCRIBE: {
                Unsubscribe u = (Unsubscribe) p;
                return MqttMessageFactory.newMessage(header(MqttMessageType.UNSUBSCRIBE, false, 1, false),
                        MqttMessageIdVariableHeader.from(u.id()), new MqttUnsubscribePayload(u.topicFilters()));
            }
            case PINGREQ:
                return MqttMessage.PINGREQ;
            case PINGRESP:
                return MqttMessage.PINGRESP;
            default:
                return MqttMessage.DISCONNECT;
        }
    }

    /** Builds our packet from a Netty message; the caller releases any ByteBuf the message holds. */
    static Packet fromNetty(MqttMessage m) {
        MqttFixedHeader h = m.fixedHeader();
        switch (h.messageType()) {
            case CONNECT:
                return connect((MqttConnectMessage) m);
            case CONNACK: {
                MqttConnAckVariableHeader v = (MqttConnAckVariableHeader) m.variableHeader();
                return new Connack(v.isSessionPresent(), ConnackCode.of(v.connectReturnCode().byteValue()));
            }
            case PUBLISH: {
                MqttPublishVariableHeader v = (MqttPublishVariableHeader) m.variableHeader();
                byte[] payload = ByteBufUtil.getBytes((ByteBuf) m.payload());
                int qos = h.qosLevel().value();
                return new Publish(new Message(v.topicName(), payload, qos, h.isRetain()), h.isDup(),
                        qos == 0 ? 0 : v.packetId());
            }
            case PUBACK:
                return new Puback(messageId(m));
            case PUBREC:
                return new Pubrec(messageId(m));
            case PUBREL:
                return new Pubrel(messageId(m));
            case PUBCOMP:
                return new Pubcomp(messageId(m));
            case SUBSCRIBE: {
                List<Subscription> subs = new ArrayList<>();
                for (MqttTopicSubscription t : ((MqttSubscribePayload) m.payload()).topicSubscriptions()) {
                    subs.add(new Subscription(t.topicFilter(), t.qualityOfService().value()));
                }
                return new Subscribe(messageId(m), subs);
            }
            case SUBACK:
                return new Suback(messageId(m), ((MqttSubAckPayload) m.payload()).reasonCodes());
            case UNSUBSCRIBE:
                return new Unsubscribe(messageId(m), ((MqttUnsubscribePayload) m.payload()).topics());
            case UNSUBACK:
                return new Unsuback(messageId(m));
            case PINGREQ:
                return Pingreq.INSTANCE;
            case PINGRESP:
                return Pingresp.INSTANCE;
            case DISCONNECT:
                return Disconnect.INSTANCE;
            default:
                throw new IllegalArgumentException("not an MQTT 3.1.1 packet: " + h.messageType());
        }
    }

    private static MqttConnectMessage connect(Connect c) {
        Message will = c.will();
        MqttConnectVariableHeader v = new MqttConnectVariableHeader(c.version().protocolName(), c.version().level(),
                c.username() != null, c.password() != null, will != null && will.retain(),
                will == null ? 0 : will.qos(), will != null, c.cleanSession(), c.keepAlive());
        MqttConnectPayload payload = new MqttConnectPayload(c.clientId(), will == null ? null : will.topic(),
                will == null ? null : will.payload(), c.username(), c.password());
        return new MqttConnectMessage(header(MqttMessageType.CONNECT, false, 0, false), v, payload);
    }

    private static Connect connect(MqttConnectMessage m) {
        MqttConnectVariableHeader v = m.variableHeader();
        MqttConnectPayload p = m.payload();
        Message will = v.isWillFlag()
                ? new Message(p.willTopic(), p.willMessageInBytes(), v.willQos(), v.isWillRetain()) : null;
        return new Connect(ProtocolVersion.ofLevel(v.version()), p.clientIdentifier(), v.keepAliveTimeSeconds(),
                v.isCleanSession(), will, v.hasUserName() ? p.userName() : null,
                v.hasPassword() ? p.passwordInBytes() : null);
    }

    private static int messageId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    private static MqttMessage idOnly(MqttMessageType type, int qos, int id) {
        return MqttMessageFactory.newMessage(header(type, false, qos, false), MqttMessageIdVariableHeader.from(id),
                null);
    }

    private static MqttFixedHeader header(MqttMessageType type, boolean dup, int qos, boolean retain) {
        return new MqttFixedHeader(type, dup, MqttQoS.valueOf(qos), retain, 0);
    }
}
