package io.maskwatch.edge.store;

/** An event read back from the store with its row id, which {@link EventStore#markSent} takes. */
public record StoredEvent(long rowId, NewEvent event) {}
