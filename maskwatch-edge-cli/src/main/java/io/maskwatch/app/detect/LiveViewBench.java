package io.maskwatch.app.detect;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.LiveViewConfig;
import io.maskwatch.edge.live.LiveView;
import io.maskwatch.edge.live.Mjpeg;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.pipeline.StageTimes.Stage;
import io.maskwatch.vision.source.FrameSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code bench --live-view [WATCHERS]}: the run with the device's live view on, at {@code
 * live_view.max_fps}, on a free port of this machine with a password made up for the run, and
 * {@code WATCHERS} HTTP clients reading the sources' streams (each its own, in turn) from the
 * start; then what the live view cost: frames encoded (none when nobody watches), pictures
 * received, and the pipeline time its listeners took.
 */
final class LiveViewBench implements AutoCloseable {
    private static final String USER = "bench";

    private final LiveView view;
    private final List<Watcher> watchers = new ArrayList<>();
    private final double maxFps;

    private LiveViewBench(LiveView view, double maxFps) {
        this.view = view;
        this.maxFps = maxFps;
    }

    static LiveViewBench start(EdgeConfig config, List<FrameSource> sources, int watchers) throws InterruptedException {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().encodeToString(secret);
        double maxFps = config.liveView().maxFps();
        LiveView view = LiveView.start(
                new LiveViewConfig(true, "127.0.0.1", 0, USER, new BCryptPasswordEncoder(4).encode(password), maxFps),
                "bench",
                sources);
        LiveViewBench bench = new LiveViewBench(view, maxFps);
        try {
            for (int i = 0; i < watchers; i++) {
                bench.watchers.add(new Watcher(view.stream(i % sources.size()), password));
            }
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (view.viewers() < watchers) {
                for (Watcher w : bench.watchers) {
                    w.check();
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the bench's live view watchers did not connect in 20 s");
                }
                Thread.sleep(10);
            }
        } catch (RuntimeException | InterruptedException e) {
            bench.close();
            throw e;
        }
        return bench;
    }

    /** The hooks to run detection with. */
    LiveView view() {
        return view;
    }

    void print(PrintWriter out, long frames, StageTimes times) {
        long received = watchers.stream().mapToLong(w -> w.pictures.get()).sum();
        long bytes = watchers.stream().mapToLong(w -> w.bytes.get()).sum();
        long encoded = view.encoded();
        double perFrame = Math.max(1, frames);
        out.printf(
                Locale.ROOT,
                "live view: %d watcher(s), max_fps %.1f: %d frames encoded, %d offered while unwatched (not encoded);"
                        + " %d pictures received (%.0f KB each); its listeners %.3f ms/frame wall, %.3f CPU"
                        + " (pipeline thread)%n",
                watchers.size(),
                maxFps,
                encoded,
                view.unwatched(),
                received,
                received == 0 ? 0 : bytes / 1024.0 / received,
                times.nanos(Stage.OUTPUT) / 1e6 / perFrame,
                times.cpuNanos(Stage.OUTPUT) / 1e6 / perFrame);
        out.flush();
    }

    @Override
    public void close() {
        for (Watcher w : watchers) {
            w.close();
        }
        view.close();
    }

    /** An HTTP client reading one MJPEG stream on its own thread, counting the pictures. */
    private static final class Watcher {
        private final AtomicLong pictures = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final Thread thread;
        private volatile InputStream body;
        private volatile Exception failure;

        Watcher(URI stream, String password) {
            String token = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(stream)
                    .header("Authorization", "Basic " + token)
                    .build();
            thread = new Thread(
                    () -> {
                        try {
                            HttpResponse<InputStream> response =
                                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
                            body = response.body();
                            if (response.statusCode() != 200) {
                                throw new IOException("the live view answered " + response.statusCode());
                            }
                            Mjpeg.Reader parts = new Mjpeg.Reader(
                                    body,
                                    Mjpeg.boundary(response.headers()
                                            .firstValue("Content-Type")
                                            .orElse(null)));
                            for (; ; ) {
                                bytes.addAndGet(parts.next().body().length);
                                pictures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failure = e;
                        }
                    },
                    "live-view-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        /** Fails when the watcher could not connect. */
        void check() {
            if (failure != null && !thread.isAlive()) {
                throw new IllegalStateException("a live view watcher failed: " + failure.getMessage(), failure);
            }
        }

        void close() {
            InputStream in = body;
            try {
                if (in != null) {
                    in.close();
                }
                thread.interrupt();
                thread.join(5_000);
            } catch (IOException e) {
                // Closing what the bench no longer reads.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
