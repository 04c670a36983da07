package dev.mqttj.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.IdentifiedPacket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The primitive-keyed store behaves exactly like an insertion-ordered map, over random operation
 * sequences that force growing, shrinking, probe runs that wrap around the table and deletion from
 * the middle of those runs. Every failure message names its seed.
 */
class PacketStorePropertyTest {

    static Stream<Long> seeds() {
        long fresh = System.nanoTime();
        System.out.println("PacketStorePropertyTest fresh seed: " + fresh);
        return Stream.of(1L, 2L, 3L, 42L, 0xC0FFEEL, 987654321L, fresh);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void behavesLikeAnInsertionOrderedMap(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PacketStore store = new PacketStore();
        LinkedHashMap<Integer, IdentifiedPacket> reference = new LinkedHashMap<>();
        // A narrow id range makes collisions, replacements and deletions of present ids common.
        int idRange = 1 + random.nextInt(2000);
        for (int step = 0; step < 20_000; step++) {
            int id = 1 + random.nextInt(idRange);
            int op = random.nextInt(10);
            if (op < 5) {
                IdentifiedPacket packet = TestPackets.pubrel(id);
                assertThat(store.save(packet)).as("seed %d step %d: save %d", seed, step, id)
                        .isEqualTo(reference.put(id, packet));
            } else if (op < 9) {
                assertThat(store.delete(id)).as("seed %d step %d: delete %d", seed, step, id)
                        .isEqualTo(reference.remove(id));
            } else if (random.nextInt(50) == 0) {
                store.clear();
                reference.clear();
            }
            assertThat(store.size()).as("seed %d step %d: size", seed, step).isEqualTo(reference.size());
            assertThat(store.contains(id)).as("seed %d step %d: contains %d", seed, step, id)
                    .isEqualTo(reference.containsKey(id));
            assertThat(store.lookup(id)).as("seed %d step %d: lookup %d", seed, step, id).isEqualTo(reference.get(id));
            if (step % 500 == 0) {
                assertThat(store.all()).as("seed %d step %d: order", seed, step)
                        .containsExactlyElementsOf(new ArrayList<>(reference.values()));
            }
        }
        assertThat(store.all()).as("seed %d: final order", seed).containsExactlyElementsOf(reference.values());
    }

    @Test
    void replacedPacketKeepsItsPlace() {
        PacketStore store = new PacketStore();
        for (int id = 1; id <= 100; id++) {
            store.save(TestPackets.publish(id, id));
        }
        IdentifiedPacket replacement = TestPackets.pubrel(50);
        store.save(replacement);
        List<IdentifiedPacket> all = store.all();
        assertThat(all).hasSize(100);
        assertThat(all.get(49)).isSameAs(replacement);
        assertThat(all.get(0).id()).isEqualTo(1);
        assertThat(all.get(99).id()).isEqualTo(100);
    }

    @Test
    void holdsEveryPacketIdAtOnce() {
        PacketStore store = new PacketStore();
        for (int id = 65535; id >= 1; id--) {
            store.save(TestPackets.pubrel(id));
        }
        assertThat(store.size()).isEqualTo(65535);
        assertThat(store.all().get(0).id()).isEqualTo(65535);
        for (int id = 1; id <= 65535; id += 2) {
            store.delete(id);
        }
        assertThat(store.size()).isEqualTo(32767);
        assertThat(store.contains(2)).isTrue();
        assertThat(store.contains(3)).isFalse();
    }
}
