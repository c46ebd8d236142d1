package io.maskwatch.vision.testing;

import io.maskwatch.vision.event.ComplianceCount;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.FaceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps what the pipeline writes, for tests (the production sink is the SQLite store). */
public final class CollectingEventSink implements EventSink {
    public final List<FaceEvent> events = Collections.synchronizedList(new ArrayList<>());
    public final List<ComplianceCount> counts = Collections.synchronizedList(new ArrayList<>());
    public volatile boolean closed;

    @Override
    public void event(FaceEvent event) {
        events.add(event);
    }

    @Override
    public void compliance(ComplianceCount count) {
        counts.add(count);
    }

    @Override
    public void close() {
        closed = true;
    }
}
