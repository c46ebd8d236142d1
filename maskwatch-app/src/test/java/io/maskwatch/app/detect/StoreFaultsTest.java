package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.app.CommandRun;
import io.maskwatch.app.ExitStatus;
import io.maskwatch.app.MaskWatchProcess;
import io.maskwatch.edge.store.ComplianceCount;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code detect} does to the store when things go wrong, on a real SQLite file: a store that
 * fills up stops the run with the count of events it could not store, and a run killed with kill -9
 * and run again stores every event once and counts every minute once.
 */
@Timeout(300)
class StoreFaultsTest {
    /** People who walk in one after the other, each alone on screen for 2 s. */
    private static final int PEOPLE = 8;

    @TempDir
    static Path dir;

    static Path video;
    static Path model;

    @BeforeAll
    static void entrance() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", PEOPLE, 110);
        List<Scene.Actor> actors = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            actors.add(Scene.Actor.still(faces.get(i), i * 60, i * 60 + 50, 80 + (i % 4) * 120, 60 + (i % 2) * 120));
        }
        video = Scene.write(dir.resolve("entrance.mp4"), PEOPLE * 60, actors);
        model = StandInClassifier.constant(dir.resolve("no-mask"), 0.93f);
    }

    private static List<String> detectArgs(Path store, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "detect",
                "--source",
                video.toString(),
                "--detector",
                FaceSamples.yunetModel().toString(),
                "--model",
                model.toString(),
                "--store",
                store.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static CommandRun detect(Path store, String... more) {
        return CommandRun.of(detectArgs(store, more).toArray(String[]::new));
    }

    @Test
    void aStoreThatFillsUpStopsTheRunWithTheEventsItCouldNotStore() throws Exception {
        Path store = dir.resolve("small.db");
        CommandRun run =
                detect(store, "--set", "store.max_size_mb=0.04", "--set", "store.unwritable_timeout_seconds=1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(run.err())
                .startsWith("error: the event store stayed unwritable for ")
                .contains("the disk is full or store.max_size_mb is reached")
                .containsPattern("; [1-9]\\d* events? could not be stored")
                .doesNotContain("no transaction is active");
        int notStored = Integer.parseInt(run.err().replaceAll("(?s).*; (\\d+) events? could not be stored.*", "$1"));
        try (EventStore events = EventStore.open(store)) {
            long stored = events.countUnsent() + events.lowEvidence().size();
            assertThat(stored).isLessThan(PEOPLE);
            // Every event raised before the run stopped is stored or counted as not stored.
            assertThat(stored + notStored).isBetween(1L, (long) PEOPLE);
        }
    }

    @Test
    void aRunKilledAtARandomMomentAndRunAgainStoresEveryEventOnceAndCountsEveryMinuteOnce() throws Exception {
        Path clean = dir.resolve("clean.db");
        CommandRun first = detect(clean);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains(PEOPLE + " events stored");
        Snapshot expected = Snapshot.of(clean);
        assertThat(expected.eventIds).hasSize(PEOPLE);

        // The same file again into the same store: recognised, nothing stored or counted twice.
        CommandRun again = detect(clean);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out())
                .contains("0 events stored")
                .contains(PEOPLE + " events were already in the store from an earlier run of this input");
        assertThat(Snapshot.of(clean)).isEqualTo(expected);

        // kill -9 once a random number of the people have been stored, then run again.
        Path crashed = dir.resolve("crashed.db");
        int storedBeforeKill = 1 + new Random().nextInt(PEOPLE - 2);
        try (MaskWatchProcess detect =
                MaskWatchProcess.start(List.of("-Xmx512m"), detectArgs(crashed).toArray(String[]::new))) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> rows(crashed) >= storedBeforeKill);
            detect.kill();
        }
        long afterKill = rows(crashed);
        assertThat(afterKill).isBetween((long) storedBeforeKill, (long) PEOPLE - 1);

        CommandRun rerun = detect(crashed);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.out())
                .contains((PEOPLE - afterKill) + " events stored")
                .contains(afterKill + " events were already in the store");
        assertThat(Snapshot.of(crashed)).isEqualTo(expected);
    }

    /** Rows in the alert table, read as another process would (0 while the file does not exist). */
    private static long rows(Path store) throws Exception {
        if (!Files.exists(store)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 2000");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM alert")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            // The schema is not there yet.
            return 0;
        }
    }

    /** The events (by id, each with its frame time) and the per-minute counts of a store. */
    private record Snapshot(Set<String> eventIds, List<ComplianceCount> counts) {
        static Snapshot of(Path file) throws Exception {
            Set<String> ids = new TreeSet<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT event_id, frame_time FROM alert")) {
                while (rs.next()) {
                    assertThat(ids.add(rs.getString(1) + " " + rs.getString(2)))
                            .as("stored once")
                            .isTrue();
                }
            }
            try (EventStore store = EventStore.open(file)) {
                return new Snapshot(ids, store.compliance(video.toString(), Instant.EPOCH));
            }
        }
    }
}
