package io.maskwatch.vision.event;

/**
 * Where the pipeline's results go: the device's event store in production. Kept as an interface
 * so that vision does not depend on storage; implementations must be safe to call from the
 * pipelines of several sources at once.
 */
public interface EventSink extends AutoCloseable {

    /** Stores one event, all or nothing. */
    void event(FaceEvent event);

    /** Stores one minute's counts of a source. */
    void compliance(ComplianceCount count);

    /** Writes everything accepted so far, then releases the store. */
    @Override
    void close();
}
