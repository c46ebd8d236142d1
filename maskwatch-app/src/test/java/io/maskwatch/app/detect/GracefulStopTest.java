package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.app.MaskWatchProcess;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.StoredEvent;
import io.maskwatch.testing.OpsClient;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT / SIGTERM) on a running {@code detect} process: it stops within the grace time,
 * writes what it decided, closes the store and prints its summary. (While it runs, it serves
 * {@code /metrics} and {@code /health} on {@code ops.port}.)
 */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void stoppingARunningDetectWritesWhatItDecidedAndPrintsTheSummary() throws Exception {
        // Two people, one after the other, over 60 s of video: the run is stopped long before the end.
        List<Mat> faces = FaceSamples.detectable("without_mask", 2, 100);
        Path video = Scene.write(
                dir.resolve("long.mp4"),
                1500,
                List.of(
                        Scene.Actor.still(faces.get(0), 0, 60, 100, 100),
                        Scene.Actor.still(faces.get(1), 70, 1500, 400, 120)));
        Path model = StandInClassifier.constant(dir.resolve("model"), 0.9f);
        Path store = dir.resolve("events.db");
        int opsPort = OpsClient.freePort();
        String printed;
        try (MaskWatchProcess detect = MaskWatchProcess.start(
                List.of("-Xmx512m"),
                "detect",
                "--source",
                video.toString(),
                "--detector",
                FaceSamples.yunetModel().toString(),
                "--model",
                model.toString(),
                "--store",
                store.toString(),
                // Slow the run down to a camera's pace: the stop must come mid-video.
                "--set",
                "detection.threads=1",
                "--set",
                "ops.port=" + opsPort)) {
            detect.awaitLine(line -> line.startsWith("detect: "), "detect's start line");
            // While it runs, the process serves its frames on /metrics and its readiness on /health.
            OpsClient ops = OpsClient.onLocalPort(opsPort);
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> ops.metrics().value("maskwatch_frames_total", "source", video.toString()) > 25);
            assertThat(ops.metrics().value("maskwatch_store_size_bytes")).isPositive();
            assertThat(ops.health().ready()).as(ops.health().body().toString()).isTrue();
            assertThat(ops.health().statusOf("store")).isEqualTo("up");
            Thread.sleep(4000); // both people seen, the first one's event decided
            long t0 = System.nanoTime();
            detect.interrupt();
            assertThat(detect.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(15);
            printed = detect.printed();
        }
        assertThat(printed).containsPattern("long.mp4: \\d+ frames, \\d+ faces .* 2 tracks, 2 events");
        assertThat(printed).doesNotContain("1500 frames");
        try (EventStore events = EventStore.open(store)) {
            List<StoredEvent> stored = events.unsent(10);
            assertThat(stored).hasSize(2);
            for (StoredEvent s : stored) {
                FaceEvent e = s.event();
                assertThat(e.image()).hasSizeGreaterThan(500);
                assertThat(e.imageWidth()).isPositive();
            }
        }
    }
}
