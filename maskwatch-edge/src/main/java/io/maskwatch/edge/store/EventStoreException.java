package io.maskwatch.edge.store;

/** A database error of the event store after it was opened (disk full, file removed, ...). */
public final class EventStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
