package io.maskwatch.edge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.edge.store.ComplianceCount;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.TestEvents;
import io.maskwatch.server.testing.LogLines;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TopicReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's compliance counts through the real dispatcher, the in-process broker and the
 * server's telemetry consumer into PostgreSQL, from real SQLite files.
 */
class ComplianceDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SOURCES = List.of("entrance", "lobby");

    @TempDir
    Path dir;

    @RegisterExtension
    final TelemetryServer server = new TelemetryServer();

    /** What the device holds, as "source minute" -> "with/without". */
    private static Map<String, String> onDevice(EventStore store) {
        Map<String, String> counts = new TreeMap<>();
        for (String source : SOURCES) {
            for (ComplianceCount c : store.compliance(source, Instant.EPOCH)) {
                counts.put(source + " " + c.minute(), c.withMask() + "/" + c.withoutMask());
            }
        }
        return counts;
    }

    /** What the server holds for the test device, in the same form. */
    private Map<String, String> onServer() {
        Map<String, String> counts = new TreeMap<>();
        for (String row : Sql.strings(
                server.dataSource(),
                "SELECT source || ' ' || to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ' '"
                        + " || with_mask || '/' || without_mask FROM compliance_minute WHERE device_id = ?",
                TestEvents.DEVICE.guid())) {
            int last = row.lastIndexOf(' ');
            counts.put(row.substring(0, last), row.substring(last + 1));
        }
        return counts;
    }

    private static void storeMinutes(EventStore store, Instant first, int from, int to) {
        for (int m = from; m < to; m++) {
            for (int s = 0; s < SOURCES.size(); s++) {
                store.addCompliance(SOURCES.get(s), first.plus(m, ChronoUnit.MINUTES), with(m, s), without(m, s));
            }
        }
    }

    /**
     * The same counts as {@link #storeMinutes}, written into the store's file by another connection in
     * one transaction, as the detector's counter would have over the hours: through the store each
     * minute is its own transaction synced to disk, and thousands of them take a minute here.
     */
    private static void storeMinutesAtOnce(Path file, Instant first, int from, int to) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement pragma = c.createStatement();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO compliance (source, minute, with_mask, without_mask) VALUES (?, ?, ?, ?)")) {
            pragma.execute("PRAGMA busy_timeout = 5000");
            c.setAutoCommit(false);
            for (int m = from; m < to; m++) {
                for (int s = 0; s < SOURCES.size(); s++) {
                    insert.setString(1, SOURCES.get(s));
                    insert.setString(2, first.plus(m, ChronoUnit.MINUTES).toString());
                    insert.setInt(3, with(m, s));
                    insert.setInt(4, without(m, s));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }

    private static int with(int minute, int source) {
        return (minute + source) % 9;
    }

    private static int without(int minute, int source) {
        return (minute * 7 + source) % 4;
    }

    private void dispatchUntilAllSent(EventStore store) {
        try (Dispatcher dispatcher = server.dispatcher(store, Map.of(), HeartbeatConfig.defaults())) {
            dispatcher.start();
            await().atMost(WAIT).until(() -> store.countUnsentCompliance() == 0);
        }
    }

    @Test
    void aCountShippedTwiceByTheDispatcherIsStoredOnce() throws Exception {
        Path file = dir.resolve("twice.db");
        try (EventStore store = EventStore.open(file)) {
            storeMinutes(store, Instant.parse("2024-03-01T09:00:00Z"), 0, 30);
            dispatchUntilAllSent(store);
        }
        // What a crash between the broker's acknowledgement and the mark leaves: all of it unsent again.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            assertThat(s.executeUpdate("UPDATE compliance SET sent_revision = 0"))
                    .isEqualTo(60);
        }
        try (EventStore store = EventStore.open(file)) {
            assertThat(store.countUnsentCompliance()).isEqualTo(60);
            dispatchUntilAllSent(store);

            await().atMost(WAIT).until(() -> server.telemetry().storedCounts() == 120);
            assertThat(Sql.count(server.dataSource(), "SELECT count(*) FROM compliance_minute"))
                    .isEqualTo(60);
            assertThat(onServer()).isEqualTo(onDevice(store)).hasSize(60);
        }
    }

    @Test
    void aDeviceOfflineForADayShipsAllItsCountsWhenTheBrokerIsBack() throws Exception {
        int day = 24 * 60;
        Instant dayAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(day, ChronoUnit.MINUTES);
        Path file = dir.resolve("offline.db");
        try (LogLines logs = LogLines.of(Dispatcher.class.getName());
                EventStore store = EventStore.open(file);
                Dispatcher dispatcher =
                        server.dispatcher(store, TelemetryServer.IMPATIENT, HeartbeatConfig.defaults())) {
            TestInfra.kafka().stopBroker();
            try {
                dispatcher.start();
                storeMinutesAtOnce(file, dayAgo, 0, day - 10);
                storeMinutes(store, dayAgo, day - 10, day);
                // The dispatcher tries, fails, says so once, and keeps every minute while it retries.
                await().atMost(WAIT)
                        .until(() -> !logs.containing("is unavailable").isEmpty());
                assertThat(store.countUnsentCompliance()).isEqualTo(2L * day);
            } finally {
                TestInfra.kafka().restartBroker();
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> store.countUnsentCompliance() == 0);
            await().atMost(WAIT)
                    .until(() -> Sql.count(server.dataSource(), "SELECT count(*) FROM compliance_minute") == 2L * day);

            assertThat(onServer()).isEqualTo(onDevice(store)).hasSize(2 * day);
            assertThat(logs.containing("available again")).hasSize(1);
        }
    }

    @Test
    void aMinuteCountedOnAfterItWasSentIsSentAgainAndTheServerHoldsTheNewNumbers() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String key = "entrance " + minute;
        try (EventStore store = EventStore.open(dir.resolve("again.db"));
                Dispatcher dispatcher = server.dispatcher(store, Map.of(), HeartbeatConfig.defaults())) {
            dispatcher.start();
            store.addCompliance("entrance", minute, 3, 1);
            await().atMost(WAIT).until(() -> "3/1".equals(onServer().get(key)));
            await().atMost(WAIT).until(() -> store.countUnsentCompliance() == 0);

            store.addCompliance("entrance", minute.plusSeconds(40), 2, 2);
            await().atMost(WAIT).until(() -> "5/3".equals(onServer().get(key)));
            assertThat(store.compliance("entrance", minute))
                    .containsExactly(new ComplianceCount("entrance", minute, 5, 3));
        }
    }

    @Test
    void eventsGoBeforeCounts() {
        Path file = dir.resolve("priority.db");
        try (EventStore store = EventStore.open(file)) {
            // Counts stored first: the order of the store is not what decides.
            storeMinutes(store, Instant.parse("2024-03-01T09:00:00Z"), 0, 20);
            for (int i = 0; i < 700; i++) {
                store.append(TestEvents.event(i, 300), TestEvents.ORIGIN);
            }
            try (Dispatcher dispatcher = server.dispatcher(store, Map.of(), HeartbeatConfig.defaults())) {
                dispatcher.start();
                await().atMost(WAIT).until(() -> store.countUnsent() == 0 && store.countUnsentCompliance() == 0);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> alerts =
                TopicReader.readUntil(server.topics().alerts(), r -> r.size() >= 700, WAIT);
        List<ConsumerRecord<byte[], byte[]>> counts =
                TopicReader.readUntil(server.topics().compliance(), r -> r.size() >= 40, WAIT);

        assertThat(alerts).hasSize(700);
        assertThat(counts).hasSize(40);
        // Stamped by the producer when each was sent: the last event went before the first count.
        long lastEvent =
                alerts.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        long firstCount =
                counts.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        assertThat(lastEvent).isLessThanOrEqualTo(firstCount);
    }
}
