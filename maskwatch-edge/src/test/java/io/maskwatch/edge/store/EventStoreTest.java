package io.maskwatch.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.vision.event.FaceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {
    private static final List<String> SEED_COLUMNS = List.of(
            "id",
            "sent",
            "created_at",
            "device_type",
            "device_id",
            "device_deployed_on",
            "longitude",
            "latitude",
            "face_model_name",
            "face_model_guid",
            "face_model_threshold",
            "mask_model_name",
            "mask_model_guid",
            "mask_model_threshold",
            "probability",
            "image_format",
            "image_width",
            "image_height",
            "image_data");

    @TempDir
    Path dir;

    @Test
    void appendedEventReadsBackFieldForField() {
        Path file = dir.resolve("nested/folder/maskwatch.db");
        FaceEvent event = TestEvents.event(7, 20_000);
        try (EventStore store = EventStore.open(file)) {
            long id = store.append(event, TestEvents.ORIGIN).orElseThrow();

            List<StoredEvent> unsent = store.unsent(10);
            assertThat(unsent).hasSize(1);
            assertThat(unsent.get(0).rowId()).isEqualTo(id);
            assertSameEvent(unsent.get(0).event(), event);
        }
        assertThat(file).exists();
    }

    @Test
    void schemaKeepsEverySeedColumnNotNullAndRunsInWalMode() throws SQLException {
        Path file = dir.resolve("a.db");
        EventStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            Map<String, Boolean> notNull = new HashMap<>();
            Map<String, String> types = new HashMap<>();
            try (ResultSet rs = s.executeQuery("PRAGMA table_info(alert)")) {
                while (rs.next()) {
                    notNull.put(rs.getString("name"), rs.getInt("notnull") == 1 || rs.getInt("pk") == 1);
                    types.put(rs.getString("name"), rs.getString("type"));
                }
            }
            for (String column : SEED_COLUMNS) {
                assertThat(notNull).as(column).containsEntry(column, true);
            }
            assertThat(types).containsEntry("id", "INTEGER").containsEntry("image_data", "BLOB");
            assertThat(notNull)
                    .containsKeys(
                            "event_id", "source", "track_id", "box_x1", "box_y1", "box_x2", "box_y2", "frame_time");
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(StoreSchema.CURRENT_VERSION);
            }
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'alert'")) {
                assertThat(rs.getString(1)).containsIgnoringCase("AUTOINCREMENT");
            }
        }
    }

    @Test
    void anEventAlreadyStoredIsNotStoredTwiceAndTheFirstStaysAsItWas() {
        try (EventStore store = EventStore.open(dir.resolve("d.db"))) {
            FaceEvent event = TestEvents.event(1, 100);
            long first = store.append(event, TestEvents.ORIGIN).orElseThrow();
            store.markSent(List.of(first));

            FaceEvent other = TestEvents.event(2, 100);
            assertThat(store.append(event, TestEvents.ORIGIN)).isEmpty();
            assertThat(store.append(other, TestEvents.ORIGIN)).isPresent();
            // Still sent: the second append did not bring the event back as unsent.
            assertThat(store.unsent(10)).extracting(e -> e.event().eventId()).containsExactly(other.eventId());
        }
    }

    @Test
    void aFullStoreSaysSoAndGoesOnOnceSpaceIsFreed() throws Exception {
        Path file = dir.resolve("full.db");
        int stored = 0;
        try (EventStore store = EventStore.open(file, 96 * 1024)) {
            EventStoreException full = null;
            while (full == null) {
                try {
                    store.append(TestEvents.event(stored, 8_000), TestEvents.ORIGIN);
                    stored++;
                } catch (EventStoreException e) {
                    full = e;
                }
            }
            assertThat(stored).isBetween(2, 12);
            assertThat(full.trouble()).isEqualTo(StoreTrouble.DISK_FULL);
            assertThat(full.getMessage()).contains("disk is full").doesNotContain("no transaction is active");
            // The failed write left nothing behind, and the next one fails the same clear way.
            assertThatThrownBy(() -> store.append(TestEvents.event(999, 8_000), TestEvents.ORIGIN))
                    .isInstanceOfSatisfying(
                            EventStoreException.class,
                            e -> assertThat(e.trouble()).isEqualTo(StoreTrouble.DISK_FULL));
            assertThat(store.countUnsent()).isEqualTo(stored);

            // Another process frees space (an operator, the retention of sent events): writing goes on.
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = other.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 5000");
                statement.executeUpdate("DELETE FROM alert WHERE id <= 2");
            }
            store.append(TestEvents.event(1_000, 8_000), TestEvents.ORIGIN).orElseThrow();
            assertThat(store.countUnsent()).isEqualTo(stored - 1);
        }
    }

    @Test
    void aStoreThatCannotBeSetUpNamesTheTroubleAndLeavesNoEmptyFileBehind() throws Exception {
        Path file = dir.resolve("tiny.db");
        // One page cannot even hold the schema: the same as a disk that is full at start.
        assertThatThrownBy(() -> EventStore.open(file, 4096))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("disk is full")
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("is a MaskWatch/seed SQLite database");
        assertThat(file).doesNotExist();
        assertThat(Path.of(file + "-wal")).doesNotExist();
    }

    @Test
    void markSentRemovesFromUnsentInOrder() {
        try (EventStore store = EventStore.open(dir.resolve("s.db"))) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(store.append(TestEvents.event(i, 10), TestEvents.ORIGIN).orElseThrow());
            }
            store.markSent(List.of(ids.get(0), ids.get(2)));

            assertThat(store.unsent(10))
                    .extracting(StoredEvent::rowId)
                    .containsExactly(ids.get(1), ids.get(3), ids.get(4));
            assertThat(store.unsent(2)).extracting(StoredEvent::rowId).containsExactly(ids.get(1), ids.get(3));
            assertThat(store.countUnsent()).isEqualTo(3);
        }
    }

    @Test
    void complianceCountsAddUpPerSourceAndMinute() {
        Instant minute = Instant.parse("2024-03-01T09:05:00Z");
        try (EventStore store = EventStore.open(dir.resolve("c.db"))) {
            store.addCompliance("cam-1", minute.plusSeconds(3), 4, 1);
            store.addCompliance("cam-1", minute.plusSeconds(59), 2, 3);
            store.addCompliance("cam-1", minute.plusSeconds(60), 1, 0);
            store.addCompliance("cam-2", minute, 9, 9);

            assertThat(store.compliance("cam-1", minute))
                    .containsExactly(
                            new ComplianceCount("cam-1", minute, 6, 4),
                            new ComplianceCount("cam-1", minute.plusSeconds(60), 1, 0));
        }
    }

    @Test
    void aMinuteIsUnsentUntilTheRevisionReadIsMarkedAndAWriteAfterTheReadSendsItAgain() {
        Instant nine = Instant.parse("2024-03-01T09:00:00Z");
        try (EventStore store = EventStore.open(dir.resolve("outbox.db"))) {
            store.addCompliance("cam-1", nine.plusSeconds(60), 1, 0);
            store.addCompliance("cam-1", nine, 4, 1);
            store.setCompliance("file.mp4", nine, 2, 2);

            List<UnsentCount> read = store.unsentCompliance(10);
            assertThat(read)
                    .extracting(UnsentCount::count)
                    .containsExactly(
                            new ComplianceCount("cam-1", nine, 4, 1),
                            new ComplianceCount("file.mp4", nine, 2, 2),
                            new ComplianceCount("cam-1", nine.plusSeconds(60), 1, 0));
            assertThat(store.unsentCompliance(2)).hasSize(2);

            // Counted on between the read and the broker's acknowledgement: that minute goes again.
            store.addCompliance("cam-1", nine.plusSeconds(30), 1, 1);
            store.markComplianceSent(read);

            assertThat(store.unsentCompliance(10))
                    .singleElement()
                    .satisfies(u -> assertThat(u.count()).isEqualTo(new ComplianceCount("cam-1", nine, 5, 2)));
            assertThat(store.countUnsentCompliance()).isEqualTo(1);
            // A slower marker of the older revision does not bring back what went out since.
            List<UnsentCount> again = store.unsentCompliance(10);
            store.markComplianceSent(again);
            store.markComplianceSent(read);
            assertThat(store.countUnsentCompliance()).isZero();
            // A file's rerun writes its minute again: sent again, even with the same numbers.
            store.setCompliance("file.mp4", nine, 2, 2);
            assertThat(store.unsentCompliance(10))
                    .extracting(UnsentCount::revision)
                    .containsExactly(2L);
        }
    }

    @Test
    void versionFourStoreGainsComplianceRevisionsAndItsCountsWaitToBeSent() throws SQLException {
        Path file = dir.resolve("v4.db");
        Instant nine = Instant.parse("2024-03-01T09:00:00Z");
        try (EventStore store = EventStore.open(file)) {
            store.addCompliance("cam-1", nine, 3, 1);
            store.addCompliance("cam-1", nine.plusSeconds(60), 0, 2);
        }
        // Back to exactly what version 4 wrote: no revision columns or their index, user_version 4.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            dropComplianceRevisions(s);
            s.execute("PRAGMA user_version = 4");
        }
        try (EventStore store = EventStore.open(file)) {
            // Never sent under version 4: they all go once the device runs version 5.
            assertThat(store.unsentCompliance(10))
                    .extracting(UnsentCount::count)
                    .containsExactly(
                            new ComplianceCount("cam-1", nine, 3, 1),
                            new ComplianceCount("cam-1", nine.plusSeconds(60), 0, 2));
            assertThat(store.unsentCompliance(10))
                    .extracting(UnsentCount::revision)
                    .containsOnly(1L);
            store.markComplianceSent(store.unsentCompliance(10));
            store.addCompliance("cam-1", nine, 1, 0);
            assertThat(store.unsentCompliance(10))
                    .extracting(UnsentCount::count)
                    .containsExactly(new ComplianceCount("cam-1", nine, 4, 1));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }

    @Test
    void theOldestUnsentEventsTimeAndTheNewestEventsModelsAreWhatAHeartbeatReports() {
        try (EventStore store = EventStore.open(dir.resolve("beat.db"))) {
            assertThat(store.oldestUnsentTime()).isEmpty();
            assertThat(store.newestModelNames()).isEmpty();
            store.append(TestEvents.lowEvidence(1, 10), TestEvents.ORIGIN);
            long second =
                    store.append(TestEvents.event(2, 10), TestEvents.ORIGIN).orElseThrow();
            store.append(TestEvents.event(3, 10), TestEvents.ORIGIN);

            // The low-evidence event never waits to be sent; the time is the event's, not the row's.
            assertThat(store.oldestUnsentTime())
                    .contains(TestEvents.event(2, 10).time());
            store.markSent(List.of(second));
            assertThat(store.oldestUnsentTime())
                    .contains(TestEvents.event(3, 10).time());
            assertThat(store.newestModelNames())
                    .contains(new ModelNames(TestEvents.FACE_MODEL.name(), TestEvents.MASK_MODEL.name()));
        }
    }

    @Test
    void seedDatabaseIsMigratedAndItsRowsKeepAStableEventId() throws SQLException {
        Path file = dir.resolve("seed.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE alert (id INTEGER PRIMARY KEY AUTOINCREMENT, sent INT NOT NULL,"
                    + " created_at TEXT NOT NULL, device_type TEXT NOT NULL, device_id TEXT NOT NULL,"
                    + " device_deployed_on TEXT NOT NULL, longitude REAL NOT NULL, latitude REAL NOT NULL,"
                    + " face_model_name TEXT NOT NULL, face_model_guid TEXT NOT NULL,"
                    + " face_model_threshold REAL NOT NULL, mask_model_name TEXT NOT NULL,"
                    + " mask_model_guid TEXT NOT NULL, mask_model_threshold REAL NOT NULL,"
                    + " probability REAL NOT NULL, image_format TEXT NOT NULL, image_width INT NOT NULL,"
                    + " image_height INT NOT NULL, image_data BLOB NOT NULL)");
            s.execute("INSERT INTO alert VALUES (NULL, 0, '2020-08-21 10:11:12.131415', 'Pi', 'dev-1',"
                    + " '2020-08-20 07:00:00.763214', -71.05, 42.36, 'ssd', 'g1', 0.4, 'clf', 'g2', 0.8, 0.93,"
                    + " 'jpeg', 3, 2, x'010203')");
        }
        String firstId;
        try (EventStore store = EventStore.open(file)) {
            StoredEvent row = store.unsent(10).get(0);
            firstId = row.event().eventId().toString();
            assertThat(row.event().time()).isEqualTo(Instant.parse("2020-08-21T10:11:12.131415Z"));
            assertThat(row.origin().device().guid()).isEqualTo("dev-1");
            assertThat(row.event().probability()).isEqualTo(0.93);
            assertThat(row.event().image()).containsExactly(1, 2, 3);
            store.append(TestEvents.event(1, 10), TestEvents.ORIGIN);
        }
        try (EventStore store = EventStore.open(file)) {
            assertThat(store.unsent(10)).hasSize(2);
            assertThat(store.unsent(10).get(0).event().eventId().toString()).isEqualTo(firstId);
        }
    }

    @Test
    void rowInsertedBySeedWriterGetsTheSameDerivedIdOnEveryRead() throws SQLException {
        Path file = dir.resolve("w.db");
        EventStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO alert (sent, created_at, device_type, device_id, device_deployed_on, longitude,"
                    + " latitude, face_model_name, face_model_guid, face_model_threshold, mask_model_name,"
                    + " mask_model_guid, mask_model_threshold, probability, image_format, image_width,"
                    + " image_height, image_data) VALUES (0, '2020-08-21 10:11:12', 'Pi', 'dev-1', 'x', 1, 2,"
                    + " 'ssd', 'g1', 0.4, 'clf', 'g2', 0.8, 0.9, 'jpeg', 1, 1, x'00')");
        }
        try (EventStore store = EventStore.open(file)) {
            FaceEvent first = store.unsent(1).get(0).event();
            FaceEvent second = store.unsent(1).get(0).event();
            assertThat(first.eventId()).isEqualTo(second.eventId());
            assertThat(first.time()).isEqualTo(Instant.parse("2020-08-21T10:11:12Z"));
        }
    }

    @Test
    void writerAndReaderThreadsWorkAtTheSameTime() throws Exception {
        int events = 300;
        try (EventStore store = EventStore.open(dir.resolve("t.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < events; i++) {
                    store.append(TestEvents.event(i, 2_000), TestEvents.ORIGIN);
                }
            });
            Future<Integer> reader = pool.submit(() -> {
                int sent = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (sent < events && System.nanoTime() < deadline) {
                    List<StoredEvent> batch = store.unsent(50);
                    store.markSent(batch.stream().map(StoredEvent::rowId).toList());
                    sent += batch.size();
                }
                return sent;
            });
            writer.get(60, TimeUnit.SECONDS);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(events);
            pool.shutdown();
            assertThat(store.countUnsent()).isZero();
        }
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersWrites() {
        Path file = dir.resolve("shared.db");
        try (EventStore detector = EventStore.open(file);
                EventStore dispatcher = EventStore.open(file)) {
            detector.append(TestEvents.event(1, 10), TestEvents.ORIGIN);
            List<StoredEvent> unsent = dispatcher.unsent(10);
            dispatcher.markSent(unsent.stream().map(StoredEvent::rowId).toList());
            assertThat(unsent).hasSize(1);
            assertThat(detector.countUnsent()).isZero();
        }
    }

    @Test
    void deleteSentBeforeKeepsUnsentEvents() throws SQLException {
        Path file = dir.resolve("p.db");
        try (EventStore store = EventStore.open(file)) {
            long sent = store.append(TestEvents.event(1, 10), TestEvents.ORIGIN).orElseThrow();
            store.append(TestEvents.event(2, 10), TestEvents.ORIGIN);
            store.markSent(List.of(sent));

            assertThat(store.deleteSentBefore(Instant.now().minusSeconds(3600))).isZero();
            assertThat(store.deleteSentBefore(Instant.now().plusSeconds(1))).isEqualTo(1);
            assertThat(store.countUnsent()).isEqualTo(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM alert");
                ResultSet rs = q.executeQuery()) {
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void lowEvidenceEventReadsBackMarkedAndIsNeverOfferedForSending() throws SQLException {
        Path file = dir.resolve("low.db");
        FaceEvent low = TestEvents.lowEvidence(3, 500);
        FaceEvent good = TestEvents.event(4, 500);
        try (EventStore store = EventStore.open(file)) {
            store.append(low, TestEvents.ORIGIN);
            store.append(good, TestEvents.ORIGIN);

            assertThat(store.unsent(10)).extracting(e -> e.event().eventId()).containsExactly(good.eventId());
            assertThat(store.countUnsent()).isEqualTo(1);
            assertThat(store.lowEvidence()).hasSize(1);
            assertSameEvent(store.lowEvidence().get(0).event(), low);
            assertThat(store.lowEvidence().get(0).event().lowEvidence()).isTrue();
        }
        // The seed's dispatcher reads sent = 0 only: the row must not look unsent to it either.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sent, low_evidence FROM alert ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(new int[] {rs.getInt(1), rs.getInt(2)}).containsExactly(-2, 1);
            assertThat(rs.next()).isTrue();
            assertThat(new int[] {rs.getInt(1), rs.getInt(2)}).containsExactly(0, 0);
        }
    }

    @Test
    void versionTwoStoreGainsTheLowEvidenceAndSharpnessColumnsAndItsEventsStaySendable() throws SQLException {
        Path file = dir.resolve("v2.db");
        FaceEvent old = TestEvents.event(5, 100);
        try (EventStore store = EventStore.open(file)) {
            store.append(old, TestEvents.ORIGIN);
        }
        // Back to exactly what version 2 wrote: no low_evidence or sharpness column, no compliance
        // revisions, user_version 2.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE alert DROP COLUMN low_evidence");
            s.execute("ALTER TABLE alert DROP COLUMN sharpness");
            dropComplianceRevisions(s);
            s.execute("PRAGMA user_version = 2");
        }
        try (EventStore store = EventStore.open(file)) {
            assertThat(store.unsent(10)).hasSize(1);
            FaceEvent readBack = store.unsent(10).get(0).event();
            // Not measured when it was stored: NaN, never a made-up figure.
            assertThat(readBack.sharpness()).isNaN();
            assertThat(readBack)
                    .usingRecursiveComparison()
                    .ignoringFields("image", "sharpness")
                    .isEqualTo(old);
            FaceEvent low = TestEvents.lowEvidence(6, 100);
            store.append(low, TestEvents.ORIGIN);
            assertSameEvent(store.lowEvidence().get(0).event(), low);
            assertThat(store.lowEvidence()).hasSize(1);
            assertThat(store.countUnsent()).isEqualTo(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(StoreSchema.CURRENT_VERSION);
        }
    }

    @Test
    void deleteSentBeforeAlsoDeletesOldLowEvidenceEvents() {
        try (EventStore store = EventStore.open(dir.resolve("keep.db"))) {
            store.append(TestEvents.lowEvidence(1, 10), TestEvents.ORIGIN);
            store.append(TestEvents.event(2, 10), TestEvents.ORIGIN);

            assertThat(store.deleteSentBefore(Instant.now().plusSeconds(1))).isEqualTo(1);
            assertThat(store.lowEvidence()).isEmpty();
            assertThat(store.countUnsent()).isEqualTo(1);
        }
    }

    @Test
    void fileThatIsNotADatabaseIsAUserErrorNamingThePath() throws Exception {
        Path file = dir.resolve("not-a.db");
        Files.writeString(file, "this is a text file, not SQLite ".repeat(100));
        assertThatThrownBy(() -> EventStore.open(file))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("store.path")
                .hasMessageContaining(file.toString());
    }

    private static void dropComplianceRevisions(Statement s) throws SQLException {
        s.execute("DROP INDEX compliance_unsent");
        s.execute("ALTER TABLE compliance DROP COLUMN revision");
        s.execute("ALTER TABLE compliance DROP COLUMN sent_revision");
    }

    static void assertSameEvent(FaceEvent actual, FaceEvent expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("image").isEqualTo(expected);
        assertThat(actual.image()).isEqualTo(expected.image());
    }
}
