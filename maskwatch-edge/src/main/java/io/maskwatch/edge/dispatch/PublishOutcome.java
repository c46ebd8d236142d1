package io.maskwatch.edge.dispatch;

import java.util.ArrayList;
import java.util.List;

/**
 * How one batch went: acknowledged rows, rows the broker refused for good, and the first
 * retriable failure (null when none), which means the rest of the batch stays unsent.
 */
final class PublishOutcome<T> {
    final List<T> acknowledged = new ArrayList<>();
    final List<T> rejected = new ArrayList<>();
    Exception retriableFailure;
}
