package io.maskwatch.edge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.TestEvents;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.testing.Await;
import io.maskwatch.server.testing.LogLines;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TopicReader;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.proto.Alert;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The dispatcher against the in-process KRaft broker, on real SQLite files. */
class DispatcherTest {
    @TempDir
    Path dir;

    private static String newTopic() {
        return "alerts-" + UUID.randomUUID();
    }

    private static DispatchConfig config(Path store, String topic) {
        return config(store, topic, Map.of());
    }

    private static DispatchConfig config(Path store, String topic, Map<String, String> properties) {
        return new DispatchConfig(
                new DeviceConfig(TestEvents.DEVICE.guid(), TestEvents.DEVICE.type(), "2020-01-01 10:00:00"),
                store,
                new KafkaSettings(TestInfra.kafka().bootstrapServers(), null, null, null, null, properties),
                topic);
    }

    /** Short client timeouts (passed through kafka.properties): an outage of seconds fails sends. */
    private static final Map<String, String> IMPATIENT =
            Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000", "max.block.ms", "1000");

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int atLeast) {
        return TopicReader.readUntil(topic, r -> r.size() >= atLeast, Duration.ofSeconds(30));
    }

    private static Alert decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Alert.parseFrom(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void publishesEachEventKeyedByDeviceInOrderAndMarksItSent() {
        String topic = newTopic();
        Path file = dir.resolve("events.db");
        List<FaceEvent> events = new ArrayList<>();
        try (EventStore store = EventStore.open(file);
                Dispatcher dispatcher =
                        Dispatcher.create(config(file, topic), store, name -> null, DispatchListener.NONE)) {
            for (int i = 0; i < 50; i++) {
                FaceEvent event = TestEvents.event(i, 2_000);
                events.add(event);
                store.append(event, TestEvents.ORIGIN);
            }
            dispatcher.start();
            assertThat(Await.until(() -> store.countUnsent() == 0, Duration.ofSeconds(30)))
                    .isTrue();
        }
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, 50);

        assertThat(records).hasSize(50);
        assertThat(records)
                .allSatisfy(r ->
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(TestEvents.DEVICE.guid()));
        List<Alert> alerts = records.stream().map(DispatcherTest::decode).toList();
        assertThat(alerts.stream().map(Alert::getEventId))
                .containsExactlyElementsOf(
                        events.stream().map(e -> e.eventId().toString()).toList());
        Alert seventh = alerts.get(7);
        FaceEvent expected = events.get(7);
        assertThat(seventh.getEventTime()).isEqualTo(expected.time().toString());
        assertThat(seventh.getCreatedBy().getGuid()).isEqualTo(TestEvents.DEVICE.guid());
        assertThat(seventh.getCreatedBy().getEnrolledOn()).isEqualTo(TestEvents.DEVICE.enrolledOn());
        assertThat(seventh.getLocation().getLatitude()).isEqualTo((float) TestEvents.DEVICE.latitude());
        assertThat(seventh.getMaskClassifierModel().getGuid()).isEqualTo(TestEvents.MASK_MODEL.guid());
        assertThat(seventh.getProbability()).isEqualTo((float) expected.probability());
        assertThat(seventh.getImage().getData().toByteArray()).isEqualTo(expected.image());
        assertThat(seventh.getImage().getSize().getWidth()).isEqualTo(expected.imageWidth());
        assertThat(seventh.getSource()).isEqualTo(expected.source());
        assertThat(seventh.getTrackId()).isEqualTo(expected.trackId());
        assertThat(seventh.getFaceBox().getX2()).isEqualTo(expected.x2());
    }

    @Test
    void neverPublishesLowEvidenceEvents() {
        String topic = newTopic();
        Path file = dir.resolve("low-evidence.db");
        List<String> good = new ArrayList<>();
        List<String> low = new ArrayList<>();
        try (EventStore store = EventStore.open(file);
                Dispatcher dispatcher =
                        Dispatcher.create(config(file, topic), store, name -> null, DispatchListener.NONE)) {
            // Interleaved, and a sendable one last: rows go out in id order, so a low-evidence row
            // that were published would be on the topic before the last event.
            for (int i = 0; i < 11; i++) {
                FaceEvent event = i % 2 == 0 ? TestEvents.event(i, 500) : TestEvents.lowEvidence(i, 500);
                (event.lowEvidence() ? low : good).add(event.eventId().toString());
                store.append(event, TestEvents.ORIGIN);
            }
            dispatcher.start();
            assertThat(Await.until(() -> store.countUnsent() == 0, Duration.ofSeconds(30)))
                    .isTrue();
            assertThat(store.lowEvidence()).hasSize(low.size());
        }
        String last = good.get(good.size() - 1);
        List<String> published = TopicReader.readUntil(
                        topic,
                        r -> r.stream().anyMatch(x -> decode(x).getEventId().equals(last)),
                        Duration.ofSeconds(30))
                .stream()
                .map(r -> decode(r).getEventId())
                .toList();

        assertThat(published).containsExactlyElementsOf(good);
        assertThat(published).doesNotContainAnyElementsOf(low);
    }

    @Test
    void keepsEventsWhileTheBrokerIsDownLogsOnceAndCatchesUpByItself() throws Exception {
        String topic = newTopic();
        Path file = dir.resolve("outage.db");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        logger.addAppender(logs);
        logs.start();
        try (EventStore store = EventStore.open(file);
                Dispatcher dispatcher =
                        Dispatcher.create(config(file, topic, IMPATIENT), store, name -> null, DispatchListener.NONE)) {
            dispatcher.start();
            for (int i = 0; i < 20; i++) {
                store.append(TestEvents.event(i, 1_000), TestEvents.ORIGIN);
            }
            assertThat(Await.until(() -> store.countUnsent() == 0, Duration.ofSeconds(30)))
                    .isTrue();

            TestInfra.kafka().stopBroker();
            try {
                for (int i = 20; i < 60; i++) {
                    store.append(TestEvents.event(i, 1_000), TestEvents.ORIGIN);
                    Thread.sleep(150);
                }
                assertThat(store.countUnsent()).isGreaterThan(0);
            } finally {
                TestInfra.kafka().restartBroker();
            }

            assertThat(Await.until(() -> store.countUnsent() == 0, Duration.ofSeconds(90)))
                    .isTrue();
        } finally {
            logger.detachAppender(logs);
        }
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, 60);
        assertThat(records.stream().map(r -> decode(r).getTrackId()).distinct()).hasSize(60);
        List<String> warnings = logs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .startsWith("Kafka at " + TestInfra.kafka().bootstrapServers())
                .contains("unavailable");
        assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("available again")))
                .hasSize(1);
    }

    @Test
    void anIdleDispatcherSaysWhenItsBrokerGoesAndWhenItComesBackWithTheOutagesLength() throws Exception {
        String topic = newTopic();
        Path file = dir.resolve("idle.db");
        try (LogLines logs = LogLines.of(Dispatcher.class.getName());
                EventStore store = EventStore.open(file);
                Dispatcher dispatcher =
                        Dispatcher.create(config(file, topic), store, name -> null, DispatchListener.NONE)) {
            dispatcher.start();
            store.append(TestEvents.event(0, 1_000), TestEvents.ORIGIN);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.countUnsent() == 0);

            long downAt = System.nanoTime();
            TestInfra.kafka().stopBroker();
            try {
                // Nothing to send: the line comes from the idle probe, while the broker is still away.
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !logs.containing("is unavailable").isEmpty());
            } finally {
                TestInfra.kafka().restartBroker();
            }
            long downSeconds = Math.round((System.nanoTime() - downAt) / 1e9);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !logs.containing("available again").isEmpty());

            assertThat(logs.containing("is unavailable"))
                    .singleElement()
                    .satisfies(l -> assertThat(l).startsWith("Kafka at"));
            String again = logs.containing("available again").get(0);
            Matcher seconds = Pattern.compile("after (\\d+) s").matcher(again);
            assertThat(seconds.find()).as(again).isTrue();
            // Dated from the probe that first failed: at most one probe interval after the broker went.
            assertThat(Long.parseLong(seconds.group(1)))
                    .isBetween(downSeconds - Dispatcher.PROBE_EVERY.toSeconds() - 2, downSeconds + 15);
        }
    }

    @Test
    void killedBetweenPublishAndMarkSentRepublishesAndTheIngressStoresEachOnce() throws Exception {
        String topic = newTopic();
        Path file = dir.resolve("killed.db");
        try (EventStore store = EventStore.open(file)) {
            for (int i = 0; i < 30; i++) {
                store.append(TestEvents.event(i, 1_000), TestEvents.ORIGIN);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DispatchThenHalt.class.getName(),
                        file.toString(),
                        TestInfra.kafka().bootstrapServers(),
                        topic)
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            out.lines().forEach(line -> output.append(line).append('\n'));
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output.toString()).isEqualTo(137);
        assertThat(output.toString()).contains("acknowledged 30");

        try (EventStore store = EventStore.open(file)) {
            assertThat(store.countUnsent()).isEqualTo(30);
            assertThat(read(topic, 30)).hasSize(30);
            try (Dispatcher dispatcher =
                    Dispatcher.create(config(file, topic), store, name -> null, DispatchListener.NONE)) {
                dispatcher.start();
                assertThat(Await.until(() -> store.countUnsent() == 0, Duration.ofSeconds(30)))
                        .isTrue();
            }
        }
        assertThat(read(topic, 60)).hasSize(60);

        var topics = new io.maskwatch.wire.TopicSettings(topic, topic + "-notify");
        try (Database database = TestInfra.newMigratedDatabase();
                IngressService ingress =
                        new IngressService(TestInfra.kafkaClients(), topics, database.dataSource(), "edge-test")) {
            ingress.start();
            assertThat(Await.until(
                            () -> ingress.storedCount() + ingress.duplicateCount() == 60, Duration.ofSeconds(30)))
                    .isTrue();
            assertThat(Sql.count(database.dataSource(), "SELECT count(*) FROM alert"))
                    .isEqualTo(30);
            assertThat(ingress.duplicateCount()).isEqualTo(30);
        }
    }
}
