package io.maskwatch.edge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.edge.runtime.EdgeRuntime;
import io.maskwatch.server.testing.Browser;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The live view as a person sees it: the device runs on the sample video played as a live camera
 * (looped), with {@code live_view} enabled in its configuration, and headless Chromium opens the
 * page with the credentials in the address. The stream's {@code <img>} shows frames that change,
 * the counts come in, the screenshot lands in {@code target/screenshots/live-view.png}, and once
 * the browser is gone nobody watches any more.
 */
class LiveViewBrowserTest {
    private static final String USER = "guard";
    private static final String PASSWORD = "mask-2026";

    /** A signature of what the source's {@code <img>} shows now (null before its first frame). */
    private static final String PICTURE_SIGNATURE = """
            const img = document.querySelector('#source-0 img');
            if (!img || !img.complete || img.naturalWidth === 0) return null;
            const canvas = document.createElement('canvas');
            canvas.width = 96; canvas.height = 54;
            const g = canvas.getContext('2d');
            g.drawImage(img, 0, 0, 96, 54);
            const d = g.getImageData(0, 0, 96, 54).data;
            let h = 0;
            for (let i = 0; i < d.length; i++) h = (h * 31 + d[i]) | 0;
            return img.naturalWidth + 'x' + img.naturalHeight + ':' + h;
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void chromiumShowsTheAnnotatedStreamTheCountsAndTheEvents() throws Exception {
        Path video = SharedData.require("video/face_mask_crowd.mp4");
        Path yunet = SharedData.require("models/face_detection_yunet_2023mar.onnx");
        int port = freePort();
        EdgeConfig config = EdgeConfigLoader.load(
                null,
                Map.of(
                        "models.face_detection.model",
                        yunet.toString(),
                        "detection.model_url",
                        "none",
                        "store.path",
                        dir.resolve("events.db").toString(),
                        "device.type",
                        "Raspberry Pi 5",
                        "live_view.enabled",
                        "true",
                        "live_view.port",
                        String.valueOf(port),
                        "live_view.user",
                        USER,
                        "live_view.password_hash",
                        new BCryptPasswordEncoder(4).encode(PASSWORD)),
                variable -> null);
        try (Browser browser = Browser.start();
                EdgeRuntime device = new EdgeRuntime(config, false)) {
            FrameSource camera = Sources.looped(video, "entrance");
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread running = new Thread(
                    () -> {
                        try {
                            device.run(List.of(camera), new EdgeRuntime.Hooks() {}, new StageTimes());
                        } catch (Throwable e) {
                            failed.set(e);
                        }
                    },
                    "device");
            running.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> failed.get() != null || answers(port));
                assertThat(failed.get()).isNull();

                // Credentials in a top-level address: Chromium sends them, then reuses them for the page's
                // own requests (its script asks the origin, without credentials, for the stream and counts).
                browser.open("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/");
                String first = browser.waiting()
                        .withTimeout(Duration.ofSeconds(90))
                        .until(d -> (String) browser.script(PICTURE_SIGNATURE));
                browser.waiting().until(d -> {
                    String now = (String) browser.script(PICTURE_SIGNATURE);
                    return now != null && !now.equals(first);
                });
                browser.waiting()
                        .until(d -> !browser.driver
                                        .findElement(By.id("t-frames"))
                                        .getText()
                                        .equals("–")
                                && browser.driver
                                        .findElement(By.id("state"))
                                        .getText()
                                        .equals("live"));
                // Faces found, and some events (the first unmasked people are decided within seconds).
                browser.waiting()
                        .withTimeout(Duration.ofSeconds(90))
                        .until(d -> d.findElements(By.cssSelector("#events tr:not(.empty)"))
                                        .size()
                                >= 1);
                assertThat(browser.driver
                                .findElement(By.cssSelector("#source-0 .name"))
                                .getText())
                        .isEqualTo("entrance");
                Thread.sleep(1_500); // the next refresh of the counts, with the event in them
                Path screenshot = browser.screenshot("live-view");
                System.out.println("live view screenshot: " + screenshot.toAbsolutePath());

                JsonNode watched = status(port).get("sources").get(0);
                assertThat(first)
                        .as("the picture has the source's size")
                        .startsWith(watched.get("width").asInt() + "x"
                                + watched.get("height").asInt() + ":");
                assertThat(watched.get("viewers").asInt()).isEqualTo(1);
                assertThat(watched.get("encoded").asLong()).isPositive();
                browser.open("about:blank");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> status(port)
                                        .get("sources")
                                        .get(0)
                                        .get("viewers")
                                        .asInt()
                                == 0);
            } finally {
                device.stop();
                running.join(60_000);
            }
            assertThat(failed.get()).isNull();
        }
    }

    private static boolean answers(int port) {
        try {
            status(port);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode status(int port) throws Exception {
        String token = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                                .header("Authorization", "Basic " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status answered " + response.statusCode());
        }
        return new ObjectMapper().readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
