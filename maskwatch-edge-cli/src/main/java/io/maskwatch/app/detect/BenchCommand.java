package io.maskwatch.app.detect;

import io.maskwatch.app.ExitStatus;
import io.maskwatch.app.UserError;
import io.maskwatch.core.files.TemporaryFolder;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.runtime.DetectionSession;
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
            names = "--soak",
            paramLabel = "MINUTES",
            description = "Instead: play the source (a video file) as a live camera, looped, for MINUTES, and print"
                    + " the process's resident memory every --sample-seconds (it must stay flat after the warm-up).")
    int soakMinutes;

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
        TemporaryFolder temporaryStore = null;
        if (options.store == null) {
            temporaryStore = TemporaryFolder.create("maskwatch-bench");
            options.store = temporaryStore.resolve("bench.db").toString();
        }
        try {
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
            EventStore store = EventStore.open(
                    Path.of(config.store().path()), config.store().maxBytes());
            AsyncEventSink sink = new AsyncEventSink(
                    StoreEventSink.over(store, session), config.store().unwritableTimeout());
            List<RunSummary> summaries;
            long cpu0 = processCpuNanos();
            try {
                summaries = session.run(sources, sink, source -> List.of(), times);
            } finally {
                sink.close();
                store.close();
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
            // Figures from a truncated file are figures for fewer frames than asked for: say so.
            return InputDamage.report(sources, summaries, spec.commandLine().getErr());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
