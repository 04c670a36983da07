package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrel;

import java.util.SplittableRandom;

/** Deterministic packets for session tests: the same arguments always give an equal packet. */
final class TestPackets {

    private TestPackets() {
    }

    /** A QoS 1 or 2 PUBLISH whose topic, payload and flags are derived from {@code seed}. */
    static Publish publish(int id, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] payload = new byte[random.nextInt(0, 300)];
        random.nextBytes(payload);
        Message message = new Message("sensors/" + seed % 97 + "/value", payload, 1 + random.nextInt(2),
                random.nextBoolean());
        return new Publish(message, random.nextBoolean(), id);
    }

    static Pubrel pubrel(int id) {
        return new Pubrel(id);
    }

    /** A PUBLISH or a PUBREL, chosen by {@code seed}. */
    static IdentifiedPacket any(int id, long seed) {
        return seed % 4 == 0 ? pubrel(id) : publish(id, seed);
    }
}
