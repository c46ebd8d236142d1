package io.maskwatch.app.detect;

import io.maskwatch.edge.runtime.DetectionSession;
import io.maskwatch.vision.config.DetectionConfig;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.pipeline.StageTimes.Stage;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code bench} prints: per stage, wall-clock and CPU milliseconds per frame, then the
 * end-to-end rate. On a machine busy with other work the wall-clock figures grow while the CPU
 * figures stay what the work costs; the estimate from them says what an idle machine would do
 * (decoding and storing run on their own threads, so the pipeline thread is the limit).
 */
final class BenchReport {
    /** Time of one stage over the run, in nanoseconds. */
    record StageCost(String name, long wallNanos, long cpuNanos, String thread) {}

    private final PrintWriter out;

    BenchReport(PrintWriter out) {
        this.out = out;
    }

    void print(
            DetectionSession session,
            RunSummary s,
            StageTimes t,
            StageCost decode,
            StageCost store,
            long processCpuNanos) {
        DetectionConfig d = session.config().detection();
        out.printf(
                Locale.ROOT,
                "bench %s: detector %s (scale %.2f, every %d frame(s)), classifier %s (input %d, every %d frames,"
                        + " threshold %.2f), %d OpenCV / %d ONNX Runtime thread(s), %d cores%n",
                s.source(),
                session.detector().modelName(),
                d.scale(),
                d.every(),
                session.classifierManifest().id(),
                session.classifierManifest().inputSize(),
                session.config().tracking().classifyEvery(),
                session.threshold(),
                d.threads(),
                session.config().maskClassifier().threads(),
                Runtime.getRuntime().availableProcessors());
        out.printf(
                "inference: detector %s, classifier %s%n",
                session.detectorProvider().describe(),
                session.classifierProvider().describe());
        double frames = Math.max(1, s.frames());
        out.printf("%-9s %11s %11s  %s%n", "stage", "wall ms/f", "CPU ms/f", "thread");
        long pipelineCpu = 0;
        StageCost[] rows = {
            decode,
            pipelineStage(t, Stage.DETECT, "detect"),
            pipelineStage(t, Stage.CLASSIFY, "classify"),
            pipelineStage(t, Stage.TRACK, "track"),
            store
        };
        for (StageCost row : rows) {
            if (row.thread().equals("pipeline")) {
                pipelineCpu += row.cpuNanos();
            }
            out.printf(
                    Locale.ROOT,
                    "%-9s %11.3f %11.3f  %s%n",
                    row.name(),
                    row.wallNanos() / 1e6 / frames,
                    row.cpuNanos() / 1e6 / frames,
                    row.thread());
        }
        out.printf(
                Locale.ROOT,
                "end to end: %d frames in %.2f s = %.1f frames/s (process CPU %.2f ms/frame, machine load %s)%n",
                s.frames(),
                s.seconds(),
                s.framesPerSecond(),
                processCpuNanos / 1e6 / frames,
                loadAverage());
        double limit = Math.max(pipelineCpu, decode.cpuNanos()) / frames;
        out.printf(
                Locale.ROOT,
                "CPU-bound estimate with a core each for the pipeline and the reader: %.0f frames/s%n",
                limit > 0 ? 1e9 / limit : 0);
        out.printf(
                Locale.ROOT,
                "faces %d (%d below %d px, counted not classified), classifications %d, tracks %d, events %d;"
                        + " each tracked face re-classified every %d frame(s) at most%n",
                s.faces(),
                s.tooSmall(),
                session.minFaceSize(),
                s.classifications(),
                s.tracks(),
                s.events(),
                s.maxClassificationInterval());
        out.printf("peak memory: %d MB RSS%n", ProcessMemory.peakRssMegabytes());
        out.flush();
    }

    private static StageCost pipelineStage(StageTimes t, Stage stage, String name) {
        return new StageCost(name, t.nanos(stage), t.cpuNanos(stage), "pipeline");
    }

    private static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", load);
    }
}
