package io.maskwatch.vision.event;

import io.maskwatch.vision.track.MaskLabel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the people of a source per minute (frame time) by mask status. Each track counts once per
 * minute, with its voted status at its last sighting in that minute; a minute is written once a
 * later minute has begun (or at the end), so counts are final when stored.
 */
public final class ComplianceCounter {
    private final String source;
    private final EventSink sink;
    private final boolean replays;
    private final TreeMap<Instant, Map<Long, MaskLabel>> minutes = new TreeMap<>();

    /**
     * @param replays the source gives the same frames when read again (a file): its counts replace
     *     what is stored for their minute instead of adding to it
     */
    public ComplianceCounter(String source, EventSink sink, boolean replays) {
        this.source = source;
        this.sink = sink;
        this.replays = replays;
    }

    /** A classified track seen at {@code time}; unclassified faces are not counted. */
    public void observe(Instant time, long trackId, MaskLabel label) {
        if (label != MaskLabel.MASK && label != MaskLabel.NO_MASK) {
            return;
        }
        Instant minute = time.truncatedTo(ChronoUnit.MINUTES);
        flushBefore(minute);
        minutes.computeIfAbsent(minute, m -> new HashMap<>()).put(trackId, label);
    }

    /** Writes every minute still open (end of the input). */
    public void finish() {
        flushBefore(Instant.MAX);
    }

    private void flushBefore(Instant minute) {
        for (Iterator<Map.Entry<Instant, Map<Long, MaskLabel>>> it =
                        minutes.headMap(minute, false).entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Instant, Map<Long, MaskLabel>> entry = it.next();
            int without = (int) entry.getValue().values().stream()
                    .filter(l -> l == MaskLabel.NO_MASK)
                    .count();
            int with = entry.getValue().size() - without;
            sink.compliance(new ComplianceCount(source, entry.getKey(), with, without, replays));
            it.remove();
        }
    }
}
