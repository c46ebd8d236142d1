package io.maskwatch.vision.event;

import java.time.Duration;
import java.util.Locale;

/**
 * The store stayed unwritable for longer than the run may hold its events: the run stops, and
 * says how many events it could not store.
 */
public final class EventStorageFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration tried;
    private final long eventsNotStored;

    EventStorageFailed(RuntimeException lastError, Duration tried, long eventsNotStored) {
        super(
                "the event store stayed unwritable for " + seconds(tried) + ": " + lastError.getMessage() + "; "
                        + eventsNotStored + (eventsNotStored == 1 ? " event" : " events") + " could not be stored",
                lastError);
        this.tried = tried;
        this.eventsNotStored = eventsNotStored;
    }

    /** "0.5 s", "12 s": tenths only where they matter. */
    static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : Math.round(s) + " s";
    }

    /** How long the store refused writes before the run gave up. */
    public Duration tried() {
        return tried;
    }

    public long eventsNotStored() {
        return eventsNotStored;
    }
}
