package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * The equals/hashCode contract of the hand-written value types, field by field: two values built from the same
 * arguments are equal with equal hash codes, and changing any single field makes them unequal.
 */
class ValueEqualityTest {

    @Test
    void connectComparesEveryField() {
        Supplier<Connect> base = () -> new Connect(ProtocolVersion.MQTT_3_1_1, "client", 30, true,
                new Message("will/topic", new byte[] {1}, 1, false), "user", new byte[] {2, 3});
        Map<String, Connect> variants = new LinkedHashMap<>();
        variants.put("version", new Connect(ProtocolVersion.MQTT_3_1, "client", 30, true,
                new Message("will/topic", new byte[] {1}, 1, false), "user", new byte[] {2, 3}));
        variants.put("client id", new Connect(ProtocolVersion.MQTT_3_1_1, "other", 30, true,
                new Message("will/topic", new byte[] {1}, 1, false), "user", new byte[] {2, 3}));
        variants.put("keep alive", new Connect(ProtocolVersion.MQTT_3_1_1, "client", 31, true,
                new Message("will/topic", new byte[] {1}, 1, false), "user", new byte[] {2, 3}));
        variants.put("clean session", new Connect(ProtocolVersion.MQTT_3_1_1, "client", 30, false,
                new Message("will/topic", new byte[] {1}, 1, false), "user", new byte[] {2, 3}));
        variants.put("will", new Connect(ProtocolVersion.MQTT_3_1_1, "client", 30, true,
                new Message("will/topic", new byte[] {1}, 2, false), "user", new byte[] {2, 3}));
        variants.put("no will", new Connect(ProtocolVersion.MQTT_3_1_1, "client", 30, true,
                null, "user", new byte[] {2, 3}));
        variants.put("username", new Connect(ProtocolVersion.MQTT_3_1_1, "client", 30, true,
                new Message("will/topic", new byte[] {1}, 1, false), "resu", new byte[] {2, 3}));
        variants.put("password", new Connect(ProtocolVersion.MQTT_3_1_1, "client", 30, true,
                new Message("will/topic", new byte[] {1}, 1, false), "user", new byte[] {2, 4}));
        variants.put("no password", new Connect(ProtocolVersion.MQTT_3_1_1, "client", 30, true,
                new Message("will/topic", new byte[] {1}, 1, false), "user", null));
        assertContract(base, variants);
    }

    @Test
    void messageComparesEveryField() {
        Supplier<Message> base = () -> new Message("a/b", new byte[] {1, 2}, 1, false);
        Map<String, Message> variants = new LinkedHashMap<>();
        variants.put("topic", new Message("a/c", new byte[] {1, 2}, 1, false));
        variants.put("payload", new Message("a/b", new byte[] {1, 3}, 1, false));
        variants.put("qos", new Message("a/b", new byte[] {1, 2}, 2, false));
        variants.put("retain", new Message("a/b", new byte[] {1, 2}, 1, true));
        assertContract(base, variants);
    }

    @Test
    void subscriptionComparesFilterAndQos() {
        Supplier<Subscription> base = () -> new Subscription("a/+", 1);
        Map<String, Subscription> variants = new LinkedHashMap<>();
        variants.put("topic filter", new Subscription("a/#", 1));
        variants.put("qos", new Subscription("a/+", 2));
        assertContract(base, variants);
    }

    @Test
    void hashCodesSpreadOverEachField() {
        // A constant or field-blind hash would put these many values on a handful of codes.
        Set<Integer> messageHashes = new HashSet<>();
        Set<Integer> subscriptionHashes = new HashSet<>();
        Set<Integer> connectHashes = new HashSet<>();
        for (int qos = 0; qos <= 2; qos++) {
            for (int retain = 0; retain < 2; retain++) {
                for (int payload = 0; payload < 4; payload++) {
                    messageHashes.add(new Message("t" + payload % 2, new byte[] {(byte) payload}, qos, retain == 1)
                            .hashCode());
                }
            }
            subscriptionHashes.add(new Subscription("a", qos).hashCode());
            subscriptionHashes.add(new Subscription("b", qos).hashCode());
        }
        for (int keepAlive = 0; keepAlive < 4; keepAlive++) {
            for (int clean = 0; clean < 2; clean++) {
                connectHashes.add(new Connect(ProtocolVersion.MQTT_3_1_1, "c", keepAlive, clean == 1, null, "u",
                        new byte[] {(byte) keepAlive}).hashCode());
            }
        }
        assertThat(messageHashes).hasSize(3 * 2 * 4);
        assertThat(subscriptionHashes).hasSize(6);
        assertThat(connectHashes).hasSize(8);
    }

    private static <T> void assertContract(Supplier<T> base, Map<String, T> variants) {
        T value = base.get();
        T same = base.get();
        assertThat(value).isEqualTo(value).isEqualTo(same).isNotEqualTo(null).isNotEqualTo("not a packet value");
        assertThat(value.hashCode()).isEqualTo(same.hashCode());
        variants.forEach((field, variant) -> {
            assertThat(value).as("differs in %s", field).isNotEqualTo(variant);
            assertThat(variant).as("differs in %s, compared the other way", field).isNotEqualTo(value);
            assertThat(value.hashCode()).as("hash differs in %s", field).isNotEqualTo(variant.hashCode());
        });
    }
}
