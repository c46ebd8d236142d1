package io.maskwatch.edge.store;

/** A database error of the event store after it was opened (disk full, file removed, ...). */
public final class EventStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StoreTrouble trouble;

    EventStoreException(String message, StoreTrouble trouble, Throwable cause) {
        super(message, cause);
        this.trouble = trouble;
    }

    /** What kind of failure it is: a full disk, a read-only file, a lock, ... */
    public StoreTrouble trouble() {
        return trouble;
    }
}
