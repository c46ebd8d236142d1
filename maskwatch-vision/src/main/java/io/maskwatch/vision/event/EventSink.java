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

    /**
     * {@code target} with {@code seen} told of each event once the target has taken it, on the same
     * thread (an event the target refuses, and a sender then retries, is seen once, when it is taken);
     * counts and the close go straight through.
     */
    static EventSink seeing(EventSink target, java.util.function.Consumer<FaceEvent> seen) {
        return new EventSink() {
            @Override
            public void event(FaceEvent event) {
                target.event(event);
                seen.accept(event);
            }

            @Override
            public void compliance(ComplianceCount count) {
                target.compliance(count);
            }

            @Override
            public void close() {
                target.close();
            }
        };
    }
}
