package io.maskwatch.edge.ops;

import io.maskwatch.core.ops.Health;
import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.edge.store.EventStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The store as the device's operators see it: how many events wait to be sent and since when, how
 * large the file is, and the readiness check {@value #CHECK}, down while the store refuses writes
 * (the last write failed: a full disk, {@code store.max_size_mb}, a read-only file, a lock), with
 * the trouble and the fix. Closed before the store is.
 *
 * <p>The waiting events are counted by the query the dispatcher's heartbeat uses, whose cost grows
 * with the backlog; one sample serves every gauge and every scrape for {@link #FRESH}.
 */
final class StoreWatch implements AutoCloseable {
    static final String CHECK = "store";
    static final Duration FRESH = Duration.ofSeconds(5);

    private record Sample(double backlog, double oldestAgeSeconds, double bytes, long takenAt) {}

    private final EventStore store;
    private final ProcessOps ops;
    private final List<Meter> meters;
    private Sample sample;

    StoreWatch(EventStore store, ProcessOps ops) {
        this.store = store;
        this.ops = ops;
        this.meters = List.of(
                gauge(
                        "maskwatch.dispatch.backlog",
                        "events",
                        "Events in the store waiting to be sent",
                        Sample::backlog),
                gauge(
                        "maskwatch.dispatch.oldest.unsent.age",
                        "seconds",
                        "How long ago the oldest event waiting to be sent was seen (0 when none waits)",
                        Sample::oldestAgeSeconds),
                gauge("maskwatch.store.size", "bytes", "The store's file and its write-ahead log", Sample::bytes));
        ops.health().add(CHECK, this::check);
    }

    private Gauge gauge(String name, String unit, String description, ToDoubleFunction<Sample> value) {
        return Gauge.builder(name, this, w -> value.applyAsDouble(w.sample()))
                .baseUnit(unit)
                .description(description)
                .strongReference(true)
                .register(ops.registry());
    }

    private Health.Status check() {
        return store.writeFailure()
                .map(f -> Health.Status.down("the store " + store.file() + " refuses writes since " + f.since() + ": "
                        + f.trouble().what() + "; " + f.trouble().fix()))
                .orElse(Health.Status.ok());
    }

    private synchronized Sample sample() {
        long now = System.nanoTime();
        if (sample == null || now - sample.takenAt() > FRESH.toNanos()) {
            sample = take(now);
        }
        return sample;
    }

    private Sample take(long now) {
        double backlog;
        double age;
        try {
            backlog = store.countUnsent();
            age = store.oldestUnsentTime()
                    .map(t -> Math.max(0, Duration.between(t, Instant.now()).toMillis() / 1000.0))
                    .orElse(0.0);
        } catch (RuntimeException e) {
            // Unreadable for now (locked by another process past the busy timeout): no figure, not an old one.
            backlog = Double.NaN;
            age = Double.NaN;
        }
        return new Sample(backlog, age, size(store.file()) + size(Path.of(store.file() + "-wal")), now);
    }

    private static double size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        ops.health().remove(CHECK);
        meters.forEach(ops.registry()::remove);
    }
}
