package io.maskwatch.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.vision.event.FaceEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a JVM that is appending (SIGKILL, no shutdown hooks) and checks that no event is half there. */
class EventStoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesOnlyWholeEvents() throws Exception {
        Path file = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        AppendUntilKilled.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("appending");
            Thread.sleep(300);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (EventStore store = EventStore.open(file)) {
            List<StoredEvent> events = store.unsent(100_000);
            assertThat(events.size()).isGreaterThan(20);
            for (StoredEvent stored : events) {
                int index = (int) stored.event().trackId();
                EventStoreTest.assertSameEvent(
                        stored.event(), withId(TestEvents.event(index, 20_000 + (index % 7) * 3_000), stored));
            }
            assertThat(events).extracting(e -> e.event().trackId()).doesNotHaveDuplicates();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    private static FaceEvent withId(FaceEvent e, StoredEvent stored) {
        return new FaceEvent(
                stored.event().eventId(),
                e.time(),
                e.source(),
                e.trackId(),
                e.x1(),
                e.y1(),
                e.x2(),
                e.y2(),
                e.probability(),
                e.imageFormat(),
                e.imageWidth(),
                e.imageHeight(),
                e.image(),
                e.sharpness(),
                e.lowEvidence());
    }
}
