package io.maskwatch.app.detect;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.runtime.DetectionSession;
import io.maskwatch.edge.runtime.StoreEventSink;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.vision.event.AsyncEventSink;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench --soak}: detect on a video played as a live camera, looped, for a long time, with the
 * process's resident memory sampled at intervals. A leak (frames, crops, tracks, events held too
 * long) shows as RSS that keeps rising after the warm-up.
 */
final class SoakRun {
    private SoakRun() {}

    static void run(EdgeConfig config, Duration length, Duration every, PrintWriter out) throws Exception {
        String file = config.sources().get(0).uri();
        try (DetectionSession session = new DetectionSession(config);
                EventStore store = EventStore.open(
                        Path.of(config.store().path()), config.store().maxBytes())) {
            FrameSource source = Sources.looped(Path.of(file), file);
            StoreEventSink stored = StoreEventSink.over(store, session);
            AsyncEventSink sink = new AsyncEventSink(stored, config.store().unwritableTimeout());
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread pipeline = new Thread(
                    () -> {
                        try {
                            session.run(List.of(source), sink, s -> List.of(), new StageTimes());
                        } catch (Exception e) {
                            failed.set(e);
                        }
                    },
                    "soak");
            out.printf(
                    Locale.ROOT,
                    "soak: %s looped as a live camera for %d min, RSS sampled every %d s%n",
                    file,
                    length.toMinutes(),
                    every.toSeconds());
            out.println("minute  RSS MB  frames analysed  dropped  events stored");
            out.flush();
            pipeline.start();
            long start = System.nanoTime();
            long end = start + length.toNanos();
            while (System.nanoTime() < end && pipeline.isAlive()) {
                long next = Math.min(end, System.nanoTime() + every.toNanos());
                while (System.nanoTime() < next && pipeline.isAlive()) {
                    Thread.sleep(Math.max(1, Math.min(1_000, (next - System.nanoTime()) / 1_000_000)));
                }
                out.printf(
                        Locale.ROOT,
                        "%6.1f  %6d  %15d  %7d  %13d%n",
                        (System.nanoTime() - start) / 60e9,
                        ProcessMemory.rssMegabytes(),
                        source.stats().decoded() - source.stats().dropped(),
                        source.stats().dropped(),
                        // Counted by the sink: reading the rows back would load every crop and bias the samples.
                        stored.stored(source.name()).events());
                out.flush();
            }
            session.stop();
            pipeline.join();
            sink.close();
            if (failed.get() != null) {
                throw failed.get();
            }
            out.printf(Locale.ROOT, "peak memory: %d MB RSS%n", ProcessMemory.peakRssMegabytes());
        }
    }
}
