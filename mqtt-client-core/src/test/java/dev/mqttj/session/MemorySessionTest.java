package dev.mqttj.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.IdentifiedPacket;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MemorySessionTest extends SessionContractTest {

    @Override
    Session newSession() {
        return new MemorySession();
    }

    @Test
    void concurrentCallersGetDistinctIdsAndLoseNoPackets() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Integer>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    List<Integer> kept = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int id = session.nextId();
                        session.savePacket(Direction.OUTGOING, TestPackets.pubrel(id));
                        session.savePacket(Direction.INCOMING, TestPackets.pubrel(id));
                        if (i % 2 == 0) {
                            session.deletePacket(Direction.OUTGOING, id);
                        } else {
                            kept.add(id);
                        }
                    }
                    return kept;
                });
            }
            Set<Integer> expected = new HashSet<>();
            for (Future<List<Integer>> result : pool.invokeAll(tasks)) {
                for (int id : result.get()) {
                    assertThat(expected.add(id)).as("id %d handed out twice while in flight", id).isTrue();
                }
            }
            Set<Integer> stored = new HashSet<>();
            for (IdentifiedPacket packet : session.allPackets(Direction.OUTGOING)) {
                stored.add(packet.id());
            }
            assertThat(stored).isEqualTo(expected);
            assertThat(session.allPackets(Direction.INCOMING)).hasSizeGreaterThanOrEqualTo(expected.size());
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
