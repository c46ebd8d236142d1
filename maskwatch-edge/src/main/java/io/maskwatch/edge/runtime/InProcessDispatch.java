package io.maskwatch.edge.runtime;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.dispatch.DispatchConfig;
import io.maskwatch.edge.dispatch.DispatchListener;
import io.maskwatch.edge.dispatch.Dispatcher;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelNames;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher inside {@code detect}: when the device's configuration (or the environment)
 * names a Kafka broker, events go out as soon as they are stored, from the same store. Without a
 * broker, events wait in the store for {@code maskwatch dispatch}.
 */
public final class InProcessDispatch {
    private static final Logger log = LoggerFactory.getLogger(InProcessDispatch.class);

    private InProcessDispatch() {}

    /** How long a stopping {@code detect} waits for the dispatcher to publish the last events. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    /**
     * A started dispatcher on {@code store}, or nothing when no broker is configured; its heartbeat
     * names {@code models}, the ones this process runs.
     */
    public static Optional<Dispatcher> startIfConfigured(EdgeConfig config, ModelNames models, EventStore store) {
        DispatchConfig settings = DispatchConfig.of(config).withModels(models);
        String servers = settings.kafka().bootstrapServers();
        if (servers == null || servers.isBlank()) {
            log.info(
                    "no kafka.bootstrap_servers: events stay in {}; to send them, set it (or"
                            + " MASKWATCH_KAFKA_BOOTSTRAP_SERVERS) or run 'maskwatch dispatch'",
                    store.file());
            return Optional.empty();
        }
        Dispatcher dispatcher = Dispatcher.create(settings, store, System::getenv, DispatchListener.NONE);
        dispatcher.start();
        log.info("dispatching events to Kafka at {}", settings.kafka().describe());
        return Optional.of(dispatcher);
    }

    /**
     * Gives the dispatcher a moment to publish what was just stored (events, and the last minutes'
     * counts, written as the sources end), then stops it. What is not acknowledged by then (broker
     * down) stays in the store for the next run.
     */
    public static void drainAndClose(Dispatcher dispatcher, EventStore store) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        try {
            while (waiting(store) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dispatcher.close();
        }
        long events = store.countUnsent();
        long counts = store.countUnsentCompliance();
        if (events + counts > 0) {
            log.warn(
                    "{} event(s) and {} minute(s) of compliance counts not yet acknowledged by Kafka stay in {}"
                            + " for the next run",
                    events,
                    counts,
                    store.file());
        }
    }

    private static long waiting(EventStore store) {
        return store.countUnsent() + store.countUnsentCompliance();
    }
}
