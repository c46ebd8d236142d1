package io.maskwatch.edge.store;

import io.maskwatch.core.InputException;

/**
 * The event store file cannot be opened: not a MaskWatch or seed SQLite database, not writable, or
 * written by a newer MaskWatch. (Failures after opening are {@link EventStoreException}.)
 */
public class EventStoreOpenException extends InputException {
    private static final long serialVersionUID = 1L;

    public EventStoreOpenException(String message) {
        super(message);
    }

    public EventStoreOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
