package io.maskwatch.app.detect;

import io.maskwatch.app.ExitStatus;
import io.maskwatch.app.UserError;
import io.maskwatch.core.files.TemporaryFolder;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.runtime.DetectionSession;
import io.maskwatch.edge.runtime.EdgeRuntime;
import io.maskwatch.edge.runtime.StoreEventSink;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.vision.event.AsyncEventSink;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the detection pipeline exactly as {@code detect} runs it (same configuration,
 * same store), timed per stage. Other benchmarks are added as its subcommands.
 */
@Command(
        name = "bench",
        subcommands = {io.maskwatch.app.classifier.ClassifierBenchCommand.class},
        mixinStandardHelpOptions = true,
        description = {
            "Run detection on a video as 'detect' does (store included, into a temporary file unless --store)",
            "and print the time per stage and the end-to-end frames/s.",
            "",
            "Example: maskwatch bench --source ../shared/video/face_mask_crowd.mp4",
            "         maskwatch bench --source ../shared/video/face_mask_crowd.mp4 --set detection.every=2",
            "         maskwatch bench --source ../shared/video/face_mask_crowd.mp4 --live-view 1   (one watcher)",
            "         maskwatch bench --source ../shared/video/face_mask_crowd.mp4 --sources 1,2,4,8   (1, 2, 4, 8 cameras)",
            "         maskwatch bench classifier      (the mask classifier alone: single face and batches)"
        })
public final class BenchCommand implements Callable<Integer>, ExitStatus.MayWarn {

    @Mixin
    ConfigOptions options;

    @Option(
            names = "--baseline",
            description = "First time decoding + the detector alone on every frame (how fast this machine is now).")
    boolean baseline;

    @Option(
            names = "--live-view",
            arity = "0..1",
            fallbackValue = "0",
            paramLabel = "WATCHERS",
            description = "Run with the live view on (live_view.max_fps; a free port of this machine, a password made"
                    + " up for the run) and WATCHERS HTTP clients reading its streams (default 0: nobody watches);"
                    + " then print the frames it encoded and what its listeners cost.")
    Integer liveViewWatchers;

    @Option(
            names = "--soak",
            paramLabel = "MINUTES",
            description = "Instead: play the source (a video file) as a live camera, looped, for MINUTES, and print"
                    + " the process's resident memory every --sample-seconds (it must stay flat after the warm-up).")
    int soakMinutes;

    @Option(
            names = "--sources",
            split = ",",
            paramLabel = "N",
            description = "Instead: run N cameras at once in one process, as detect runs several sources (one pipeline"
                    + " each, the classifier and the store shared), each the --source video played as a live camera at"
                    + " its frame rate (frames it cannot keep up with are dropped); a list (1,2,4,8) runs each count"
                    + " in turn. Prints, per count, frames/s per source (mean, min) and in all, process CPU, latency"
                    + " from capture to result and to event, frames dropped, as a markdown table.")
    List<Integer> sourceCounts;

    @Option(
            names = "--seconds",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "How long --sources measures each count, after a 3 s warm-up (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--sample-seconds",
            defaultValue = "60",
            description = "How often --soak samples memory (default ${DEFAULT-VALUE}).")
    int sampleSeconds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (options.sources.isEmpty()) {
            throw new UserError("bench needs --source (e.g. ../shared/video/face_mask_crowd.mp4)");
        }
        if (sourceCounts != null) {
            checkSourceCounts();
        }
        if (liveViewWatchers != null && liveViewWatchers < 0) {
            throw new UserError("--live-view takes the number of watchers: 0 (nobody watches) or more");
        }
        TemporaryFolder temporaryStore = null;
        if (options.store == null) {
            temporaryStore = TemporaryFolder.create("maskwatch-bench");
            options.store = temporaryStore.resolve("bench.db").toString();
        }
        try {
            if (sourceCounts != null) {
                MultiSourceBench.run(
                        options.load(),
                        sourceCounts,
                        java.time.Duration.ofSeconds(seconds),
                        spec.commandLine().getOut());
                return ExitStatus.OK;
            }
            if (soakMinutes > 0) {
                SoakRun.run(
                        options.load(),
                        java.time.Duration.ofMinutes(soakMinutes),
                        java.time.Duration.ofSeconds(sampleSeconds),
                        spec.commandLine().getOut());
                return ExitStatus.OK;
            }
            return bench(options.load(), spec.commandLine().getOut());
        } finally {
            if (temporaryStore != null) {
                temporaryStore.close();
            }
        }
    }

    private int bench(EdgeConfig config, PrintWriter out) throws InterruptedException {
        try (DetectionSession session = new DetectionSession(config)) {
            if (baseline) {
                BaselineRun.run(config, session.detector(), out);
            }
            List<FrameSource> sources = session.openSources();
            StageTimes times = new StageTimes();
            LiveViewBench live = liveViewWatchers == null ? null : startLiveView(config, sources);
            EventStore store = EventStore.open(
                    Path.of(config.store().path()), config.store().maxBytes());
            EdgeRuntime.Hooks hooks = live == null ? new EdgeRuntime.Hooks() {} : live.view();
            AsyncEventSink sink = new AsyncEventSink(
                    hooks.inFrontOfTheStore(StoreEventSink.over(store, session)),
                    config.store().unwritableTimeout());
            List<RunSummary> summaries;
            long cpu0 = processCpuNanos();
            try {
                summaries = session.run(sources, sink, hooks::outputs, times);
            } finally {
                sink.close();
                store.close();
                if (live != null) {
                    live.close();
                }
            }
            long cpu = processCpuNanos() - cpu0;
            RunSummary total = summaries.stream().reduce(RunSummary::plus).orElseThrow();
            var decode = new BenchReport.StageCost(
                    "decode",
                    sources.stream().mapToLong(s -> s.stats().decodeNanos()).sum(),
                    sources.stream().mapToLong(s -> s.stats().decodeCpuNanos()).sum(),
                    "reader (overlaps the pipeline)");
            var storing = new BenchReport.StageCost(
                    "store", sink.writeNanos(), sink.writeCpuNanos(), "event writer (overlaps the pipeline)");
            new BenchReport(out).print(session, total, times, decode, storing, cpu);
            if (live != null) {
                live.print(out, total.frames(), times);
            }
            // Figures from a truncated file are figures for fewer frames than asked for: say so.
            return InputDamage.report(sources, summaries, spec.commandLine().getErr());
        }
    }

    private LiveViewBench startLiveView(EdgeConfig config, List<FrameSource> sources) throws InterruptedException {
        try {
            return LiveViewBench.start(config, sources, liveViewWatchers);
        } catch (RuntimeException | InterruptedException e) {
            sources.forEach(FrameSource::close);
            throw e;
        }
    }

    private void checkSourceCounts() {
        if (sourceCounts.isEmpty() || sourceCounts.stream().anyMatch(n -> n < 1 || n > 64) || seconds < 1) {
            throw new UserError(
                    "--sources takes counts of cameras from 1 to 64 (e.g. 1,2,4,8) and --seconds at least 1");
        }
        if (baseline || liveViewWatchers != null || soakMinutes > 0) {
            throw new UserError("--sources runs on its own: leave out --baseline, --live-view and --soak");
        }
        // The device's /metrics port stays free for a detect running beside the bench (unless asked for).
        options.overrides.putIfAbsent("ops.port", "0");
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
