package io.maskwatch.edge.store;

import io.maskwatch.vision.event.FaceEvent;

/**
 * An event read back from the store: the tracker's event as it was appended, who saw it, and its
 * row id, which {@link EventStore#markSent} takes.
 */
public record StoredEvent(long rowId, FaceEvent event, EventOrigin origin) {
    /** Whether retention deleted the face image (the event was sent long enough ago): it reads back empty. */
    public boolean imageDeleted() {
        return event.image().length == 0;
    }
}
