package io.maskwatch.edge.store;

import io.maskwatch.vision.event.FaceEvent;

/**
 * An event read back from the store: the tracker's event as it was appended, who saw it, and its
 * row id, which {@link EventStore#markSent} takes.
 */
public record StoredEvent(long rowId, FaceEvent event, EventOrigin origin) {}
