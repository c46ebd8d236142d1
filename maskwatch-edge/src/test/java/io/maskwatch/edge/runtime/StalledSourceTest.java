package io.maskwatch.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.vision.config.StreamConfig;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameReader;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import io.maskwatch.vision.source.VideoFrame;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several sources in one process: a source that stops giving frames (a camera whose driver hangs, a
 * stream that goes silent with its connection open) must neither slow the others down nor hold up
 * the stop. The device runs as detect runs it (YuNet from ../shared, a stand-in classifier, the
 * SQLite store), with a camera played from a generated video of people without masks beside the
 * stalled source: the camera must go on analysing frames and storing events while the other is
 * stuck, and a stop must end the run while the stalled reader is still stuck in its read.
 */
@Timeout(240)
class StalledSourceTest {
    /** Frames of the looped video: a person for 2.4 s, then nobody for 1.6 s (the track ends). */
    private static final int FRAMES = 100;

    @TempDir
    Path dir;

    private final Map<String, AtomicLong> analysed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stored = new ConcurrentHashMap<>();

    /** The stalled source, how to tell it is stuck, and how to let its reader go at the end. */
    private record Stalled(FrameSource source, Callable<Boolean> stuck, Runnable release) {}

    @Test
    void aCameraWhoseDriverHangsNeitherSlowsTheOtherCameraNorHoldsUpTheStop() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger opened = new AtomicInteger();
        // The one stand-in: a camera that gives 10 frames, then blocks in its driver, deaf to interrupts.
        FrameSource hung = Sources.live(
                "hung camera",
                "gate",
                () -> {
                    if (opened.incrementAndGet() > 1) {
                        throw new IOException("the camera is gone");
                    }
                    return new HangingCamera(stuck, release);
                },
                stream(10),
                "cannot open",
                "fix");
        runBesideTheLiveCamera(new Stalled(hung, () -> stuck.getCount() == 0, release::countDown));
    }

    @Test
    void aStreamThatStopsSendingWithItsConnectionOpenNeitherSlowsTheOtherCameraNorHoldsUpTheStop() throws Exception {
        byte[] ts = Files.readAllBytes(video("gate.ts", 200, List.of()));
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/gate.ts", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            try {
                body.write(ts);
                body.flush();
                // Then silence, the connection held open: FFmpeg waits in its read for more.
                release.await();
            } catch (IOException | InterruptedException e) {
                // The client hung up, or the test is over.
            } finally {
                exchange.close();
            }
        });
        server.start();
        try {
            // A read timeout longer than the test: the reader stays stuck in FFmpeg until the server lets go.
            FrameSource silent =
                    Sources.open("http://127.0.0.1:" + server.getAddress().getPort() + "/gate.ts", "gate", stream(600));
            // What was sent is decoded (but the last few frames, which FFmpeg holds until more data
            // comes), and no new frame for a poll: the reader waits on the silent socket.
            AtomicLong before = new AtomicLong(-1);
            Callable<Boolean> stuck = () -> {
                long now = silent.stats().decoded();
                return now >= 150 && now == before.getAndSet(now);
            };
            runBesideTheLiveCamera(new Stalled(silent, stuck, release::countDown));
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    private void runBesideTheLiveCamera(Stalled stalled) throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 1, 110);
        Path video = video("entrance.mp4", FRAMES, List.of(Scene.Actor.still(faces.get(0), 0, 60, 120, 100)));
        EdgeConfig config = EdgeConfigLoader.load(
                        null,
                        Map.of(
                                "models.face_detection.model",
                                        FaceSamples.yunetModel().toString(),
                                "models.mask_classifier.model",
                                        StandInClassifier.constant(dir.resolve("no-mask"), 0.93f)
                                                .toString(),
                                "store.path", dir.resolve("events.db").toString(),
                                "ops.port", "0"),
                        name -> null)
                .withSources(
                        List.of(new SourceConfig(video.toString(), "entrance"), new SourceConfig("stalled", "gate")));
        FrameSource camera = Sources.looped(video, "entrance");
        try (EdgeRuntime device = new EdgeRuntime(config, false)) {
            AtomicReference<EdgeRuntime.Outcome> outcome = new AtomicReference<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread run = new Thread(
                    () -> {
                        try {
                            outcome.set(
                                    device.run(List.of(camera, stalled.source()), new Counting(), new StageTimes()));
                        } catch (Throwable e) {
                            failed.set(e);
                        }
                    },
                    "device");
            run.start();
            try {
                await("the stalled source is stuck")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(stalled.stuck());
                long gateFrames = count(analysed, "gate");
                long cameraFrames = count(analysed, "entrance");
                long cameraEvents = count(stored, "entrance");
                // Four passes of the video at its own pace: four people, each an event once their track ends.
                await("the live camera goes on analysing and storing while the other source is stuck")
                        .atMost(Duration.ofSeconds(90))
                        .until(() -> count(analysed, "entrance") >= cameraFrames + 4 * FRAMES / 2
                                && count(stored, "entrance") >= cameraEvents + 3);
                assertThat(stalled.stuck().call())
                        .as("the stalled source is still stuck")
                        .isTrue();
                assertThat(count(analysed, "gate"))
                        .as("the stalled source gave nothing more")
                        .isLessThanOrEqualTo(gateFrames + 1);
                assertThat(run.isAlive()).isTrue();

                device.stop();
                await("the stop ends the run though a reader is still stuck in its read")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> !run.isAlive());
            } finally {
                // Whatever happened above: nothing may run on when the device closes its models.
                device.stop();
                stalled.release().run();
                run.join(Duration.ofSeconds(60).toMillis());
            }
            assertThat(failed.get()).isNull();
            List<RunSummary> summaries = outcome.get().summaries();
            assertThat(summaries).extracting(RunSummary::source).containsExactly("entrance", "gate");
            assertThat(summaries.get(0).frames())
                    .isEqualTo(count(analysed, "entrance"))
                    .isGreaterThan(4 * FRAMES / 2);
            assertThat(outcome.get().stored().stored("entrance").events())
                    .as("every event the camera raised was stored")
                    .isEqualTo(count(stored, "entrance"))
                    .isGreaterThanOrEqualTo(3);
        }
    }

    private Path video(String name, int frames, List<Scene.Actor> actors) {
        return Scene.write(dir.resolve(name), frames, actors);
    }

    private static StreamConfig stream(int timeoutSeconds) {
        return new StreamConfig(timeoutSeconds, 0.05, 0.2, 1);
    }

    private static long count(Map<String, AtomicLong> counts, String source) {
        AtomicLong n = counts.get(source);
        return n == null ? 0 : n.get();
    }

    /** Counts each source's analysed frames, and the events that reach the store. */
    private final class Counting implements EdgeRuntime.Hooks {
        @Override
        public EventSink inFrontOfTheStore(EventSink store) {
            return EventSink.seeing(
                    store,
                    event -> stored.computeIfAbsent(event.source(), s -> new AtomicLong())
                            .incrementAndGet());
        }

        @Override
        public List<FrameListener> outputs(FrameSource source) {
            AtomicLong frames = analysed.computeIfAbsent(source.name(), s -> new AtomicLong());
            return List.of(new FrameListener() {
                @Override
                public void frame(FrameResult result) {
                    frames.incrementAndGet();
                }

                @Override
                public void close() {}
            });
        }
    }

    /** A camera that gives 10 frames at 25 frames/s, then hangs in its driver until released. */
    private static final class HangingCamera implements FrameReader {
        private final CountDownLatch stuck;
        private final CountDownLatch release;
        private int frames;

        HangingCamera(CountDownLatch stuck, CountDownLatch release) {
            this.stuck = stuck;
            this.release = release;
        }

        @Override
        public VideoFrame read() throws InterruptedException {
            if (frames < 10) {
                Thread.sleep(40);
                return new VideoFrame(Scene.background(Scene.WIDTH, Scene.HEIGHT), frames++, Instant.now(), "gate");
            }
            stuck.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // a driver stuck in the kernel does not hear it
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public double frameRate() {
            return 25;
        }

        @Override
        public void close() {}
    }
}
