package io.maskwatch.edge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.edge.config.LiveViewConfig;
import io.maskwatch.edge.config.OpsConfig;
import io.maskwatch.edge.ops.DeviceOps;
import io.maskwatch.testing.PrometheusText;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.event.ComplianceCount;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.pipeline.FaceResult;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.VideoFrame;
import io.maskwatch.vision.testing.NamedSource;
import io.maskwatch.vision.track.MaskLabel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The live view on generated frames, without models: nothing is drawn while nobody watches; a
 * watcher gets JPEG parts of the source's size in a proper MJPEG stream; when it goes, drawing
 * stops; wrong or missing credentials get 401; the page's counts and events.
 */
@Timeout(60)
class LiveViewTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse";
    /** Cost 4: the test's own hash need not be slow. */
    private static final String HASH = new BCryptPasswordEncoder(4).encode(PASSWORD);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FrameSource source = new NamedSource("entrance", false);
    private LiveView view;
    private Feeder feeder;

    @AfterEach
    void stop() throws Exception {
        if (feeder != null) {
            feeder.stop();
        }
        if (view != null) {
            view.close();
        }
    }

    @Test
    void framesAreDrawnOnlyWhileSomeoneWatchesAndAWatcherGetsJpegsOfTheSourcesSize() throws Exception {
        view = start(50);
        DeviceOps ops = DeviceOps.start(OpsConfig.defaults(), 0);
        ops.watchLiveView(view);
        List<FrameListener> listeners = view.outputs(source);
        try (Mat image = new Mat(HEIGHT, WIDTH, opencv_core.CV_8UC3, new Scalar(40, 90, 160, 0))) {
            for (int i = 0; i < 200; i++) {
                offer(listeners, image, i);
            }
        }
        assertThat(view.encoded()).as("frames encoded with nobody watching").isZero();
        assertThat(view.unwatched()).isEqualTo(200);

        feeder = new Feeder(listeners);
        HttpResponse<InputStream> stream =
                http.send(authorized(view.stream(0)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        String contentType = stream.headers().firstValue("Content-Type").orElseThrow();
        assertThat(contentType).isEqualTo("multipart/x-mixed-replace; boundary=maskwatch-frame");
        try (InputStream body = stream.body()) {
            // The strict reader checks the boundary before and after every part.
            Mjpeg.Reader parts = new Mjpeg.Reader(body, Mjpeg.boundary(contentType));
            for (int i = 0; i < 5; i++) {
                Mjpeg.Reader.Part part = parts.next();
                assertThat(part.contentType()).isEqualTo("image/jpeg");
                assertThat(part.body()).startsWith(0xFF, 0xD8);
                BufferedImage picture = ImageIO.read(new ByteArrayInputStream(part.body()));
                assertThat(picture).as("part %d decodes as a JPEG", i).isNotNull();
                assertThat(picture.getWidth()).isEqualTo(WIDTH);
                assertThat(picture.getHeight()).isEqualTo(HEIGHT);
            }
            assertThat(view.viewers()).isEqualTo(1);
            assertThat(PrometheusText.parse(ops.process().scrape()).value("maskwatch_live_view_viewers"))
                    .isEqualTo(1);
            long encoded = view.encoded();
            assertThat(encoded).isGreaterThanOrEqualTo(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> view.encoded() > encoded + 3);
        }

        // The watcher went: the next write fails, the stream ends and the source is no longer drawn.
        await().atMost(Duration.ofSeconds(10)).until(() -> view.viewers() == 0);
        Thread.sleep(200); // a frame being drawn as the viewer left
        long afterwards = view.encoded();
        long unwatched = view.unwatched();
        await().atMost(Duration.ofSeconds(10)).until(() -> view.unwatched() > unwatched + 20);
        assertThat(view.encoded()).as("frames encoded after the watcher left").isEqualTo(afterwards);
        PrometheusText metrics = PrometheusText.parse(ops.process().scrape());
        assertThat(metrics.value("maskwatch_live_view_frames_encoded_total")).isEqualTo(afterwards);
        assertThat(metrics.value("maskwatch_live_view_viewers")).isZero();
        ops.close();
    }

    @Test
    void aWatchedSourceIsDrawnAtMostMaxFpsTimesASecond() throws Exception {
        view = start(5);
        feeder = new Feeder(view.outputs(source));
        HttpResponse<InputStream> stream =
                http.send(authorized(view.stream(0)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stream.body()) {
            Mjpeg.Reader parts = new Mjpeg.Reader(
                    body,
                    Mjpeg.boundary(stream.headers().firstValue("Content-Type").orElseThrow()));
            parts.next();
            long first = view.encoded();
            long offered = feeder.frames();
            long t0 = System.nanoTime();
            Thread.sleep(2_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long drawn = view.encoded() - first;
            assertThat(feeder.frames() - offered).as("frames offered").isGreaterThan(4 * drawn);
            assertThat(drawn)
                    .as("frames drawn in %.1f s at max_fps 5", seconds)
                    .isBetween(3L, Math.round(5 * seconds) + 2);
        }
    }

    @Test
    void withoutTheRightCredentialsEverythingIs401() throws Exception {
        view = start(5);
        feeder = new Feeder(view.outputs(source));
        URI page = view.address();
        for (URI uri : List.of(
                page, page.resolve("status"), view.stream(0), page.resolve("live.js"), page.resolve("nothing"))) {
            HttpResponse<String> none =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).as("%s without credentials", uri).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Basic realm=\"" + PasswordCheck.REALM + "\"");
            assertThat(none.body()).doesNotContain("entrance");
        }
        for (String[] wrong : new String[][] {{USER, "wrong"}, {"bob", PASSWORD}, {"Alice", PASSWORD}, {USER, ""}}) {
            HttpResponse<String> refused = http.send(
                    withCredentials(view.stream(0), wrong[0], wrong[1]).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("%s / %s", wrong[0], wrong[1]).isEqualTo(401);
        }
        HttpResponse<String> garbled = http.send(
                HttpRequest.newBuilder(page)
                        .header("Authorization", "Basic !!!")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(garbled.statusCode()).isIn(400, 401);
        assertThat(view.encoded()).as("nothing is drawn for a refused viewer").isZero();

        HttpResponse<String> ok = http.send(authorized(page).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(ok.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(ok.body()).contains("MaskWatch", "live.js");
        HttpResponse<String> post = http.send(
                authorized(page).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void theStatusGivesEachSourcesCountsAndTheLastEvents() throws Exception {
        view = start(5);
        List<FrameListener> listeners = view.outputs(source);
        List<FaceEvent> stored = new ArrayList<>();
        EventSink sink = view.inFrontOfTheStore(new EventSink() {
            @Override
            public void event(FaceEvent event) {
                stored.add(event);
            }

            @Override
            public void compliance(ComplianceCount count) {}

            @Override
            public void close() {}
        });
        List<FaceResult> faces = List.of(
                new FaceResult(new Detection(20, 20, 80, 90, 0.9f), MaskLabel.MASK, 0.97, 1),
                new FaceResult(new Detection(150, 30, 210, 100, 0.9f), MaskLabel.NO_MASK, 0.88, 2),
                new FaceResult(new Detection(250, 40, 262, 54, 0.7f), MaskLabel.TOO_SMALL, Double.NaN, 3));
        try (Mat image = new Mat(HEIGHT, WIDTH, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0))) {
            for (int i = 0; i < 12; i++) {
                VideoFrame frame = new VideoFrame(image, i, Instant.now(), source.name());
                for (FrameListener l : listeners) {
                    l.frame(new FrameResult(frame, faces));
                }
            }
        }
        FaceEvent event = new FaceEvent(
                UUID.randomUUID(),
                Instant.parse("2026-12-01T10:00:00Z"),
                "entrance",
                2,
                150,
                30,
                210,
                100,
                0.93,
                "jpeg",
                60,
                70,
                new byte[] {1},
                150,
                false);
        sink.event(event);
        assertThat(stored).containsExactly(event);

        HttpResponse<String> response =
                http.send(authorized(view.address().resolve("status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = new ObjectMapper().readTree(response.body());
        JsonNode s = status.get("sources").get(0);
        assertThat(s.get("name").asText()).isEqualTo("entrance");
        assertThat(s.get("frames").asLong()).isEqualTo(12);
        assertThat(s.get("faces").asInt()).isEqualTo(3);
        assertThat(s.get("mask").asInt()).isEqualTo(1);
        assertThat(s.get("no_mask").asInt()).isEqualTo(1);
        assertThat(s.get("events").asInt()).isEqualTo(1);
        assertThat(s.get("width").asInt()).isEqualTo(WIDTH);
        assertThat(s.get("unwatched").asInt()).isEqualTo(12);
        assertThat(s.get("encoded").asInt()).isZero();
        assertThat(status.get("totals").get("events").asInt()).isEqualTo(1);
        JsonNode last = status.get("events").get(0);
        assertThat(last.get("time").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(last.get("source").asText()).isEqualTo("entrance");
        assertThat(last.get("probability").asDouble()).isEqualTo(0.93);
        assertThat(last.get("low_evidence").asBoolean()).isFalse();
    }

    @Test
    void aStreamsAddressIsShownWithoutItsPassword() {
        assertThat(LiveSource.withoutCredentials("rtsp://admin:s3cret@10.0.0.5:554/stream1"))
                .isEqualTo("rtsp://10.0.0.5:554/stream1");
        assertThat(LiveSource.withoutCredentials("/dev/video0")).isEqualTo("/dev/video0");
        assertThat(LiveSource.withoutCredentials("entrance@front")).isEqualTo("entrance@front");
    }

    private LiveView start(double maxFps) {
        return LiveView.start(
                new LiveViewConfig(true, "127.0.0.1", 0, USER, HASH, maxFps), "test device", List.of(source));
    }

    private static HttpRequest.Builder authorized(URI uri) {
        return withCredentials(uri, USER, PASSWORD);
    }

    private static HttpRequest.Builder withCredentials(URI uri, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + token);
    }

    private void offer(List<FrameListener> listeners, Mat image, long index) {
        VideoFrame frame = new VideoFrame(image, index, Instant.now(), source.name());
        FrameResult result = new FrameResult(
                frame, List.of(new FaceResult(new Detection(100, 60, 180, 150, 0.9f), MaskLabel.NO_MASK, 0.9, 1)));
        for (FrameListener l : listeners) {
            l.frame(result);
        }
    }

    /** A pipeline stand-in: offers a moving picture to the listeners about 200 times a second. */
    private final class Feeder {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile long frames;

        Feeder(List<FrameListener> listeners) {
            thread = new Thread(
                    () -> {
                        try (Mat image = new Mat(HEIGHT, WIDTH, opencv_core.CV_8UC3, new Scalar(40, 90, 160, 0))) {
                            while (running.get()) {
                                offer(listeners, image, frames);
                                frames++;
                                Thread.sleep(5);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            listeners.forEach(FrameListener::close);
                        }
                    },
                    "feeder");
            thread.start();
        }

        long frames() {
            return frames;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
