package io.maskwatch.app.detect;

import io.maskwatch.core.UserError;
import io.maskwatch.core.config.DetectionConfig;
import io.maskwatch.core.config.EdgeConfig;
import io.maskwatch.vision.event.AsyncEventSink;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.pipeline.StageTimes.Stage;
import io.maskwatch.vision.source.FrameSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the detection pipeline exactly as {@code detect} runs it (same configuration,
 * same store), timed per stage. Other benchmarks are added as its subcommands.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Run detection on a video as 'detect' does (store included, into a temporary file unless --store)",
            "and print the time per stage and the end-to-end frames/s.",
            "",
            "Example: maskwatch bench --source ../shared/video/face_mask_crowd.mp4",
            "         maskwatch bench --source ../shared/video/face_mask_crowd.mp4 --set detection.every=2"
        })
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (options.sources.isEmpty()) {
            throw new UserError("bench needs --source (e.g. ../shared/video/face_mask_crowd.mp4)");
        }
        Path temporaryStore = null;
        if (options.store == null) {
            temporaryStore = Files.createTempDirectory("maskwatch-bench");
            options.store = temporaryStore.resolve("bench.db").toString();
        }
        try {
            return bench(options.load(), spec.commandLine().getOut());
        } finally {
            if (temporaryStore != null) {
                deleteTree(temporaryStore);
            }
        }
    }

    private int bench(EdgeConfig config, PrintWriter out) throws InterruptedException {
        try (DetectionSession session = new DetectionSession(config)) {
            List<FrameSource> sources = session.openSources();
            StageTimes times = new StageTimes();
            AsyncEventSink sink = new AsyncEventSink(StoreEventSink.open(session));
            List<RunSummary> summaries;
            long decodeNanos;
            try {
                summaries = session.run(sources, sink, source -> List.of(), times);
            } finally {
                sink.close();
            }
            decodeNanos =
                    sources.stream().mapToLong(s -> s.stats().decodeNanos()).sum();
            RunSummary total = summaries.stream().reduce(RunSummary::plus).orElseThrow();
            report(out, session, total, times, decodeNanos, sink.writeNanos());
            return 0;
        }
    }

    private static void report(
            PrintWriter out, DetectionSession session, RunSummary s, StageTimes t, long decode, long store) {
        DetectionConfig d = session.config().detection();
        out.printf(
                Locale.ROOT,
                "bench %s: detector %s (scale %.2f, every %d frame(s)), classifier %s (input %d, every %d"
                        + " frames, threshold %.2f), %d OpenCV / %d ONNX Runtime thread(s)%n",
                s.source(),
                session.detector().modelName(),
                d.scale(),
                d.every(),
                session.classifierManifest().id(),
                session.classifierManifest().inputSize(),
                session.config().tracking().classifyEvery(),
                session.threshold(),
                d.threads(),
                session.config().maskClassifier().threads());
        long frames = Math.max(1, s.frames());
        out.printf("%-10s %10s %10s  %s%n", "stage", "total ms", "ms/frame", "thread");
        Map<String, long[]> rows = new java.util.LinkedHashMap<>();
        rows.put("decode", new long[] {decode});
        rows.put("detect", new long[] {t.nanos(Stage.DETECT)});
        rows.put("classify", new long[] {t.nanos(Stage.CLASSIFY)});
        rows.put("track", new long[] {t.nanos(Stage.TRACK)});
        rows.put("store", new long[] {store});
        for (Map.Entry<String, long[]> row : rows.entrySet()) {
            String thread = switch (row.getKey()) {
                case "decode" -> "reader (overlaps analysis)";
                case "store" -> "event writer (overlaps analysis)";
                default -> "pipeline";
            };
            out.printf(
                    Locale.ROOT,
                    "%-10s %10.1f %10.3f  %s%n",
                    row.getKey(),
                    row.getValue()[0] / 1e6,
                    row.getValue()[0] / 1e6 / frames,
                    thread);
        }
        out.printf(
                Locale.ROOT,
                "end to end: %d frames in %.2f s = %.1f frames/s%n",
                s.frames(),
                s.seconds(),
                s.framesPerSecond());
        out.printf(
                Locale.ROOT,
                "faces %d (%d below %d px, not classified), classifications %d, tracks %d, events %d;"
                        + " every detected face classified at least every %d frame(s)%n",
                s.faces(),
                s.tooSmall(),
                session.minFaceSize(),
                s.classifications(),
                s.tracks(),
                s.events(),
                Math.max(1, s.maxClassificationAge()));
        out.printf("peak memory: %d MB RSS%n", ProcessMemory.peakRssMegabytes());
        out.flush();
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
