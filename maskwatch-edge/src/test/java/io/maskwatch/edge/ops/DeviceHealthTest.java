package io.maskwatch.edge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.maskwatch.core.ops.OpsSettings;
import io.maskwatch.edge.config.OpsConfig;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.EventStoreException;
import io.maskwatch.edge.store.TestEvents;
import io.maskwatch.testing.OperationsReference;
import io.maskwatch.testing.OpsClient;
import io.maskwatch.testing.PrometheusText;
import io.maskwatch.vision.config.StreamConfig;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import io.maskwatch.vision.source.VideoFrame;
import io.maskwatch.vision.testing.Scene;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's readiness over HTTP, on real parts: a SQLite store that fills up (past {@code
 * store.max_size_mb}) and a stream camera (FFmpeg reading HTTP) that goes away for longer than its
 * budget. Each makes {@code /health} answer 503 naming the check and why, and the device is ready
 * again once the store takes a write and the camera sends frames.
 */
@Timeout(180)
class DeviceHealthTest {
    @TempDir
    Path dir;

    private static DeviceOps ops(int port, double sourceDownSeconds) {
        return DeviceOps.start(new OpsConfig(new OpsSettings("127.0.0.1", port), sourceDownSeconds), 1);
    }

    @Test
    void aStoreThatRefusesWritesMakesTheDeviceNotReadyUntilAWriteGoesThroughAgain() throws Exception {
        Path file = dir.resolve("full.db");
        int port = OpsClient.freePort();
        OpsClient client = OpsClient.onLocalPort(port);
        try (DeviceOps device = ops(port, 60);
                EventStore store = EventStore.open(file, 96 * 1024);
                AutoCloseable watch = device.watchStore(store)) {
            assertThat(client.health().ready()).isTrue();
            int stored = 0;
            try {
                while (true) {
                    store.append(TestEvents.event(stored, 8_000), TestEvents.ORIGIN);
                    stored++;
                }
            } catch (EventStoreException full) {
                // The limit is reached: the store refuses the write as on a full disk.
            }
            int appended = stored;

            device.process().health().checkSoon();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.health().status() == 503);
            OpsClient.HealthAnswer down = client.health();
            assertThat(down.statusOf("store")).isEqualTo("down");
            assertThat(down.reason("store"))
                    .contains(file.toString())
                    .contains("the disk is full or store.max_size_mb is reached")
                    .contains("raise store.max_size_mb");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                PrometheusText metrics = client.metrics();
                assertThat(metrics.value("maskwatch_dispatch_backlog_events")).isEqualTo(appended);
                assertThat(metrics.value("maskwatch_dispatch_oldest_unsent_age_seconds"))
                        .isPositive();
                assertThat(metrics.value("maskwatch_store_size_bytes"))
                        .isEqualTo(Files.size(file) + Files.size(Path.of(file + "-wal")));
                assertThat(metrics.value("maskwatch_health_check", "check", "store"))
                        .isZero();
                assertThat(metrics.value("maskwatch_ready")).isZero();
                assertThat(OperationsReference.undocumented(metrics))
                        .as("meters docs/operations.md does not describe")
                        .isEmpty();
            });

            // An operator frees space; the next write goes through and the device is ready again.
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = other.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 5000");
                statement.executeUpdate("DELETE FROM alert WHERE id <= 2");
            }
            store.append(TestEvents.event(1_000, 8_000), TestEvents.ORIGIN).orElseThrow();
            device.process().health().checkSoon();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.health().ready());
            // Before the store closes, its gauges and its check go.
            watch.close();
            assertThat(client.health().body().path("checks").has("store")).isFalse();
            assertThat(client.metrics().samples("maskwatch_store_size_bytes")).isEmpty();
        }
    }

    @Test
    void aCameraSilentPastItsBudgetMakesTheDeviceNotReadyAndItsFramesMakeItReadyAgain() throws Exception {
        Path ts;
        try (Mat face = Scene.background(60, 60)) {
            ts = Scene.write(dir.resolve("live.ts"), 50, List.of(new Scene.Actor(face, 0, 50, 10, 10, 5, 2)));
        }
        byte[] stream = Files.readAllBytes(ts);
        AtomicBoolean cameraOn = new AtomicBoolean(true);
        HttpServer camera = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        camera.createContext("/live.ts", exchange -> {
            if (!cameraOn.get()) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, stream.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(stream);
            } catch (IOException e) {
                // The reader may hang up first.
            }
        });
        camera.start();
        int port = OpsClient.freePort();
        OpsClient client = OpsClient.onLocalPort(port);
        String url = "http://127.0.0.1:" + camera.getAddress().getPort() + "/live.ts";
        // Reconnect soon and for ever: each end of the short stream is a drop the source gets over.
        StreamConfig reconnect = new StreamConfig(5, 0.05, 0.2, 0);
        try (DeviceOps device = ops(port, 1);
                FrameSource source = Sources.open(url, "gate", reconnect)) {
            Thread pipeline = new Thread(() -> drain(source), "test-pipeline");
            pipeline.start();
            AutoCloseable watch = device.watchSources(List.of(source));
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            source.stats().decoded() > 60 && client.health().ready());
            assertThat(client.health().statusOf("source:gate")).isEqualTo("up");

            cameraOn.set(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.health().status() == 503);
            OpsClient.HealthAnswer down = client.health();
            assertThat(down.reason("source:gate"))
                    .startsWith("gate has sent no frame for ")
                    .contains("ops.source_down_seconds")
                    .contains("reconnecting failed");
            PrometheusText metrics = client.metrics();
            assertThat(metrics.value("maskwatch_source_up", "source", "gate")).isZero();
            assertThat(metrics.value("maskwatch_source_reconnects_total", "source", "gate"))
                    .isPositive();

            cameraOn.set(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.health().ready());
            assertThat(client.metrics().value("maskwatch_source_up", "source", "gate"))
                    .isEqualTo(1);
            watch.close();
            assertThat(client.health().body().path("checks").has("source:gate")).isFalse();
            assertThat(client.metrics().samples("maskwatch_source_up")).isEmpty();
        } finally {
            camera.stop(0);
        }
    }

    /** What a pipeline does with a live source: takes its newest frame, over and over. */
    private static void drain(FrameSource source) {
        try {
            for (VideoFrame frame; (frame = source.next()) != null; ) {
                frame.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
