package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * How one batch went: acknowledged events, events the broker refused for good, and the first
 * retriable failure (null when none), which means the rest of the batch stays unsent.
 */
final class PublishOutcome {
    final List<StoredEvent> acknowledged = new ArrayList<>();
    final List<StoredEvent> rejected = new ArrayList<>();
    Exception retriableFailure;

    static List<Long> rowIds(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::rowId).toList();
    }
}
