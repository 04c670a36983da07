package dev.mqttj.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded generators of valid packets covering every type, flag and string shape. */
final class RandomPackets {
    private static final String[] LEVEL_PIECES = {"a", "sensors", "temp", "ü", "日本", "\uD83D\uDE00", "x y",
        "", "long-level-name-0123456789", "Ω", "é", "$SYS"};

    private final SplittableRandom random;

    RandomPackets(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Packet any() {
        return of(PacketType.of(1 + random.nextInt(14)));
    }

    Packet of(PacketType type) {
        switch (type) {
            case CONNECT:
                return connect();
            case CONNACK:
                boolean accepted = random.nextBoolean();
                return new Connack(accepted && random.nextBoolean(),
                        accepted ? ConnackCode.ACCEPTED : ConnackCode.of(1 + random.nextInt(5)));
            case PUBLISH:
                return publish();
            case PUBACK:
                return new Puback(id());
            case PUBREC:
                return new Pubrec(id());
            case PUBREL:
                return new Pubrel(id());
            case PUBCOMP:
                return new Pubcomp(id());
            case SUBSCRIBE: {
                List<Subscription> subs = new ArrayList<>();
                int n = 1 + random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    subs.add(new Subscription(filter(), random.nextInt(3)));
                }
                return new Subscribe(id(), subs);
            }
            case SUBACK: {
                List<Integer> codes = new ArrayList<>();
                int n = 1 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    int c = random.nextInt(4);
                    codes.add(c == 3 ? Suback.FAILURE : c);
                }
                return new Suback(id(), codes);
            }
            case UNSUBSCRIBE: {
                List<String> filters = new ArrayList<>();
                int n = 1 + random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    filters.add(filter());
                }
                return new Unsubscribe(id(), filters);
            }
            case UNSUBACK:
                return new Unsuback(id());
            case PINGREQ:
                return Pingreq.INSTANCE;
            case PINGRESP:
                return Pingresp.INSTANCE;
            default:
                return Disconnect.INSTANCE;
        }
    }

    Publish publish() {
        Message m = message(payloadSize());
        int id = m.qos() == 0 ? 0 : id();
        return new Publish(m, m.qos() > 0 && random.nextBoolean(), id);
    }

    Connect connect() {
        ProtocolVersion version = random.nextBoolean() ? ProtocolVersion.MQTT_3_1_1 : ProtocolVersion.MQTT_3_1;
        boolean clean = random.nextBoolean();
        String clientId;
        if (version == ProtocolVersion.MQTT_3_1) {
            clientId = "c" + Integer.toHexString(random.nextInt()).substring(0, 1 + random.nextInt(5));
        } else {
            clientId = clean && random.nextInt(4) == 0 ? "" : string(1 + random.nextInt(30));
        }
        Message will = random.nextBoolean() ? message(random.nextInt(300)) : null;
        String username = random.nextBoolean() ? string(random.nextInt(20)) : null;
        byte[] password = username != null && random.nextBoolean() ? bytes(random.nextInt(40)) : null;
        return new Connect(version, clientId, random.nextInt(65536), clean, will, username, password);
    }

    Message message(int payloadSize) {
        return new Message(topicName(), bytes(payloadSize), random.nextInt(3), random.nextBoolean());
    }

    int id() {
        return 1 + random.nextInt(65535);
    }

    String topicName() {
        StringBuilder sb = new StringBuilder();
        int levels = 1 + random.nextInt(5);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(LEVEL_PIECES[random.nextInt(LEVEL_PIECES.length)]);
        }
        if (sb.length() == 0) {
            sb.append('/');
        }
        return sb.toString();
    }

    String filter() {
        StringBuilder sb = new StringBuilder();
        int levels = 1 + random.nextInt(5);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int r = random.nextInt(6);
            if (r == 0) {
                sb.append('+');
            } else if (r == 1 && i == levels - 1) {
                sb.append('#');
            } else {
                sb.append(LEVEL_PIECES[random.nextInt(LEVEL_PIECES.length)]);
            }
        }
        if (sb.length() == 0) {
            sb.append('#');
        }
        return sb.toString();
    }

    /** A string of random code points from all UTF-8 lengths, without U+0000 or surrogates. */
    String string(int codePoints) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int kind = random.nextInt(4);
            int cp;
            if (kind == 0) {
                cp = 1 + random.nextInt(0x7F);
            } else if (kind == 1) {
                cp = 0x80 + random.nextInt(0x800 - 0x80);
            } else if (kind == 2) {
                do {
                    cp = 0x800 + random.nextInt(0x10000 - 0x800);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
            } else {
                cp = 0x10000 + random.nextInt(0x110000 - 0x10000);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    int payloadSize() {
        int r = random.nextInt(10);
        if (r == 0) {
            return 0;
        }
        if (r == 1) {
            return 70_000 + random.nextInt(70_000);
        }
        return random.nextInt(r < 5 ? 64 : 4096);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
