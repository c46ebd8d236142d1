package io.maskwatch.edge.runtime;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.OpsConfig;
import io.maskwatch.edge.dispatch.Dispatcher;
import io.maskwatch.edge.live.LiveView;
import io.maskwatch.edge.ops.DeviceOps;
import io.maskwatch.edge.retention.ImageRetention;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.vision.event.AsyncEventSink;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The device, wired in one place from its configuration: sources, detector, classifier and
 * tracker ({@link DetectionSession}), then each event into the SQLite store ({@link
 * StoreEventSink}, behind an {@link AsyncEventSink} so a slow disk never stalls a camera), and from
 * the store to Kafka ({@link InProcessDispatch}) when a broker is configured. {@code detect} runs
 * it; what it adds (annotated output, the events sheet, a preview) hangs on the {@link Hooks}, and
 * so does the device's web page with its live frames when the configuration enables it ({@link
 * LiveView}, {@code live_view}).
 */
public final class EdgeRuntime implements AutoCloseable {
    private final DetectionSession session;
    private final boolean dispatch;
    private final DeviceOps ops;

    /**
     * Loads the models (a missing or corrupt one is reported before anything is opened).
     *
     * @param dispatch publish events from this process when the configuration names a broker
     *     (false: leave them in the store for {@code maskwatch dispatch})
     */
    public EdgeRuntime(EdgeConfig config, boolean dispatch) {
        this.session = new DetectionSession(config);
        this.dispatch = dispatch;
        // Once the models are loaded (a missing one ends the start), and for as long as this lives: a
        // last scrape after the run still sees its counts.
        this.ops = DeviceOps.start(config.ops(), OpsConfig.DETECT_PORT);
        session.observeWith(ops::observe);
    }

    /** What a run adds to the device's own chain. */
    public interface Hooks {
        /** The sink events pass through before the store (it must pass everything on). */
        default EventSink inFrontOfTheStore(EventSink store) {
            return store;
        }

        /** The frame listeners of one source (annotated video, JSON lines, preview). */
        default List<FrameListener> outputs(FrameSource source) {
            return List.of();
        }

        /** These hooks and {@code next}'s: events pass this one's sink, then next's, then the store. */
        default Hooks andThen(Hooks next) {
            Hooks first = this;
            return new Hooks() {
                @Override
                public EventSink inFrontOfTheStore(EventSink store) {
                    return first.inFrontOfTheStore(next.inFrontOfTheStore(store));
                }

                @Override
                public List<FrameListener> outputs(FrameSource source) {
                    List<FrameListener> all = new java.util.ArrayList<>(first.outputs(source));
                    all.addAll(next.outputs(source));
                    return all;
                }
            };
        }
    }

    /** What a run did: each source's summary, and what the store took of its events. */
    public record Outcome(List<RunSummary> summaries, StoreEventSink stored) {}

    public DetectionSession session() {
        return session;
    }

    /** The device's metrics and health ({@code /metrics}, {@code /health}). */
    public DeviceOps ops() {
        return ops;
    }

    /** One line saying what runs: detector, classifier, thresholds, sources. */
    public String describe() {
        return session.describe();
    }

    /** Opens every configured source (a wrong one fails before the store is opened). */
    public List<FrameSource> openSources() {
        return session.openSources();
    }

    /**
     * Runs every source until it ends or {@link #stop()} is called, storing and dispatching their
     * events. Closes the sources, the store and the dispatcher on the way out, in the order that
     * loses nothing: the last events are written, the dispatcher lets go of the store, the store
     * closes; each step runs even when the one before failed. While it runs, the images of events
     * sent long enough ago are deleted ({@link ImageRetention}).
     *
     * @throws io.maskwatch.vision.event.EventStorageFailed the store refused writes for longer than
     *     {@code store.unwritable_timeout_seconds}; what was stored before is kept
     */
    public Outcome run(List<FrameSource> sources, Hooks hooks, StageTimes times) throws InterruptedException {
        LiveView live;
        try {
            live = LiveView.startIfEnabled(session.config(), sources);
        } catch (RuntimeException e) {
            sources.forEach(FrameSource::close);
            throw e;
        }
        if (live != null) {
            ops.watchLiveView(live);
        }
        try (live) {
            return runWith(sources, live == null ? hooks : hooks.andThen(live), times);
        }
    }

    private Outcome runWith(List<FrameSource> sources, Hooks hooks, StageTimes times) throws InterruptedException {
        EdgeConfig config = session.config();
        EventStore store = openStore(config, sources);
        Optional<Dispatcher> dispatcher;
        try {
            dispatcher = dispatch
                    ? InProcessDispatch.startIfConfigured(config, session.modelNames(), store)
                    : Optional.empty();
        } catch (RuntimeException e) {
            // Kafka settings that cannot be used (a SASL user without its password, ...): nothing ran yet.
            store.close();
            sources.forEach(FrameSource::close);
            throw e;
        }
        Optional<ImageRetention> retention = ImageRetention.start(store, config.store(), Clock.systemUTC());
        retention.ifPresent(ops::watchRetention);
        dispatcher.ifPresent(ops::watchDispatcher);
        AutoCloseable storeWatch = ops.watchStore(store);
        AutoCloseable sourceWatch = ops.watchSources(sources);
        StoreEventSink stored = StoreEventSink.over(store, session);
        AsyncEventSink sink = new AsyncEventSink(
                ops.countingEvents(hooks.inFrontOfTheStore(stored)),
                config.store().unwritableTimeout());
        try {
            return new Outcome(session.run(sources, sink, hooks::outputs, times), stored);
        } finally {
            try {
                sink.close();
            } finally {
                try {
                    dispatcher.ifPresent(d -> InProcessDispatch.drainAndClose(d, store));
                } finally {
                    retention.ifPresent(ImageRetention::close);
                    closeQuietly(sourceWatch);
                    closeQuietly(storeWatch);
                    store.close();
                }
            }
        }
    }

    /** Asks a running {@link #run} to finish: sources stop, events still in flight are stored. */
    public void stop() {
        session.stop();
    }

    private static EventStore openStore(EdgeConfig config, List<FrameSource> sources) {
        try {
            return EventStore.open(
                    Path.of(config.store().path()), config.store().maxBytes());
        } catch (RuntimeException e) {
            sources.forEach(FrameSource::close);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable watch) {
        try {
            watch.close();
        } catch (Exception e) {
            // Only meters and checks go: nothing the run did depends on them.
        }
    }

    @Override
    public void close() {
        try {
            ops.close();
        } finally {
            session.close();
        }
    }
}
