package io.maskwatch.server.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.kafka.DeadLetters;
import io.maskwatch.server.kafka.NotifyIds;
import io.maskwatch.server.testing.Await;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.server.testing.TopicReader;
import io.maskwatch.wire.TopicSettings;
import io.maskwatch.wire.proto.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingress against an in-process broker and an embedded PostgreSQL. */
class IngressTest {
    private TopicSettings topics;
    private Database database;
    private IngressService ingress;
    private TestProducer producer;

    @BeforeEach
    void start() {
        topics = TestInfra.newTopics();
        database = TestInfra.newMigratedDatabase();
        ingress = new IngressService(TestInfra.kafkaClients(), topics, database.dataSource(), "test");
        ingress.start();
        producer = new TestProducer();
    }

    @AfterEach
    void stop() {
        producer.close();
        ingress.close();
        database.close();
    }

    @Test
    void archivesEachEventOnceAndAnnouncesItsIdInTheSeedFormat() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            byte[] value = TestAlerts.maskWatch(id, i, 2_000).toByteArray();
            producer.send(topics.alerts(), TestAlerts.DEVICE.getBytes(StandardCharsets.UTF_8), value);
            if (i % 4 == 0) {
                // The dispatcher republished it (crash between publish and mark-sent).
                producer.send(topics.alerts(), TestAlerts.DEVICE.getBytes(StandardCharsets.UTF_8), value);
            }
        }
        producer.flush();
        DataSource ds = database.dataSource();

        assertThat(Await.until(() -> Sql.count(ds, "SELECT count(*) FROM alert") == 40, Duration.ofSeconds(30)))
                .isTrue();
        List<ConsumerRecord<byte[], byte[]>> announced =
                TopicReader.readUntil(topics.toNotify(), r -> r.size() >= 40, Duration.ofSeconds(20));

        assertThat(Sql.count(ds, "SELECT count(DISTINCT event_uuid) FROM alert"))
                .isEqualTo(40);
        assertThat(Sql.strings(ds, "SELECT event_uuid::text FROM alert ORDER BY event_time"))
                .containsExactlyElementsOf(ids.stream().map(UUID::toString).toList());
        assertThat(Sql.count(ds, "SELECT count(*) FROM image")).isEqualTo(40);
        assertThat(Sql.count(ds, "SELECT count(*) FROM device")).isEqualTo(1);
        assertThat(Sql.count(ds, "SELECT count(*) FROM face_detection_model")).isEqualTo(1);
        assertThat(Sql.count(ds, "SELECT count(*) FROM mask_classification_model"))
                .isEqualTo(1);
        assertThat(Sql.strings(
                        ds,
                        "SELECT source || '/' || track_id || '/' || face_x2 || '/' || octet_length(i.data) || '/'"
                                + " || round(probability::numeric, 2) FROM alert a JOIN image i ON i.id = a.image_id"
                                + " WHERE event_uuid = ?::uuid",
                        ids.get(7).toString()))
                .containsExactly("cam-1/7/37/2000/0.87");
        List<Long> archivedIds = Sql.longs(ds, "SELECT id FROM alert ORDER BY id");
        // Every archived alert is announced. A copy arriving in a later batch announces its alert again
        // while its email is not out yet (that covers a crash between commit and announcement); the
        // notifier ignores an id it already has.
        assertThat(announced.stream()
                        .map(r -> NotifyIds.decode(r.value()))
                        .distinct()
                        .sorted()
                        .toList())
                .isEqualTo(archivedIds);
        assertThat(ingress.duplicateCount()).isEqualTo(10);
    }

    @Test
    void acceptsTheSeedsMessageWithoutUuidAndStoresARedeliveryOnce() {
        byte[] seed = TestAlerts.seedFormat(3, 500).build().toByteArray();
        producer.send(topics.alerts(), null, seed);
        producer.send(topics.alerts(), null, seed);
        producer.flush();
        DataSource ds = database.dataSource();

        assertThat(Await.until(() -> ingress.duplicateCount() + ingress.storedCount() == 2, Duration.ofSeconds(30)))
                .isTrue();
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert")).isEqualTo(1);
        assertThat(Sql.strings(
                        ds, "SELECT to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM alert"))
                .containsExactly("2020-08-21 10:11:03.131415");
        assertThat(Sql.strings(ds, "SELECT to_char(enrolled_on AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM device"))
                .containsExactly("2020-01-01 10:00");
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert WHERE track_id IS NULL AND face_x1 IS NULL"))
                .isEqualTo(1);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheReasonAndConsumptionGoesOn() {
        producer.send(
                topics.alerts(),
                "k1".getBytes(StandardCharsets.UTF_8),
                "not protobuf at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        producer.send(
                topics.alerts(),
                null,
                TestAlerts.maskWatch(UUID.randomUUID(), 1, 100).toBuilder()
                        .setEventTime("yesterday at noon")
                        .build()
                        .toByteArray());
        producer.send(
                topics.alerts(),
                null,
                TestAlerts.maskWatch(UUID.randomUUID(), 2, 100).toBuilder()
                        .clearImage()
                        .build()
                        .toByteArray());
        producer.send(
                topics.alerts(),
                null,
                TestAlerts.maskWatch(UUID.randomUUID(), 3, 100).toBuilder()
                        .setEventId("not-a-uuid")
                        .build()
                        .toByteArray());
        producer.send(topics.alerts(), null, new byte[0]);
        producer.send(
                topics.alerts(),
                null,
                TestAlerts.maskWatch(UUID.randomUUID(), 5, 100).toBuilder()
                        .setImage(Alert.Image.newBuilder()
                                .setFormat("jpeg")
                                .setData(ByteString.copyFromUtf8("these bytes are not a face crop")))
                        .build()
                        .toByteArray());
        byte[] jpeg = SyntheticJpeg.ofSize(2_000, 6);
        producer.send(
                topics.alerts(),
                null,
                TestAlerts.maskWatch(UUID.randomUUID(), 6, 100).toBuilder()
                        .setImage(Alert.Image.newBuilder().setFormat("jpeg").setData(ByteString.copyFrom(jpeg, 0, 300)))
                        .build()
                        .toByteArray());
        UUID good = UUID.randomUUID();
        producer.send(topics.alerts(), null, TestAlerts.maskWatch(good, 4, 100).toByteArray());
        producer.flush();

        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readUntil(topics.alertsDeadLetter(), r -> r.size() >= 7, Duration.ofSeconds(30));
        assertThat(Await.until(() -> ingress.storedCount() == 1, Duration.ofSeconds(10)))
                .isTrue();

        assertThat(dead).hasSize(7);
        List<String> reasons = dead.stream()
                .map(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .toList();
        assertThat(reasons)
                .anySatisfy(r -> assertThat(r).startsWith("not a protobuf maskDetection.Alert"))
                .anySatisfy(r -> assertThat(r).contains("event_time: 'yesterday at noon' is not a time"))
                .anySatisfy(r -> assertThat(r).contains("image.data is empty"))
                .anySatisfy(r -> assertThat(r).contains("event_id: 'not-a-uuid' is not a UUID"))
                .anySatisfy(r -> assertThat(r).contains("empty message"))
                .anySatisfy(r -> assertThat(r).contains("image.data is not an image (31 bytes"))
                .anySatisfy(r -> assertThat(r).contains("image.data").contains("JPEG"));
        assertThat(new String(
                        dead.get(0).headers().lastHeader(DeadLetters.TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(topics.alerts());
        assertThat(dead.stream().filter(r -> r.key() != null).map(r -> new String(r.key(), StandardCharsets.UTF_8)))
                .containsExactly("k1");
        assertThat(Sql.strings(database.dataSource(), "SELECT event_uuid::text FROM alert"))
                .containsExactly(good.toString());
        assertThat(ingress.deadLetterCount()).isEqualTo(7);
    }

    @Test
    void eventThePostgresSchemaRefusesIsSetAsideAndTheRestOfItsBatchIsStored() {
        // Passes the decoder but breaks a column: an image size beyond int range cannot happen on the
        // wire, so use a model name PostgreSQL refuses (invalid UTF-8 cannot be built with protobuf
        // strings); the closest real case is a value that violates a CHECK added by an operator.
        try (var c = database.dataSource().getConnection();
                var s = c.createStatement()) {
            s.execute("ALTER TABLE alert ADD CONSTRAINT test_no_negative_track CHECK (track_id >= 0)");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        UUID refused = UUID.randomUUID();
        UUID fine = UUID.randomUUID();
        Alert bad =
                TestAlerts.maskWatch(refused, 1, 100).toBuilder().setTrackId(-5).build();
        producer.send(topics.alerts(), null, bad.toByteArray());
        producer.send(topics.alerts(), null, TestAlerts.maskWatch(fine, 2, 100).toByteArray());
        producer.flush();

        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readUntil(topics.alertsDeadLetter(), r -> !r.isEmpty(), Duration.ofSeconds(30));
        assertThat(Await.until(() -> ingress.storedCount() == 1, Duration.ofSeconds(10)))
                .isTrue();

        assertThat(dead).hasSize(1);
        assertThat(new String(
                        dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .startsWith("refused by PostgreSQL")
                .contains("test_no_negative_track");
        assertThat(Sql.strings(database.dataSource(), "SELECT event_uuid::text FROM alert"))
                .containsExactly(fine.toString());
    }
}
