package io.maskwatch.app.detect;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.runtime.EdgeRuntime;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench --sources N[,N...]}: N cameras in one process, run as {@code detect} runs several
 * sources ({@link EdgeRuntime}: one pipeline and one reading thread per source, the classifier and
 * the store shared). Each camera is the video played as a live camera at its own frame rate, so
 * when the machine cannot keep up, frames are dropped as a real camera's would be. After a warm-up
 * that is not counted, it measures for a fixed time: frames analysed per second per source and in
 * all, the process's CPU use, the latency from capture (when the source got the frame) to the end
 * of its analysis and to the event being stored, and the frames dropped.
 */
final class MultiSourceBench {
    /** Not counted: the models' first runs, the JIT, the first detections. */
    static final Duration WARM_UP = Duration.ofSeconds(3);

    private MultiSourceBench() {}

    /** What N sources did in the measured window. */
    record Row(
            int sources,
            double seconds,
            double[] framesPerSecond,
            double cpuShare,
            long[] frameMicros,
            long[] eventMicros,
            long dropped,
            long decoded,
            double load) {

        double mean() {
            return Arrays.stream(framesPerSecond).average().orElse(0);
        }

        double min() {
            return Arrays.stream(framesPerSecond).min().orElse(0);
        }

        double total() {
            return Arrays.stream(framesPerSecond).sum();
        }

        String markdown(int cores) {
            return String.format(
                    Locale.ROOT,
                    "| %d | %.1f (%.1f) | %.1f | %.0f %% of %d cores | %s / %s | %s | %s | %s |",
                    sources,
                    mean(),
                    min(),
                    total(),
                    cpuShare * 100,
                    cores,
                    millis(percentile(frameMicros, 50)),
                    millis(percentile(frameMicros, 95)),
                    eventMicros.length == 0
                            ? "no event"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f s (%d events)",
                                    percentile(eventMicros, 95) / 1e6,
                                    eventMicros.length),
                    String.format(
                            Locale.ROOT,
                            "%.1f %% (%d of %d)",
                            decoded == 0 ? 0 : 100.0 * dropped / decoded,
                            dropped,
                            decoded),
                    load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", load));
        }
    }

    static final String HEADER = "| sources | frames/s per source, mean (min) | frames/s in all | process CPU"
            + " | capture to result p50 / p95 | capture to event p95 | dropped | load |\n"
            + "|---|---|---|---|---|---|---|---|";

    /** Runs each count of sources in turn, for {@code length} each, and prints the table. */
    static List<Row> run(EdgeConfig config, List<Integer> counts, Duration length, PrintWriter out) throws Exception {
        if (config.sources().size() != 1) {
            throw new io.maskwatch.app.UserError("bench --sources plays one video as every camera: give a single"
                    + " --source (a video file), e.g. --source ../shared/video/face_mask_crowd.mp4");
        }
        String file = config.sources().get(0).uri();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(
                Locale.ROOT,
                "bench --sources: %s played as N live cameras in one process, each at the video's frame rate;"
                        + " %d s measured after a %d s warm-up; %d cores%n",
                file,
                length.toSeconds(),
                WARM_UP.toSeconds(),
                cores);
        out.flush();
        List<Row> rows = new ArrayList<>();
        for (int n : counts) {
            Row row = runOnce(config, file, n, length, out);
            rows.add(row);
            out.println(HEADER);
            out.println(row.markdown(cores));
            out.flush();
        }
        out.println();
        out.println(HEADER);
        rows.forEach(r -> out.println(r.markdown(cores)));
        out.printf("peak memory: %d MB RSS%n", ProcessMemory.peakRssMegabytes());
        out.flush();
        return rows;
    }

    private static Row runOnce(EdgeConfig base, String file, int n, Duration length, PrintWriter out) throws Exception {
        List<SourceConfig> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add(new SourceConfig(file, "cam" + i));
        }
        EdgeConfig config = base.withSources(names);
        try (EdgeRuntime device = new EdgeRuntime(config, false)) {
            List<FrameSource> sources = openLooped(file, names);
            Measure measure = new Measure(sources);
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread run = new Thread(
                    () -> {
                        try {
                            device.run(sources, measure, new StageTimes());
                        } catch (Exception e) {
                            failed.set(e);
                        }
                    },
                    "bench-sources");
            run.start();
            Row row;
            try {
                waitWhileRunning(run, WARM_UP);
                Window window = measure.start();
                waitWhileRunning(run, length);
                row = measure.end(window);
            } finally {
                device.stop();
                run.join();
            }
            if (failed.get() != null) {
                throw failed.get();
            }
            out.printf(
                    Locale.ROOT,
                    "%d source(s) at %.1f frames/s each: %s%n",
                    n,
                    sources.get(0).frameRate(),
                    perSource(names, row.framesPerSecond()));
            return row;
        }
    }

    private static List<FrameSource> openLooped(String file, List<SourceConfig> names) {
        List<FrameSource> sources = new ArrayList<>();
        try {
            for (SourceConfig s : names) {
                sources.add(Sources.looped(Path.of(file), s.name()));
            }
        } catch (RuntimeException e) {
            sources.forEach(FrameSource::close);
            throw e;
        }
        return sources;
    }

    /** Waits {@code time}, or less if the run ends first (it failed: a camera never ends by itself). */
    private static void waitWhileRunning(Thread run, Duration time) throws InterruptedException {
        run.join(Math.max(1, time.toMillis()));
    }

    private static String perSource(List<SourceConfig> names, double[] fps) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fps.length; i++) {
            s.append(i == 0 ? "" : ", ")
                    .append(names.get(i).name())
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", fps[i]));
        }
        return s.append(" frames/s analysed").toString();
    }

    /** Where the measured window started. */
    private record Window(long wallNanos, long cpuNanos, long[] analysed, long[] dropped, long[] decoded) {}

    /** Counts frames per source and records latencies while the window is open. */
    private static final class Measure implements EdgeRuntime.Hooks {
        private final List<FrameSource> sources;
        private final AtomicLong[] analysed;
        private final List<Long> frameMicros = new ArrayList<>();
        private final List<Long> eventMicros = new ArrayList<>();
        private volatile boolean open;

        Measure(List<FrameSource> sources) {
            this.sources = sources;
            this.analysed = new AtomicLong[sources.size()];
            Arrays.setAll(analysed, i -> new AtomicLong());
        }

        Window start() {
            open = true;
            return new Window(
                    System.nanoTime(),
                    BenchCommand.processCpuNanos(),
                    counts(),
                    stat(s -> s.stats().dropped()),
                    stat(s -> s.stats().decoded()));
        }

        Row end(Window w) {
            open = false;
            double seconds = (System.nanoTime() - w.wallNanos()) / 1e9;
            long cpu = BenchCommand.processCpuNanos() - w.cpuNanos();
            long[] now = counts();
            double[] fps = new double[now.length];
            for (int i = 0; i < now.length; i++) {
                fps[i] = (now[i] - w.analysed()[i]) / seconds;
            }
            long dropped = sum(stat(s -> s.stats().dropped())) - sum(w.dropped());
            long decoded = sum(stat(s -> s.stats().decoded())) - sum(w.decoded());
            synchronized (this) {
                return new Row(
                        sources.size(),
                        seconds,
                        fps,
                        cpu / 1e9 / seconds / Runtime.getRuntime().availableProcessors(),
                        sorted(frameMicros),
                        sorted(eventMicros),
                        dropped,
                        decoded,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }

        private long[] counts() {
            return Arrays.stream(analysed).mapToLong(AtomicLong::get).toArray();
        }

        private long[] stat(java.util.function.ToLongFunction<FrameSource> f) {
            return sources.stream().mapToLong(f).toArray();
        }

        private synchronized void frameLatency(long micros) {
            frameMicros.add(micros);
        }

        private synchronized void eventLatency(long micros) {
            eventMicros.add(micros);
        }

        @Override
        public List<FrameListener> outputs(FrameSource source) {
            AtomicLong frames = analysed[sources.indexOf(source)];
            return List.of(new FrameListener() {
                @Override
                public void frame(FrameResult result) {
                    if (open) {
                        frames.incrementAndGet();
                        frameLatency(micros(result.frame().time()));
                    }
                }

                @Override
                public void close() {
                    // Nothing held.
                }
            });
        }

        @Override
        public EventSink inFrontOfTheStore(EventSink store) {
            return EventSink.seeing(store, event -> {
                if (open) {
                    // Once stored. The event's time is its best crop's capture time (live sources stamp the
                    // wall clock).
                    eventLatency(micros(event.time()));
                }
            });
        }
    }

    private static long micros(Instant captured) {
        return Duration.between(captured, Instant.now()).toNanos() / 1000;
    }

    private static long sum(long[] values) {
        return Arrays.stream(values).sum();
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.0f ms", micros / 1e3);
    }
}
