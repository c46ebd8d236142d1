package io.maskwatch.edge.live;

import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.FaceEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events on their way to the store, as the live view shows them: how many each source raised
 * and the last few, without their images. Passes everything on as it came.
 */
final class RecentEvents {
    /** How many of the last events the page lists. */
    static final int KEPT = 20;

    /** One event as the page lists it. */
    record Seen(Instant time, String source, double probability, long track, boolean lowEvidence) {}

    private final Deque<Seen> last = new ArrayDeque<>();
    private final Map<String, long[]> perSource = new HashMap<>();

    /** {@code store} with this in front of it. */
    EventSink over(EventSink store) {
        return EventSink.seeing(store, this::seen);
    }

    private synchronized void seen(FaceEvent e) {
        last.addFirst(new Seen(e.time(), e.source(), e.probability(), e.trackId(), e.lowEvidence()));
        while (last.size() > KEPT) {
            last.removeLast();
        }
        long[] counts = perSource.computeIfAbsent(e.source(), s -> new long[2]);
        counts[0]++;
        if (e.lowEvidence()) {
            counts[1]++;
        }
    }

    /** The last events, newest first. */
    synchronized List<Seen> last() {
        return new ArrayList<>(last);
    }

    /** Events raised by {@code source}. */
    synchronized long events(String source) {
        long[] counts = perSource.get(source);
        return counts == null ? 0 : counts[0];
    }

    /** Low-evidence events (stored, never sent) raised by {@code source}. */
    synchronized long lowEvidence(String source) {
        long[] counts = perSource.get(source);
        return counts == null ? 0 : counts[1];
    }
}
