package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.store.StoredEvent;
import java.util.List;

/** Hears what the dispatcher does, for statistics and tests. Called on the dispatcher thread. */
public interface DispatchListener {
    DispatchListener NONE = new DispatchListener() {};

    /** The broker acknowledged these events; they are not marked sent yet. */
    default void acknowledged(List<StoredEvent> events) {}

    /** These events are marked sent in the store. */
    default void markedSent(List<StoredEvent> events) {}
}
