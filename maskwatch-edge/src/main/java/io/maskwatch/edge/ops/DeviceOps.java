package io.maskwatch.edge.ops;

import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.edge.config.OpsConfig;
import io.maskwatch.edge.dispatch.Dispatcher;
import io.maskwatch.edge.live.LiveView;
import io.maskwatch.edge.retention.ImageRetention;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.pipeline.PipelineObserver;
import io.maskwatch.vision.pipeline.StageTimes.Stage;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.SourceStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The device's metrics and health: one {@link ProcessOps}, served on {@code ops.bind:ops.port} for as
 * long as the command runs, to which {@code detect} adds its sources, pipelines, events and store,
 * and {@code dispatch} its store and dispatcher. Meters are named {@code maskwatch_...} with the
 * source as a label (docs/operations.md lists them).
 */
public final class DeviceOps implements AutoCloseable {
    private final ProcessOps process;
    private final OpsConfig config;
    private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
    /** What function counters read: held here, as Micrometer holds them only weakly. */
    private final List<Object> watched = new CopyOnWriteArrayList<>();

    private DeviceOps(ProcessOps process, OpsConfig config) {
        this.process = process;
        this.config = config;
        for (Stage stage : Stage.values()) {
            stages.put(
                    stage,
                    Timer.builder("maskwatch.pipeline.stage")
                            .description("Time of one pipeline stage on one frame (detect: on the frames the"
                                    + " detector looks at; classify: on frames with faces to classify)")
                            .tag("stage", stage.name().toLowerCase(Locale.ROOT))
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofNanos(100_000))
                            .maximumExpectedValue(Duration.ofSeconds(10))
                            .register(process.registry()));
        }
    }

    /**
     * The device's ops, serving {@code /metrics} and {@code /health} at once (on {@code defaultPort}
     * unless {@code ops.port} says otherwise; a port it cannot take is a warning, not an error).
     */
    public static DeviceOps start(OpsConfig config, int defaultPort) {
        ProcessOps process = new ProcessOps();
        process.serve(config.endpoint(), defaultPort);
        return new DeviceOps(process, config);
    }

    public ProcessOps process() {
        return process;
    }

    private MeterRegistry registry() {
        return process.registry();
    }

    /**
     * Per source: what its reader dropped and skipped, its reconnects, and for a camera or stream
     * whether it is up ({@code maskwatch_source_up} and the readiness check {@code source:NAME}).
     * Closing the returned watch removes those two (the sources are closed); the counts stay until
     * the process ends, for a last scrape.
     */
    public AutoCloseable watchSources(List<FrameSource> sources) {
        List<String> checks = new ArrayList<>();
        List<Gauge> up = new ArrayList<>();
        for (FrameSource source : sources) {
            SourceStats stats = source.stats();
            watched.add(stats);
            counter(
                    "maskwatch.frames.dropped",
                    "Frames of a camera or stream replaced by a newer one before the" + " pipeline took them",
                    source,
                    stats,
                    SourceStats::dropped);
            counter(
                    "maskwatch.frames.skipped",
                    "Images of a folder that could not be read",
                    source,
                    stats,
                    SourceStats::skipped);
            counter(
                    "maskwatch.source.reconnects",
                    "Times a camera or stream was reopened after it dropped",
                    source,
                    stats,
                    SourceStats::reconnects);
            if (SourceHealth.isLive(source)) {
                SourceHealth health = new SourceHealth(source, config.sourceDownAfter());
                up.add(Gauge.builder(
                                "maskwatch.source.up", health, h -> h.check().up() ? 1 : 0)
                        .description("1 while a camera or stream sends frames, 0 once it has sent none for"
                                + " ops.source_down_seconds or gave up")
                        .tag("source", source.name())
                        .strongReference(true)
                        .register(registry()));
                String check = "source:" + source.name();
                process.health().add(check, health);
                checks.add(check);
            }
        }
        return () -> {
            checks.forEach(process.health()::remove);
            up.forEach(registry()::remove);
        };
    }

    private <T> void counter(String name, String description, FrameSource source, T object, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, object, count)
                .description(description)
                .tag("source", source.name())
                .register(registry());
    }

    /** What the pipeline of {@code source} analyses, frame by frame: frames, faces, and each stage's time. */
    public PipelineObserver observe(FrameSource source) {
        Counter frames = Counter.builder("maskwatch.frames")
                .description("Frames analysed; rate() gives a source's frames per second")
                .tag("source", source.name())
                .register(registry());
        Counter detected = Counter.builder("maskwatch.faces.detected")
                .description("Faces the detector found (it looks at every detection.every-th video frame)")
                .tag("source", source.name())
                .register(registry());
        Counter classified = Counter.builder("maskwatch.faces.classified")
                .description("Faces classified mask / no mask")
                .tag("source", source.name())
                .register(registry());
        return (faces, classifiedFaces, clock) -> {
            frames.increment();
            detected.increment(faces);
            classified.increment(classifiedFaces);
            for (Stage stage : Stage.values()) {
                long took = clock.took(stage);
                if (took >= 0 && (stage != Stage.CLASSIFY || classifiedFaces > 0)) {
                    stages.get(stage).record(took, TimeUnit.NANOSECONDS);
                }
            }
        };
    }

    /**
     * {@code next} with each event counted once it took it, per source and evidence (judgeable, or low:
     * stored, never sent); a write the store refused and the writer retries counts once.
     */
    public EventSink countingEvents(EventSink next) {
        return EventSink.seeing(
                next,
                event -> Counter.builder("maskwatch.events")
                        .description("Events raised and handed to the store (evidence=low: stored, never sent)")
                        .tag("source", event.source())
                        .tag("evidence", event.lowEvidence() ? "low" : "judgeable")
                        .register(registry())
                        .increment());
    }

    /**
     * What waits in {@code store} to be sent, its size, and the readiness check {@code store}; close
     * the returned watch before the store.
     */
    public AutoCloseable watchStore(EventStore store) {
        return new StoreWatch(store, process);
    }

    /** The dispatcher's acknowledged events and its Kafka producer's own meters. */
    public void watchDispatcher(Dispatcher dispatcher) {
        watched.add(dispatcher);
        FunctionCounter.builder("maskwatch.dispatch.published", dispatcher, Dispatcher::publishedCount)
                .description("Events the broker acknowledged and the store marked sent")
                .register(registry());
        dispatcher.bindProducerMetrics(process);
    }

    /** The face images the retention job deleted (issue: the log says when, the metrics how many). */
    public void watchRetention(ImageRetention retention) {
        watched.add(retention);
        FunctionCounter.builder("maskwatch.retention.images.deleted", retention, ImageRetention::imagesDeleted)
                .description("Face images of sent (or low-evidence) events deleted after store.image_retention_days")
                .register(registry());
    }

    /** The live view's viewers and the frames it encoded for them (none while nobody watches). */
    public void watchLiveView(LiveView live) {
        watched.add(live);
        Gauge.builder("maskwatch.live_view.viewers", live, LiveView::viewers)
                .description("Live-view streams open now")
                .register(registry());
        FunctionCounter.builder("maskwatch.live_view.frames.encoded", live, LiveView::encoded)
                .description("Frames drawn and encoded as JPEG for someone watching the live view")
                .register(registry());
    }

    @Override
    public void close() {
        process.close();
    }
}
