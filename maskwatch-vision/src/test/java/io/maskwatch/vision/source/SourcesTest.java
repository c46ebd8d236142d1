package io.maskwatch.vision.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import com.sun.net.httpserver.HttpServer;
import io.maskwatch.core.InputException;
import io.maskwatch.vision.config.StreamConfig;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.testing.Scene;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Opening what a source names, and bad input: each a clear error or a logged skip, never a hang. */
@Timeout(60)
class SourcesTest {
    @TempDir
    Path dir;

    private final StreamConfig stream = VisionSettings.of(Map.of(
                    "stream.open_timeout_seconds", "2",
                    "stream.reconnect_initial_seconds", "0.05",
                    "stream.reconnect_max_seconds", "0.2",
                    "stream.reconnect_max_attempts", "2"))
            .stream();

    private static List<VideoFrame> readAll(FrameSource source) throws InterruptedException {
        List<VideoFrame> frames = new ArrayList<>();
        for (VideoFrame f; (f = source.next()) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    private static int countAndClose(FrameSource source) throws InterruptedException {
        try (source) {
            List<VideoFrame> frames = readAll(source);
            frames.forEach(VideoFrame::close);
            return frames.size();
        }
    }

    private Path video(String name, int frames) {
        try (Mat face = Scene.background(60, 60)) {
            return Scene.write(dir.resolve(name), frames, List.of(new Scene.Actor(face, 0, frames, 10, 10, 5, 2)));
        }
    }

    @Test
    void aVideoFileGivesEveryFrameWithItsTimeInTheRecording() throws Exception {
        Path file = video("ok.mp4", 30);
        try (FrameSource source = Sources.open(file.toString(), "cam", stream)) {
            List<VideoFrame> frames = readAll(source);
            assertThat(frames).hasSize(30);
            assertThat(source.frameRate()).isEqualTo(Scene.FPS);
            assertThat(frames.get(0).width()).isEqualTo(Scene.WIDTH);
            // 25 frames/s: frame 25 is one second after frame 0.
            assertThat(Duration.between(frames.get(0).time(), frames.get(25).time())
                            .toMillis())
                    .isBetween(990L, 1010L);
            assertThat(frames)
                    .extracting(VideoFrame::index)
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.range(0, 30).boxed().toList());
            frames.forEach(VideoFrame::close);
        }
    }

    @Test
    void aVideoFilesFramesAreDatedBeforeNowSpacedByTheFrameRate() throws Exception {
        Path file = video("undated.mp4", 50);
        List<VideoFrame> frames;
        try (FrameSource source = Sources.open(file.toString(), "cam", stream)) {
            frames = readAll(source);
        }
        Instant end = Instant.now();
        assertThat(frames).hasSize(50);
        assertThat(frames).allSatisfy(f -> assertThat(f.time()).isBeforeOrEqualTo(end));
        // No creation_time: the recording is taken to end when the run starts, so two seconds of
        // video start about two seconds before the test's end.
        assertThat(Duration.between(frames.get(0).time(), end).toMillis()).isBetween(1900L, 60_000L);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(Duration.between(frames.get(i - 1).time(), frames.get(i).time())
                            .toMillis())
                    .as("frame %d", i)
                    .isBetween(39L, 41L);
        }
        frames.forEach(VideoFrame::close);
    }

    @Test
    void aVideoFilesFramesStartAtItsCreationTime() throws Exception {
        Instant created = Instant.parse("2025-03-04T08:30:00Z");
        Path file;
        try (Mat face = Scene.background(60, 60)) {
            file = Scene.writeIndexedAtFront(
                    dir.resolve("dated.mp4"), 30, List.of(new Scene.Actor(face, 0, 30, 10, 10, 5, 2)), created);
        }
        try (FrameSource source = Sources.open(file.toString(), "cam", stream)) {
            List<VideoFrame> frames = readAll(source);
            assertThat(frames.get(0).time()).isEqualTo(created);
            assertThat(frames.get(25).time()).isEqualTo(created.plusSeconds(1));
            frames.forEach(VideoFrame::close);
        }
    }

    @Test
    void aCreationTimeThatWouldEndAfterNowIsNotTrusted() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Duration length = Duration.ofSeconds(60);
        assertThat(FfmpegFrameReader.recordingStart("2026-01-01T11:00:00Z", null, length, now))
                .isEqualTo(Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(FfmpegFrameReader.recordingStart("2026-01-01T11:59:30Z", null, length, now))
                .isEqualTo(now.minus(length));
        assertThat(FfmpegFrameReader.recordingStart("not a time", null, length, now))
                .isEqualTo(now.minus(length));
        assertThat(FfmpegFrameReader.recordingStart(null, null, Duration.ZERO, now))
                .isEqualTo(now);
    }

    @Test
    void withoutACreationTimeAFileIsDatedByWhenItWasWrittenSoEveryRunDatesItAlike() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Duration length = Duration.ofSeconds(60);
        Instant written = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(FfmpegFrameReader.recordingStart(null, written, length, now)).isEqualTo(written.minus(length));
        // Written "in the future" (a wrong clock): capped so that no frame is dated after now.
        assertThat(FfmpegFrameReader.recordingStart(null, now.plusSeconds(3600), length, now))
                .isEqualTo(now.minus(length));
        // The metadata wins over the file's time.
        assertThat(FfmpegFrameReader.recordingStart("2026-01-01T08:00:00Z", written, length, now))
                .isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
    }

    @Test
    void aFileOrFolderReadAgainHasTheSameReplayKeyAndAnotherFileAnother() throws Exception {
        Path a = Files.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
        Path b = Files.write(dir.resolve("b.bin"), new byte[] {1, 2, 3});
        assertThat(Sources.replayKey(a))
                .isEqualTo(Sources.replayKey(dir.resolve(".").resolve("a.bin")));
        assertThat(Sources.replayKey(a)).isNotEqualTo(Sources.replayKey(b));
        String before = Sources.replayKey(a);
        Files.write(a, new byte[] {1, 2, 3, 4});
        assertThat(Sources.replayKey(a)).isNotEqualTo(before);
    }

    @Test
    void aCorruptVideoIsAClearError() throws Exception {
        Path file = dir.resolve("corrupt.mp4");
        byte[] junk = new byte[100_000];
        new Random(1).nextBytes(junk);
        Files.write(file, junk);
        assertThatThrownBy(() -> Sources.open(file.toString(), "x", stream))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("video " + file + " cannot be read")
                .hasMessageContaining("corrupt, truncated or not a video");
    }

    @Test
    void aTruncatedVideoEitherFailsClearlyOrEndsEarlyWithoutHanging() throws Exception {
        // MP4 keeps its index at the end: cut, it cannot be opened.
        Path mp4 = video("cut.mp4", 50);
        truncate(mp4);
        assertThatThrownBy(() -> Sources.open(mp4.toString(), "x", stream))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("corrupt, truncated or not a video");
        // MPEG-TS is a stream: cut, it gives the frames before the cut, then ends.
        Path ts = video("cut.ts", 50);
        truncate(ts);
        int frames = countAndClose(Sources.open(ts.toString(), "x", stream));
        assertThat(frames).isBetween(5, 45);
    }

    @Test
    void aTruncatedVideoWithItsIndexInFrontEndsEarlyAndSaysHowMuchIsMissing() throws Exception {
        try (Mat face = Scene.background(60, 60)) {
            List<Scene.Actor> moving = List.of(new Scene.Actor(face, 0, 100, 10, 10, 5, 2));
            Path whole = Scene.writeIndexedAtFront(dir.resolve("whole.mp4"), 100, moving);
            try (FrameSource source = Sources.open(whole.toString(), "whole", stream)) {
                assertThat(countAndClose(source)).isEqualTo(100);
                assertThat(source.stats().damage()).isEmpty();
            }
            Path cut = Scene.writeIndexedAtFront(dir.resolve("cut-front.mp4"), 100, moving);
            truncate(cut);
            try (FrameSource source = Sources.open(cut.toString(), "cut", stream)) {
                int frames = countAndClose(source);
                assertThat(frames).isBetween(20, 80);
                assertThat(source.stats().damage())
                        .containsExactly("read " + frames + " frames, then: the video ends, but its header announces"
                                + " 100 frames (the file is truncated or damaged; the frames before were analysed)");
            }
        }
    }

    @Test
    void aFolderWithoutImagesIsAClearError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Sources.open(empty.toString(), "x", stream))
                .isInstanceOf(InputException.class)
                .hasMessage("folder " + empty + " holds no images (it is empty); give a folder of images, an image"
                        + " or a video file");
        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("a.txt"), "not an image");
        Files.createDirectories(notes.resolve("sub.jpg"));
        assertThatThrownBy(() -> Sources.open(notes.toString(), "x", stream))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("folder " + notes + " holds no images (2 entries, none a file ending in .bmp,");
    }

    private static void truncate(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
    }

    @Test
    void aMissingCameraIsAClearError() {
        assertThatThrownBy(() -> Sources.open("/dev/video97", "door", stream))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("camera /dev/video97 not found");
        assertThatThrownBy(() -> Sources.open("98", "door", stream))
                .hasMessageContaining("camera /dev/video98 not found");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> Sources.open(dir.resolve("nope.mp4").toString(), "x", stream))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not found: no such file or folder");
    }

    @Test
    void anUnreachableStreamFailsQuicklyWithAdvice() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/live.ts";
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Sources.open(url, "gate", stream))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("stream " + url + " cannot be opened")
                .hasMessageContaining("check the address");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aStreamThatAcceptsButNeverSendsTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/live.ts";
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Sources.open(url, "gate", stream)).isInstanceOf(InputException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aStreamThatDropsIsReconnectedWithoutRestarting() throws Exception {
        byte[] ts = Files.readAllBytes(video("live.ts", 100));
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live.ts", exchange -> {
            int n = requests.incrementAndGet();
            if (n > 2) { // the camera is gone for good: the source gives up after 2 attempts
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, ts.length);
            try (OutputStream body = exchange.getResponseBody()) {
                // First connection: the stream dies a third of the way in.
                body.write(ts, 0, n == 1 ? ts.length / 3 : ts.length);
            } catch (IOException e) {
                // The client may hang up first.
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live.ts";
            FrameSource source = Sources.open(url, "gate", stream);
            SourceStats stats = source.stats();
            int taken = countAndClose(source);
            assertThat(stats.reconnects()).isEqualTo(1);
            // Frames from both connections were decoded: more than the first third alone holds.
            assertThat(stats.decoded()).isGreaterThan(100);
            assertThat(taken).isPositive();
            // Cut, full, then the failed attempts (FFmpeg may retry a request on its own).
            assertThat(requests.get()).isGreaterThanOrEqualTo(4);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aLiveSourceHandsOverTheNewestFrameAndCountsWhatItDrops() throws Exception {
        // The one stand-in: a camera that delivers a frame every 2 ms.
        AtomicInteger made = new AtomicInteger();
        FrameReader camera = new FrameReader() {
            @Override
            public VideoFrame read() throws InterruptedException {
                Thread.sleep(2);
                int i = made.getAndIncrement();
                return i < 300 ? new VideoFrame(Scene.background(32, 32), i, java.time.Instant.now(), "cam") : null;
            }

            @Override
            public double frameRate() {
                return 500;
            }

            @Override
            public void close() {}
        };
        FrameSource source = Sources.live("fake", "cam", () -> camera, stream, "cannot open", "fix");
        long last = -1;
        int taken = 0;
        for (VideoFrame next; (next = source.next()) != null; taken++) {
            try (VideoFrame f = next) {
                assertThat(f.index()).isGreaterThan(last);
                last = f.index();
                Thread.sleep(20); // a slow pipeline
            }
        }
        source.close();
        assertThat(source.stats().dropped()).isPositive();
        assertThat(taken + source.stats().dropped()).isBetween(290L, 300L);
    }

    @Test
    void frameNumbersKeepCountingAcrossReconnects() throws Exception {
        // A camera that drops twice: each connection's reader numbers its frames from 0 again.
        AtomicInteger connections = new AtomicInteger();
        java.util.concurrent.Callable<FrameReader> camera = () -> {
            if (connections.incrementAndGet() > 3) {
                throw new IOException("the camera is gone");
            }
            return new FrameReader() {
                private int i;

                @Override
                public VideoFrame read() {
                    return i < 20 ? new VideoFrame(Scene.background(32, 32), i++, Instant.now(), "cam") : null;
                }

                @Override
                public double frameRate() {
                    return 25;
                }

                @Override
                public void close() {}
            };
        };
        FrameSource source = Sources.live("fake", "cam", camera, stream, "cannot open", "fix");
        List<Long> numbers = new ArrayList<>();
        for (VideoFrame next; (next = source.next()) != null; ) {
            try (VideoFrame f = next) {
                numbers.add(f.index());
            }
        }
        source.close();
        assertThat(source.stats().reconnects()).isEqualTo(2);
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        // The newest frame is never dropped: the last one taken is the 60th of the source.
        assertThat(numbers.get(numbers.size() - 1)).isEqualTo(59L);
        assertThat(numbers.size() + source.stats().dropped()).isEqualTo(60L);
    }

    @Test
    void stopLetsAPipelineWaitingForTheNextFrameGoWhileTheReaderIsStuckInARead() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The one stand-in: a camera whose driver hangs after one frame, deaf to interrupts.
        FrameReader camera = new FrameReader() {
            private boolean gaveOne;

            @Override
            public VideoFrame read() {
                if (!gaveOne) {
                    gaveOne = true;
                    return new VideoFrame(Scene.background(32, 32), 0, Instant.now(), "cam");
                }
                stuck.countDown();
                while (true) {
                    try {
                        release.await();
                        return null;
                    } catch (InterruptedException e) {
                        // A driver stuck in the kernel does not hear it.
                    }
                }
            }

            @Override
            public double frameRate() {
                return 25;
            }

            @Override
            public void close() {}
        };
        FrameSource source = Sources.live("fake", "cam", () -> camera, stream, "cannot open", "fix");
        try {
            source.next().close();
            stuck.await();
            AtomicReference<VideoFrame> taken = new AtomicReference<>();
            Thread pipeline = new Thread(() -> {
                try {
                    taken.set(source.next());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            pipeline.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.getState() == Thread.State.WAITING);

            source.stop();
            await("the waiting pipeline lets go").atMost(Duration.ofSeconds(5)).until(() -> !pipeline.isAlive());
            assertThat(taken.get()).as("no frame: the source has ended").isNull();
            assertThat(source.next()).isNull();
            source.close(); // waits a moment for the reader, then leaves it to end by itself
        } finally {
            release.countDown();
        }
    }

    @Test
    void aLoopedFilePlaysOnPastItsEndAsALiveCameraWithWallClockTimes() throws Exception {
        Path file = Scene.write(dir.resolve("loop.mp4"), 10, List.of());
        Instant before = Instant.now();
        try (FrameSource source = Sources.looped(file, "loop")) {
            assertThat(source.stills()).isFalse();
            assertThat(source.replayKey()).as("a live source never replays").isEmpty();
            List<Instant> times = new ArrayList<>();
            while (times.size() < 25) {
                try (VideoFrame frame = source.next()) {
                    times.add(frame.time());
                }
            }
            // 25 frames of a 10-frame file: it was opened again at least twice, and time only moves on.
            assertThat(source.stats().reconnects()).isGreaterThanOrEqualTo(2);
            assertThat(times).isSorted().allSatisfy(t -> assertThat(t).isBetween(before, Instant.now()));
            // Paced at 25 frames/s: 25 frames (less what was dropped) cannot come faster than 0.5 s.
            assertThat(Duration.between(times.get(0), times.get(24))).isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void aFolderSkipsAnUnreadableImageAndGoesOn() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("images"));
        try (Mat image = Scene.background(80, 60)) {
            imwrite(folder.resolve("a.png").toString(), image);
            imwrite(folder.resolve("c.jpg").toString(), image);
        }
        Files.write(folder.resolve("b.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        FrameSource source = Sources.open(folder.toString(), "folder", stream);
        assertThat(source.stills()).isTrue();
        List<VideoFrame> frames = readAll(source);
        assertThat(frames).extracting(VideoFrame::name).containsExactly("a.png", "c.jpg");
        assertThat(source.stats().skipped()).isEqualTo(1);
        frames.forEach(VideoFrame::close);
        source.close();
    }
}
