package io.maskwatch.edge.retention;

import io.maskwatch.core.schedule.PeriodicJob;
import io.maskwatch.edge.config.StoreConfig;
import io.maskwatch.edge.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device keeps no face it no longer needs: once an event is sent the server holds its image,
 * so {@code store.image_retention_days} after it was stored the device's copy is deleted (the row
 * stays, without image). Runs inside the long-running device processes ({@code detect} and {@code
 * dispatch}) at start and then every hour; either may clean a store the other sends from.
 * Low-evidence events (too small or blurred to judge, never sent) lose theirs after the same time:
 * they are kept for no one. Unsent events keep their image: the device holds the only copy, and
 * deleting it would make the event unsendable.
 */
public final class ImageRetention extends PeriodicJob {
    private static final Logger log = LoggerFactory.getLogger(ImageRetention.class);
    /** How often the job looks: retention is counted in days, so an hour late is of no account. */
    static final Duration INTERVAL = Duration.ofHours(1);

    private final EventStore store;
    private final Duration keep;
    private final Clock clock;
    private final AtomicLong imagesDeleted = new AtomicLong();

    public ImageRetention(EventStore store, Duration keep, Clock clock) {
        this.store = store;
        this.keep = keep;
        this.clock = clock;
    }

    /**
     * Starts the job on {@code store} as {@code config} says; empty when images are kept for ever
     * ({@code store.image_retention_days: 0}). Close the job before the store.
     */
    public static Optional<ImageRetention> start(EventStore store, StoreConfig config, Clock clock) {
        if (config.imageRetention().isEmpty()) {
            log.info("store.image_retention_days is 0: sent events keep their face image in {} for ever", store.file());
            return Optional.empty();
        }
        ImageRetention retention =
                new ImageRetention(store, config.imageRetention().get(), clock);
        retention.startEvery("image-retention", INTERVAL, retention::runOnce);
        return Optional.of(retention);
    }

    /** Deletes the images of the events sent and stored more than the retention ago; returns how many. */
    public int runOnce() {
        Instant before = clock.instant().minus(keep);
        int deleted = store.deleteSentImagesBefore(before);
        imagesDeleted.addAndGet(deleted);
        if (deleted > 0) {
            log.info(
                    "Image retention: deleted the face images of {} sent or low-evidence event(s) stored before {} ({} days)"
                            + " from {}",
                    deleted,
                    before,
                    keep.toDays(),
                    store.file());
        } else {
            log.debug("Image retention: no sent event stored before {} still had its image", before);
        }
        return deleted;
    }

    /** Images deleted since this job was made (for the device's metrics). */
    public long imagesDeleted() {
        return imagesDeleted.get();
    }
}
