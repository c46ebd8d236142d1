package io.maskwatch.edge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelNames;
import io.maskwatch.edge.store.StoredEvent;
import io.maskwatch.edge.store.TestEvents;
import io.maskwatch.server.testing.LogLines;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TopicReader;
import io.maskwatch.wire.proto.DeviceHeartbeat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The dispatcher's heartbeats through the in-process broker and the server's consumer into the device row. */
class HeartbeatTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ROW = "SELECT type || '|' || round(latitude::numeric, 4) || '|' || software_version"
            + " || '|' || coalesce(face_model, '-') || '|' || coalesce(mask_model, '-') || '|'"
            + " || array_to_string(sources, ',') || '|' || backlog || '|' || coalesce(oldest_unsent_at::text, 'none')"
            + " FROM device WHERE id = ?";

    @TempDir
    Path dir;

    @RegisterExtension
    final TelemetryServer server = new TelemetryServer();

    private static HeartbeatConfig everySecond(ModelNames models) {
        return new HeartbeatConfig(Duration.ofSeconds(1), 42.3603, -71.0583, List.of("entrance", "lobby"), models);
    }

    private String row() {
        List<String> rows = Sql.strings(server.dataSource(), ROW, TestEvents.DEVICE.guid());
        return rows.isEmpty() ? "" : rows.get(0);
    }

    /** The expected device row, with what the heartbeat says about the store. */
    private static String expected(ModelNames models, long backlog, String oldest) {
        // Run from classes, as the tests are, the jar manifest with Implementation-Version is not there.
        return TestEvents.DEVICE.type() + "|42.3603|unknown|" + models.faceModel() + "|" + models.maskModel()
                + "|entrance,lobby|" + backlog + "|" + oldest;
    }

    @Test
    void aDispatchersHeartbeatLandsInTheDeviceRowWithModelsVersionBacklogAndOldestUnsentTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // Holds the dispatcher between the broker's acknowledgement and the mark: the events still
        // wait in the store while the heartbeats (their own thread) report them.
        DispatchListener holding = new DispatchListener() {
            @Override
            public void acknowledged(List<StoredEvent> events) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Path file = dir.resolve("beat.db");
        ModelNames stored = new ModelNames(TestEvents.FACE_MODEL.name(), TestEvents.MASK_MODEL.name());
        try (EventStore store = EventStore.open(file)) {
            for (int i = 0; i < 5; i++) {
                store.append(TestEvents.event(i, 200), TestEvents.ORIGIN);
            }
            // Its own process: no models loaded, so the heartbeat names the newest stored event's.
            DispatchConfig config = server.config(file, Map.of(), everySecond(null));
            try (Dispatcher dispatcher = TelemetryServer.dispatcher(store, config, holding)) {
                dispatcher.start();
                try {
                    String oldest = Sql.strings(
                                    server.dataSource(),
                                    "SELECT ?::timestamptz::text",
                                    TestEvents.event(0, 200).time().toString())
                            .get(0);
                    await().atMost(WAIT).until(() -> row().equals(expected(stored, 5, oldest)));
                } finally {
                    release.countDown();
                }
                await().atMost(WAIT).until(() -> row().equals(expected(stored, 0, "none")));
            }
        }
    }

    @Test
    void theDetectorsOwnDispatcherNamesTheModelsItRuns() {
        ModelNames running = new ModelNames("face_detection_yunet_2023mar.onnx", "mask-mobilenetv2-p2");
        try (EventStore store = EventStore.open(dir.resolve("detect.db"))) {
            DispatchConfig config =
                    server.config(store.file(), Map.of(), everySecond(null)).withModels(running);
            try (Dispatcher dispatcher = TelemetryServer.dispatcher(store, config, DispatchListener.NONE)) {
                dispatcher.start();
                await().atMost(WAIT).until(() -> row().equals(expected(running, 0, "none")));
            }
        }
    }

    @Test
    void heartbeatsThatCannotBeSentAreDroppedNotQueued() throws Exception {
        Logger heartbeats = (Logger) LoggerFactory.getLogger(Heartbeats.class);
        Level level = heartbeats.getLevel();
        heartbeats.setLevel(Level.DEBUG);
        Instant down;
        Instant up;
        try (LogLines logs = LogLines.of(Heartbeats.class.getName());
                EventStore store = EventStore.open(dir.resolve("drop.db"));
                Dispatcher dispatcher =
                        server.dispatcher(store, TelemetryServer.IMPATIENT, everySecond(new ModelNames("f", "m")))) {
            dispatcher.start();
            await().atMost(WAIT).until(() -> !row().isEmpty());

            down = Instant.now();
            TestInfra.kafka().stopBroker();
            try {
                // Beats keep coming every second while the broker is away; at least two are lost.
                await().atMost(WAIT)
                        .until(() -> logs.containing("heartbeat dropped").size() >= 2);
            } finally {
                up = Instant.now();
                TestInfra.kafka().restartBroker();
            }
            Instant back = up;
            await().atMost(WAIT)
                    .until(() -> Sql.count(
                                    server.dataSource(),
                                    "SELECT count(*) FROM device WHERE last_heartbeat_at > ?::timestamptz",
                                    back.toString())
                            == 1);
        } finally {
            heartbeats.setLevel(level);
        }
        Instant from = down;
        Instant to = up;
        List<Instant> sent = TopicReader.readUntil(
                        server.topics().heartbeats(),
                        r -> r.stream().anyMatch(x -> sentAt(x).isAfter(to)),
                        WAIT)
                .stream()
                .map(HeartbeatTest::sentAt)
                .toList();
        // None waited for the broker in a queue: of the beats of the outage, at most the one in flight
        // when it came back was delivered.
        assertThat(sent.stream().filter(t -> t.isAfter(from) && t.isBefore(to))).hasSizeLessThanOrEqualTo(1);
        assertThat(sent).anyMatch(t -> t.isAfter(to));
    }

    private static Instant sentAt(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Instant.parse(DeviceHeartbeat.parseFrom(record.value()).getSentAt());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
