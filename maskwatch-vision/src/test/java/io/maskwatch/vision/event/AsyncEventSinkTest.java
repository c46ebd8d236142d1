package io.maskwatch.vision.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The writer between the pipeline and the store never drops what it accepted: it holds events
 * while the store refuses them, makes the pipeline wait when its queue is full, and, when the store
 * stays unwritable, stops the run with the number of events it could not store.
 */
class AsyncEventSinkTest {
    /** A store that refuses every write while {@code refusing} is set, as a full disk does. */
    private static final class RefusingStore implements EventSink {
        final List<UUID> stored = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger refusals = new AtomicInteger();
        volatile boolean refusing;
        volatile boolean closed;

        @Override
        public void event(FaceEvent event) {
            if (refusing) {
                refusals.incrementAndGet();
                throw new IllegalStateException("database or disk is full");
            }
            stored.add(event.eventId());
        }

        @Override
        public void compliance(ComplianceCount count) {
            // Counts are not what these tests are about.
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static FaceEvent event(int i) {
        return new FaceEvent(
                UUID.nameUUIDFromBytes(("event " + i).getBytes()),
                Instant.EPOCH.plusSeconds(i),
                "door",
                i,
                0,
                0,
                10,
                10,
                0.9,
                "jpeg",
                10,
                10,
                new byte[100],
                200,
                false);
    }

    private static List<UUID> ids(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(event(i).eventId());
        }
        return ids;
    }

    @Test
    void eventsRefusedForAWhileAreHeldAndAllStoredInOrderOnceTheStoreTakesThemAgain() {
        RefusingStore store = new RefusingStore();
        store.refusing = true;
        AsyncEventSink sink = new AsyncEventSink(store, Duration.ofMinutes(5));
        for (int i = 0; i < 20; i++) {
            sink.event(event(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.refusals.get() >= 3);
        assertThat(store.stored).isEmpty();

        store.refusing = false;
        sink.close();

        assertThat(store.stored).containsExactlyElementsOf(ids(20));
        assertThat(sink.failures()).isEqualTo(store.refusals.get());
        assertThat(store.closed).isTrue();
    }

    @Test
    void aFullQueueMakesThePipelineWaitInsteadOfDroppingEvents() throws Exception {
        RefusingStore store = new RefusingStore();
        store.refusing = true;
        AsyncEventSink sink = new AsyncEventSink(store, Duration.ofMinutes(5));
        int total = AsyncEventSink.CAPACITY + 50;
        AtomicInteger handedOver = new AtomicInteger();
        Thread pipeline = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                sink.event(event(i));
                handedOver.incrementAndGet();
            }
        });
        pipeline.start();

        // The writer holds one event, the queue the next CAPACITY; the pipeline waits with the rest.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> handedOver.get() == AsyncEventSink.CAPACITY + 1
                        && pipeline.getState() == Thread.State.TIMED_WAITING);
        assertThat(pipeline.isAlive()).isTrue();

        store.refusing = false;
        pipeline.join(10_000);
        sink.close();
        assertThat(store.stored).containsExactlyElementsOf(ids(total));
    }

    @Test
    void aStoreThatStaysUnwritableStopsTheRunWithTheEventsItCouldNotStore() throws Exception {
        RefusingStore store = new RefusingStore();
        AsyncEventSink sink = new AsyncEventSink(store, Duration.ofMillis(500));
        sink.event(event(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() == 1);

        store.refusing = true;
        for (int i = 1; i <= 5; i++) {
            sink.event(event(i));
        }
        // The sink gives up after 0.5 s of refusals; the pipeline learns of it at its next event.
        assertThatThrownBy(() -> {
                    for (int i = 6; i < 10_000; i++) {
                        sink.event(event(i));
                        Thread.onSpinWait();
                    }
                })
                .isInstanceOf(EventStorageFailed.class)
                .hasMessageContaining("database or disk is full");
        assertThatThrownBy(sink::close).isInstanceOfSatisfying(EventStorageFailed.class, e -> {
            // Every event after the first was accepted or refused, none stored: all are counted.
            assertThat(e.eventsNotStored()).isGreaterThanOrEqualTo(6);
            assertThat(e.getMessage()).contains(e.eventsNotStored() + " events could not be stored");
            assertThat(e.tried()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        });
        assertThat(store.stored).hasSize(1);
        assertThat(store.closed).isTrue();
    }
}
