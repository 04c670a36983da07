package dev.mqttj.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Publish;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The behaviour every {@link Session} implementation shares. */
abstract class SessionContractTest {

    Session session;

    abstract Session newSession() throws IOException;

    @BeforeEach
    void createSession() throws IOException {
        session = newSession();
    }

    @AfterEach
    void closeSession() throws IOException {
        if (session instanceof Closeable) {
            ((Closeable) session).close();
        }
    }

    @Test
    void nextIdCountsUpFromOne() {
        assertThat(List.of(session.nextId(), session.nextId(), session.nextId())).containsExactly(1, 2, 3);
    }

    @Test
    void nextIdWrapsFrom65535ToOneAndNeverReturnsZero() {
        for (int expected = 1; expected <= 65_535; expected++) {
            int id = session.nextId();
            if (id != expected) {
                assertThat(id).as("id number %d", expected).isEqualTo(expected);
            }
        }
        assertThat(session.nextId()).isEqualTo(1);
        assertThat(session.nextId()).isEqualTo(2);
    }

    @Test
    void nextIdSkipsIdsWithAStoredOutgoingPacket() throws IOException {
        session.savePacket(Direction.OUTGOING, TestPackets.publish(1, 1));
        session.savePacket(Direction.OUTGOING, TestPackets.pubrel(2));
        session.savePacket(Direction.OUTGOING, TestPackets.publish(4, 4));
        assertThat(List.of(session.nextId(), session.nextId(), session.nextId())).containsExactly(3, 5, 6);
    }

    @Test
    void nextIdDoesNotSkipIdsOfIncomingPackets() throws IOException {
        session.savePacket(Direction.INCOMING, TestPackets.publish(1, 1));
        assertThat(session.nextId()).isEqualTo(1);
    }

    @Test
    void nextIdSkipsIdsStillInFlightAfterWrappingAround() throws IOException {
        session.savePacket(Direction.OUTGOING, TestPackets.publish(1, 1));
        session.savePacket(Direction.OUTGOING, TestPackets.publish(2, 2));
        for (int i = 3; i <= 65_535; i++) {
            session.nextId();
        }
        assertThat(session.nextId()).isEqualTo(3);
    }

    @Test
    void nextIdReusesAnIdOnceItsPacketIsDeleted() throws IOException {
        int first = session.nextId();
        session.savePacket(Direction.OUTGOING, TestPackets.publish(first, 1));
        session.deletePacket(Direction.OUTGOING, first);
        for (int i = 2; i <= 65_535; i++) {
            session.nextId();
        }
        assertThat(session.nextId()).isEqualTo(first);
    }

    @Test
    void nextIdFailsWhenEveryIdIsInFlight() throws IOException {
        for (int id = 1; id <= 65_535; id++) {
            session.savePacket(Direction.OUTGOING, TestPackets.pubrel(id));
        }
        assertThatThrownBy(session::nextId).isInstanceOf(IllegalStateException.class).hasMessageContaining("65535");
        session.deletePacket(Direction.OUTGOING, 777);
        assertThat(session.nextId()).isEqualTo(777);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void savedPacketIsFoundByIdAndOnlyInItsDirection(Direction direction) throws IOException {
        Publish packet = TestPackets.publish(7, 42);
        session.savePacket(direction, packet);
        assertThat(session.lookupPacket(direction, 7)).isEqualTo(packet);
        assertThat(session.lookupPacket(other(direction), 7)).isNull();
        assertThat(session.allPackets(other(direction))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void lookupOfAnAbsentIdReturnsNull(Direction direction) throws IOException {
        session.savePacket(direction, TestPackets.publish(1, 1));
        assertThat(session.lookupPacket(direction, 2)).isNull();
        assertThat(session.lookupPacket(direction, 0)).isNull();
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void deleteRemovesThePacketAndIgnoresAbsentIds(Direction direction) throws IOException {
        session.savePacket(direction, TestPackets.publish(1, 1));
        session.savePacket(direction, TestPackets.publish(2, 2));
        session.deletePacket(direction, 1);
        session.deletePacket(direction, 1);
        session.deletePacket(direction, 99);
        session.deletePacket(other(direction), 2);
        assertThat(session.lookupPacket(direction, 1)).isNull();
        assertThat(session.allPackets(direction)).containsExactly(TestPackets.publish(2, 2));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void overwritingAPacketKeepsItsPlaceInTheOrder(Direction direction) throws IOException {
        session.savePacket(direction, TestPackets.publish(3, 3));
        session.savePacket(direction, TestPackets.publish(1, 1));
        session.savePacket(direction, TestPackets.publish(2, 2));
        session.savePacket(direction, TestPackets.pubrel(1));
        assertThat(session.lookupPacket(direction, 1)).isEqualTo(TestPackets.pubrel(1));
        assertThat(session.allPackets(direction))
                .containsExactly(TestPackets.publish(3, 3), TestPackets.pubrel(1), TestPackets.publish(2, 2));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void savingAgainAfterDeleteMovesThePacketToTheEnd(Direction direction) throws IOException {
        session.savePacket(direction, TestPackets.publish(1, 1));
        session.savePacket(direction, TestPackets.publish(2, 2));
        session.deletePacket(direction, 1);
        session.savePacket(direction, TestPackets.publish(1, 5));
        assertThat(session.allPackets(direction)).containsExactly(TestPackets.publish(2, 2), TestPackets.publish(1, 5));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void allPacketsIsAnUnmodifiableSnapshot(Direction direction) throws IOException {
        session.savePacket(direction, TestPackets.publish(1, 1));
        List<IdentifiedPacket> snapshot = session.allPackets(direction);
        session.savePacket(direction, TestPackets.publish(2, 2));
        assertThat(snapshot).containsExactly(TestPackets.publish(1, 1));
        assertThatThrownBy(() -> snapshot.add(TestPackets.pubrel(3))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void resetDropsBothDirectionsAndRestartsTheCounter() throws IOException {
        session.savePacket(Direction.OUTGOING, TestPackets.publish(session.nextId(), 1));
        session.savePacket(Direction.INCOMING, TestPackets.publish(5, 5));
        session.nextId();
        session.reset();
        assertThat(session.allPackets(Direction.OUTGOING)).isEmpty();
        assertThat(session.allPackets(Direction.INCOMING)).isEmpty();
        assertThat(session.lookupPacket(Direction.INCOMING, 5)).isNull();
        assertThat(session.nextId()).isEqualTo(1);
    }

    @Test
    void savingAPacketWithoutAnIdIsRejectedNamingThePacket() {
        Publish qos0 = new Publish(new Message("a/b", new byte[0], 0, false), false, 0);
        assertThatThrownBy(() -> session.savePacket(Direction.OUTGOING, qos0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("packet id 0")
                .hasMessageContaining("Publish");
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> session.savePacket(null, TestPackets.pubrel(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> session.savePacket(Direction.INCOMING, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> session.lookupPacket(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void randomOperationsMatchAnInsertionOrderedModel() throws IOException {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Map<Direction, LinkedHashMap<Integer, IdentifiedPacket>> model = new EnumMap<>(Direction.class);
        for (Direction direction : Direction.values()) {
            model.put(direction, new LinkedHashMap<>());
        }
        for (int step = 0; step < 2_000; step++) {
            Direction direction = Direction.values()[random.nextInt(2)];
            int id = 1 + random.nextInt(40);
            int operation = random.nextInt(10);
            if (operation < 5) {
                IdentifiedPacket packet = TestPackets.any(id, random.nextLong(1_000_000));
                session.savePacket(direction, packet);
                model.get(direction).put(id, packet);
            } else if (operation < 9) {
                session.deletePacket(direction, id);
                model.get(direction).remove(id);
            } else {
                assertThat(session.lookupPacket(direction, id)).as("seed %d step %d", seed, step)
                        .isEqualTo(model.get(direction).get(id));
            }
            assertThat(session.allPackets(direction)).as("seed %d step %d", seed, step)
                    .containsExactlyElementsOf(new ArrayList<>(model.get(direction).values()));
        }
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

    static Direction other(Direction direction) {
        return direction == Direction.INCOMING ? Direction.OUTGOING : Direction.INCOMING;
    }
}
