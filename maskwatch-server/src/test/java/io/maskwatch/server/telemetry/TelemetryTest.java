package io.maskwatch.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.server.db.Database;
import io.maskwatch.server.kafka.DeadLetters;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.server.testing.TopicReader;
import io.maskwatch.wire.TopicSettings;
import io.maskwatch.wire.proto.ComplianceCount;
import io.maskwatch.wire.proto.DeviceHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The telemetry consumers against an in-process broker and an embedded PostgreSQL. */
class TelemetryTest {
    private static final String DEVICE = "dev-telemetry-1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TopicSettings topics;
    private Database database;
    private TelemetryService telemetry;
    private TestProducer producer;

    @BeforeEach
    void start() {
        topics = TestInfra.newTopics();
        database = TestInfra.newMigratedDatabase();
        telemetry = new TelemetryService(TestInfra.kafkaClients(), topics, database.dataSource(), "test");
        telemetry.start();
        producer = new TestProducer();
    }

    @AfterEach
    void stop() {
        producer.close();
        telemetry.close();
        database.close();
    }

    private static ComplianceCount count(String source, String minute, int with, int without) {
        return ComplianceCount.newBuilder()
                .setDeviceId(DEVICE)
                .setSource(source)
                .setMinute(minute)
                .setWithMask(with)
                .setWithoutMask(without)
                .build();
    }

    private static DeviceHeartbeat.Builder heartbeat(String sentAt) {
        return DeviceHeartbeat.newBuilder()
                .setDeviceId(DEVICE)
                .setDeviceType("Raspberry Pi 5")
                .setLatitude(42.36f)
                .setLongitude(-71.05f)
                .setSoftwareVersion("0.1.0")
                .setFaceModel("face_detection_yunet_2023mar.onnx")
                .setMaskModel("mask-mobilenetv2-p2")
                .setSentAt(sentAt)
                .setBacklog(12)
                .setOldestUnsentAt("2024-03-01T08:59:30.5Z")
                .addSources("entrance")
                .addSources("lobby");
    }

    private void send(String topic, byte[] value) {
        producer.send(topic, DEVICE.getBytes(StandardCharsets.UTF_8), value);
    }

    private List<String> minutes(DataSource ds) {
        return Sql.strings(
                ds,
                "SELECT device_id || '/' || source || '/' || to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"
                        + " || '/' || with_mask || '/' || without_mask FROM compliance_minute ORDER BY source, minute");
    }

    @Test
    void aCountShippedTwiceIsStoredOnce() {
        ComplianceCount first = count("entrance", "2024-03-01T09:05:00Z", 6, 4);
        send(topics.compliance(), first.toByteArray());
        send(topics.compliance(), first.toByteArray());
        send(
                topics.compliance(),
                count("entrance", "2024-03-01T09:06:00Z", 1, 0).toByteArray());
        producer.flush();
        DataSource ds = database.dataSource();

        await().atMost(WAIT).until(() -> telemetry.storedCounts() == 3);
        assertThat(minutes(ds))
                .containsExactly(DEVICE + "/entrance/2024-03-01 09:05/6/4", DEVICE + "/entrance/2024-03-01 09:06/1/0");
    }

    @Test
    void aMinuteCountedOnHoldsItsNewNumbersAndAStaleCopyNeverLowersThem() {
        send(topics.compliance(), count("lobby", "2024-03-01T09:05:00Z", 2, 1).toByteArray());
        send(topics.compliance(), count("lobby", "2024-03-01T09:05:00Z", 5, 3).toByteArray());
        // A copy of the first revision, sent by a slower dispatcher after the second.
        send(topics.compliance(), count("lobby", "2024-03-01T09:05:00Z", 2, 1).toByteArray());
        producer.flush();

        await().atMost(WAIT).until(() -> telemetry.storedCounts() == 3);
        assertThat(minutes(database.dataSource())).containsExactly(DEVICE + "/lobby/2024-03-01 09:05/5/3");
    }

    @Test
    void aHeartbeatFillsTheDeviceRowAndAnOlderOneChangesNothing() {
        send(topics.heartbeats(), heartbeat("2024-03-01T09:10:00Z").build().toByteArray());
        producer.flush();
        DataSource ds = database.dataSource();
        String row = "SELECT type || '|' || round(latitude::numeric, 2) || '|' || software_version || '|' || face_model"
                + " || '|' || mask_model || '|' || array_to_string(sources, ',') || '|' || backlog || '|'"
                + " || to_char(last_heartbeat_at AT TIME ZONE 'UTC', 'HH24:MI:SS') || '|'"
                + " || to_char(oldest_unsent_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') || '|'"
                + " || coalesce(enrolled_on::text, 'none') FROM device WHERE id = ?";

        await().atMost(WAIT).until(() -> !Sql.strings(ds, row, DEVICE).isEmpty());
        assertThat(Sql.strings(ds, row, DEVICE))
                .containsExactly("Raspberry Pi 5|42.36|0.1.0|face_detection_yunet_2023mar.onnx|mask-mobilenetv2-p2"
                        + "|entrance,lobby|12|09:10:00|08:59:30.500|none");

        // One that waited out an outage arrives after a newer one: last_heartbeat_at never goes back.
        send(
                topics.heartbeats(),
                heartbeat("2024-03-01T09:11:00Z")
                        .setBacklog(0)
                        .setOldestUnsentAt("")
                        .build()
                        .toByteArray());
        send(
                topics.heartbeats(),
                heartbeat("2024-03-01T09:09:00Z").setBacklog(99).build().toByteArray());
        producer.flush();
        await().atMost(WAIT).until(() -> telemetry.storedHeartbeats() == 3);
        assertThat(Sql.strings(
                        ds,
                        "SELECT backlog || '|' || to_char(last_heartbeat_at AT TIME ZONE 'UTC', 'HH24:MI') || '|'"
                                + " || coalesce(oldest_unsent_at::text, 'none') FROM device WHERE id = ?",
                        DEVICE))
                .containsExactly("0|09:11|none");
    }

    @Test
    void poisonMessagesOnEachTopicGoToItsDeadLetterTopicAndConsumptionGoesOn() {
        send(topics.compliance(), "not protobuf at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        send(topics.compliance(), new byte[0]);
        send(topics.compliance(), count("entrance", "about nine", 1, 1).toByteArray());
        send(
                topics.compliance(),
                count("entrance", "2024-03-01T09:05:30Z", 1, 1).toByteArray());
        send(
                topics.compliance(),
                count("entrance", "2024-03-01T09:05:00Z", -1, 1).toByteArray());
        send(
                topics.compliance(),
                count("entrance", "2024-03-01T09:05:00Z", 1, 1).toBuilder()
                        .clearDeviceId()
                        .build()
                        .toByteArray());
        send(
                topics.compliance(),
                count("entrance", "2024-03-01T09:07:00Z", 3, 2).toByteArray());

        send(topics.heartbeats(), "\u0008\u0096\u0001garbage".getBytes(StandardCharsets.ISO_8859_1));
        send(topics.heartbeats(), heartbeat("yesterday").build().toByteArray());
        send(
                topics.heartbeats(),
                heartbeat("2024-03-01T09:10:00Z").setLatitude(123f).build().toByteArray());
        send(
                topics.heartbeats(),
                heartbeat("2024-03-01T09:10:00Z")
                        .setOldestUnsentAt("soon")
                        .build()
                        .toByteArray());
        send(topics.heartbeats(), heartbeat("2024-03-01T09:12:00Z").build().toByteArray());
        producer.flush();

        List<ConsumerRecord<byte[], byte[]>> deadCounts =
                TopicReader.readUntil(topics.complianceDeadLetter(), r -> r.size() >= 6, WAIT);
        List<ConsumerRecord<byte[], byte[]>> deadBeats =
                TopicReader.readUntil(topics.heartbeatsDeadLetter(), r -> r.size() >= 4, WAIT);
        DataSource ds = database.dataSource();
        await().atMost(WAIT)
                .until(() -> Sql.count(ds, "SELECT count(*) FROM compliance_minute") == 1
                        && Sql.count(ds, "SELECT count(*) FROM device WHERE last_heartbeat_at IS NOT NULL") == 1);

        assertThat(reasons(deadCounts))
                .hasSize(6)
                .anySatisfy(r -> assertThat(r).startsWith("not a protobuf maskwatch.ComplianceCount"))
                .anySatisfy(r -> assertThat(r).startsWith("empty message"))
                .anySatisfy(r -> assertThat(r).contains("minute: 'about nine' is not an ISO-8601 time"))
                .anySatisfy(r -> assertThat(r).contains("is not the start of a minute"))
                .anySatisfy(r -> assertThat(r).contains("with_mask is negative"))
                .anySatisfy(r -> assertThat(r).contains("device_id is empty"));
        assertThat(reasons(deadBeats))
                .hasSize(4)
                .anySatisfy(r -> assertThat(r).startsWith("not a protobuf maskwatch.DeviceHeartbeat"))
                .anySatisfy(r -> assertThat(r).contains("sent_at: 'yesterday'"))
                .anySatisfy(r -> assertThat(r).contains("latitude 123.0 is out of range"))
                .anySatisfy(r -> assertThat(r).contains("oldest_unsent_at: 'soon'"));
        assertThat(new String(
                        deadBeats.get(0).headers().lastHeader(DeadLetters.TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(topics.heartbeats());
        assertThat(minutes(ds)).containsExactly(DEVICE + "/entrance/2024-03-01 09:07/3/2");
        assertThat(Sql.strings(
                        ds,
                        "SELECT to_char(last_heartbeat_at AT TIME ZONE 'UTC', 'HH24:MI') FROM device WHERE id = ?",
                        DEVICE))
                .containsExactly("09:12");
        await().atMost(WAIT).until(() -> telemetry.deadLetterCount() == 10);
    }

    private static List<String> reasons(List<ConsumerRecord<byte[], byte[]>> dead) {
        return dead.stream()
                .map(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .toList();
    }
}
