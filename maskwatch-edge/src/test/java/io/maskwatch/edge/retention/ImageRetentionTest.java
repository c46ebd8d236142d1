package io.maskwatch.edge.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.edge.config.OpsConfig;
import io.maskwatch.edge.config.StoreConfig;
import io.maskwatch.edge.ops.DeviceOps;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.StoredEvent;
import io.maskwatch.edge.store.TestEvents;
import io.maskwatch.testing.PrometheusText;
import io.maskwatch.vision.event.FaceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device deletes the face images of sent and low-evidence events past {@code
 * store.image_retention_days}, on a real SQLite file, with the clock moved forward instead of
 * waiting: the rows stay, unsent and refused events keep their image whatever their age.
 */
class ImageRetentionTest {
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @TempDir
    Path dir;

    /** A clock {@code days} ahead of now: the events just stored are that old to it. */
    private static Clock daysLater(int days) {
        return Clock.offset(Clock.systemUTC(), Duration.ofDays(days));
    }

    @Test
    void sentImagesGoOnceOlderThanTheRetentionAndTheirRowsStayWhileUnsentOnesKeepTheirsWhateverTheirAge()
            throws SQLException {
        Path file = dir.resolve("events.db");
        try (EventStore store = EventStore.open(file)) {
            long sent =
                    store.append(TestEvents.event(1, 5_000), TestEvents.ORIGIN).orElseThrow();
            store.append(TestEvents.event(2, 5_000), TestEvents.ORIGIN);
            long held = store.append(TestEvents.lowEvidence(3, 5_000), TestEvents.ORIGIN)
                    .orElseThrow();
            long refused =
                    store.append(TestEvents.event(4, 5_000), TestEvents.ORIGIN).orElseThrow();
            store.markSent(List.of(sent));
            store.markRejected(List.of(refused));

            ImageRetention tooEarly = new ImageRetention(store, THIRTY_DAYS, daysLater(29));
            assertThat(tooEarly.runOnce())
                    .as("29 days after: still within retention")
                    .isZero();
            assertThat(imageSizes(file)).containsValues(5_000, 5_000, 5_000, 5_000);

            ImageRetention retention = new ImageRetention(store, THIRTY_DAYS, daysLater(31));
            try (DeviceOps ops = DeviceOps.start(OpsConfig.defaults(), 0)) {
                ops.watchRetention(retention);
                assertThat(retention.runOnce()).isEqualTo(2);
                assertThat(retention.imagesDeleted()).isEqualTo(2);
                assertThat(PrometheusText.parse(ops.process().scrape())
                                .value("maskwatch_retention_images_deleted_total"))
                        .isEqualTo(2);
            }
            assertThat(imageSizes(file))
                    .as("row id -> image bytes: the sent and the low-evidence event lost their images, no row went")
                    .containsExactly(
                            Map.entry(sent, 0), Map.entry(2L, 5_000), Map.entry(held, 0), Map.entry(refused, 5_000));
            assertThat(store.countUnsent()).isEqualTo(1);
            assertThat(store.lowEvidence()).hasSize(1).allMatch(e -> e.imageDeleted());

            assertThat(new ImageRetention(store, THIRTY_DAYS, daysLater(400)).runOnce())
                    .as("a year later the unsent and refused events still have their images")
                    .isZero();
            assertThat(retention.runOnce()).as("nothing deleted twice").isZero();
            assertThat(retention.imagesDeleted()).isEqualTo(2);
        }
    }

    @Test
    void monthsOfSentEventsLoseTheirImagesInShortTransactionsAllTheSame() throws SQLException {
        Path file = dir.resolve("many.db");
        try (EventStore store = EventStore.open(file)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 450; i++) {
                ids.add(store.append(TestEvents.event(i, 500), TestEvents.ORIGIN)
                        .orElseThrow());
            }
            store.markSent(ids);
            assertThat(new ImageRetention(store, THIRTY_DAYS, daysLater(31)).runOnce())
                    .isEqualTo(450);
            assertThat(imageSizes(file).values()).hasSize(450).containsOnly(0);
        }
    }

    @Test
    void aRowWithoutItsImageReadsBackWholeButForTheImage() throws SQLException {
        Path file = dir.resolve("read.db");
        FaceEvent event = TestEvents.event(7, 3_000);
        try (EventStore store = EventStore.open(file)) {
            long id = sentAndPastRetention(store, event);
            // Only by hand does a sent row become unsent again; the store must still read it.
            execute(file, "UPDATE alert SET sent = 0 WHERE id = " + id);
            StoredEvent back = store.unsent(10).get(0);
            assertThat(back.imageDeleted()).isTrue();
            assertThat(back.event())
                    .usingRecursiveComparison()
                    .ignoringFields("image")
                    .isEqualTo(event);
        }
    }

    @Test
    void theDeletedFaceIsOverwrittenNotLeftInTheFilesFreeSpace() throws Exception {
        Path file = dir.resolve("secure.db");
        FaceEvent event = TestEvents.event(9, 20_000);
        try (EventStore store = EventStore.open(file)) {
            sentAndPastRetention(store, event);
        }
        // Closing checkpoints the WAL into the file; a slice from inside the crop must be nowhere.
        byte[] slice = Arrays.copyOfRange(event.image(), 10_000, 10_064);
        for (String suffix : List.of("", "-wal")) {
            Path part = Path.of(file + suffix);
            if (Files.exists(part)) {
                assertThat(indexOf(Files.readAllBytes(part), slice))
                        .as(part + " holds no byte run of the deleted face")
                        .isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void theJobRunsAtStartInsideTheProcessAndZeroDaysKeepsImagesForEver() {
        try (EventStore store = EventStore.open(dir.resolve("job.db"))) {
            long id =
                    store.append(TestEvents.event(1, 1_000), TestEvents.ORIGIN).orElseThrow();
            store.markSent(List.of(id));

            assertThat(ImageRetention.start(store, storeConfig(0), daysLater(10_000)))
                    .isEmpty();

            try (ImageRetention job =
                    ImageRetention.start(store, storeConfig(30), daysLater(31)).orElseThrow()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> job.imagesDeleted() == 1);
            }
        }
    }

    /** Stores {@code event}, marks it sent, and runs retention 31 days later; returns its row id. */
    private static long sentAndPastRetention(EventStore store, FaceEvent event) {
        long id = store.append(event, TestEvents.ORIGIN).orElseThrow();
        store.markSent(List.of(id));
        assertThat(new ImageRetention(store, THIRTY_DAYS, daysLater(31)).runOnce())
                .isEqualTo(1);
        return id;
    }

    private static StoreConfig storeConfig(int imageRetentionDays) {
        return new StoreConfig(StoreConfig.DEFAULT_PATH, 0, 120, imageRetentionDays);
    }

    /** Row id to the size of its stored image, in row order. */
    private static Map<Long, Integer> imageSizes(Path file) throws SQLException {
        Map<Long, Integer> sizes = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, length(image_data) FROM alert ORDER BY id")) {
            while (rs.next()) {
                sizes.put(rs.getLong(1), rs.getInt(2));
            }
        }
        return sizes;
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
