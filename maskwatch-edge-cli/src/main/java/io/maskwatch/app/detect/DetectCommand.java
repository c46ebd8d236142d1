package io.maskwatch.app.detect;

import io.maskwatch.app.ExitStatus;
import io.maskwatch.app.UserError;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.runtime.EdgeRuntime;
import io.maskwatch.edge.runtime.StoreEventSink;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.EventStorageFailed;
import io.maskwatch.vision.output.AnnotatedImages;
import io.maskwatch.vision.output.AnnotatedVideo;
import io.maskwatch.vision.output.EventSheet;
import io.maskwatch.vision.output.JsonLinesWriter;
import io.maskwatch.vision.output.PreviewWindow;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = {
            "Watch cameras, streams, video files or folders of images: find faces, decide mask / no mask, follow",
            "each person and store one event per person seen without a mask (SQLite, store.path).",
            "While it runs, /metrics and /health are served on ops.bind:ops.port (default 127.0.0.1:9464; ops.port: 0"
                    + " turns them off).",
            "",
            "Examples: maskwatch detect --config config/edge.example.yaml",
            "          maskwatch detect --source ../shared/video/face_mask_crowd.mp4 --out annotated.mp4 --json d.jsonl",
            "          maskwatch detect --source ../shared/video/face_mask_crowd.mp4 --events-sheet events.png",
            "          maskwatch detect --source rtsp://camera.local/stream --set tracking.cooldown_seconds=60"
        })
public final class DetectCommand implements Callable<Integer>, ExitStatus.MayWarn {
    /** How long Ctrl-C waits for the pipelines to finish their frame and the store to be written. */
    private static final long STOP_GRACE_SECONDS = 30;

    @Mixin
    ConfigOptions options;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Annotated video (.mp4/.avi/.mkv); for images, a folder of annotated images.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Detections as JSON lines, one per frame or image.")
    Path json;

    @Option(
            names = "--events-sheet",
            paramLabel = "FILE",
            description =
                    "Write the run's events as a contact sheet PNG: each event's face crop with its number, track,"
                            + " no-mask probability, time (video time for files, UTC wall time for cameras, streams and"
                            + " images), face width and sharpness; low-evidence events (never sent) in a grey frame.")
    Path eventsSheet;

    @Option(names = "--show", description = "Open a preview window (where a display exists).")
    boolean show;

    @Option(
            names = "--no-dispatch",
            description = "Do not publish events to Kafka from this process, even with kafka.bootstrap_servers set"
                    + " (leave them to 'maskwatch dispatch').")
    boolean noDispatch;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EdgeConfig config = options.load();
        PrintWriter stdout = spec.commandLine().getOut();
        try (EdgeRuntime device = new EdgeRuntime(config, !noDispatch)) {
            List<FrameSource> sources = device.openSources();
            stdout.println(device.describe());
            stdout.flush();
            checkOutBeforeTheStore(sources);
            CountDownLatch finished = new CountDownLatch(1);
            Thread onCtrlC = new Thread(
                    () -> {
                        device.stop();
                        awaitQuietly(finished);
                    },
                    "stop-detect");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try (JsonLinesWriter jsonLines = json != null ? JsonLinesWriter.open(json) : null) {
                Outputs outputs = new Outputs(jsonLines);
                EdgeRuntime.Outcome outcome;
                try {
                    outcome = device.run(sources, outputs, new StageTimes());
                } catch (EventStorageFailed e) {
                    throw new UserError(
                            e.getMessage()
                                    + "; the run stopped (the events stored before are kept;"
                                    + " store.unwritable_timeout_seconds sets how long it holds them)",
                            e);
                }
                printSummaries(sources, outcome.summaries(), outcome.stored(), stdout);
                if (outputs.sheet != null) {
                    writeSheet(outputs.sheet);
                    stdout.println("events sheet: " + eventsSheet);
                }
                stdout.printf("peak memory: %d MB RSS%n", ProcessMemory.peakRssMegabytes());
                stdout.flush();
                return InputDamage.report(
                        sources, outcome.summaries(), spec.commandLine().getErr());
            } finally {
                // On every way out, errors included: an error exits at once instead of holding the JVM's
                // shutdown for the grace time in a hook that waits for a run that has already ended.
                finished.countDown();
                removeHook(onCtrlC);
            }
        }
    }

    /** What this command hangs on the device's chain: the events sheet and the per-frame outputs. */
    private final class Outputs implements EdgeRuntime.Hooks {
        private final JsonLinesWriter jsonLines;
        private EventSheet sheet;

        Outputs(JsonLinesWriter jsonLines) {
            this.jsonLines = jsonLines;
        }

        @Override
        public EventSink inFrontOfTheStore(EventSink store) {
            if (eventsSheet == null) {
                return store;
            }
            sheet = new EventSheet(store);
            return sheet;
        }

        @Override
        public List<FrameListener> outputs(FrameSource source) {
            List<FrameListener> listeners = new ArrayList<>();
            if (sheet != null) {
                listeners.add(sheet.timeline(source));
            }
            if (jsonLines != null) {
                listeners.add(new Shared(jsonLines));
            }
            if (out != null) {
                listeners.add(source.stills() ? new AnnotatedImages(out) : new AnnotatedVideo(out, source.frameRate()));
            }
            if (show) {
                PreviewWindow.open("MaskWatch - " + source.name()).ifPresent(listeners::add);
            }
            return listeners;
        }
    }

    /**
     * One line per source, named: the events the store took, which it already held from an earlier run,
     * and a live source that gave up reconnecting; with several sources, then their total.
     */
    private static void printSummaries(
            List<FrameSource> sources, List<RunSummary> summaries, StoreEventSink stored, PrintWriter stdout) {
        List<RunSummary> counted = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            RunSummary s = summaries.get(i);
            StoreEventSink.Stored st = stored.stored(s.source());
            RunSummary withStored = s.withEvents(st.events(), st.lowEvidence());
            counted.add(withStored);
            var stats = sources.get(i).stats();
            stdout.println(withStored.line()
                    + (stats.gaveUp() ? "; gave up: " + stats.trouble() + " (stream.reconnect_max_attempts)" : ""));
            if (st.alreadyStored() > 0) {
                stdout.printf(
                        "%s: %d events were already in the store from an earlier run of this input; not stored again%n",
                        s.source(), st.alreadyStored());
            }
        }
        if (counted.size() > 1) {
            stdout.println(counted.stream()
                    .reduce(RunSummary::plus)
                    .orElseThrow()
                    .named("total of " + counted.size() + " sources")
                    .line());
        }
    }

    /**
     * {@code --out} is checked before the store is opened: a wrong name must not first cost a store, and
     * must not fail on the first frame, from a pipeline thread, with the run already under way.
     */
    private void checkOutBeforeTheStore(List<FrameSource> sources) {
        try {
            if (out != null && sources.size() > 1) {
                throw new UserError("--out writes one annotated video: give a single --source");
            }
            if (out != null) {
                OutputTarget.check(out, sources.get(0).stills());
            }
        } catch (RuntimeException e) {
            sources.forEach(FrameSource::close);
            throw e;
        }
    }

    /** Written after the store is closed, so a sheet that cannot be written never costs an event. */
    private void writeSheet(EventSheet sheet) {
        try {
            sheet.write(eventsSheet);
        } catch (IOException e) {
            throw new UserError(
                    "--events-sheet: cannot write " + eventsSheet + " (" + e.getMessage()
                            + "); the events are in the store; choose a writable path for the sheet",
                    e);
        }
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down (Ctrl-C): the hook is running and returns now.
        }
    }

    /** A listener shared by every source's pipeline: closed once, by the command. */
    private record Shared(FrameListener target) implements FrameListener {
        @Override
        public void frame(FrameResult result) {
            target.frame(result);
        }

        @Override
        public void close() {
            // Closed by the command after all pipelines ended.
        }
    }
}
