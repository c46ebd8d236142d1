package io.maskwatch.server.web.alerts;

import io.maskwatch.server.web.QueryParams;
import io.maskwatch.server.web.WebProblem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the alert list shows: filters (device, source, time range, review state), a page size and
 * where the page starts.
 *
 * @param review {@code any}, {@code unreviewed}, {@code confirmed} or {@code false_alarm}
 */
public record AlertFilter(
        Optional<String> device,
        Optional<String> source,
        Optional<Instant> from,
        Optional<Instant> to,
        String review,
        int limit,
        Optional<AlertCursor> after) {
    public static final List<String> REVIEW_STATES = List.of("any", "unreviewed", "confirmed", "false_alarm");
    public static final int MAX_LIMIT = 200;

    /** From the query string of {@code GET /api/alerts}. */
    public static AlertFilter parse(QueryParams q) {
        Optional<Instant> from = q.instant("from");
        Optional<Instant> to = q.instant("to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw WebProblem.badParameter(
                    "to", "a time after from (" + from.get() + ")", to.get().toString());
        }
        return new AlertFilter(
                q.text("device"),
                q.text("source"),
                from,
                to,
                q.oneOf("review", REVIEW_STATES, "any"),
                q.integer("limit", 50, 1, MAX_LIMIT),
                q.text("cursor").map(AlertCursor::decode));
    }

    public static AlertFilter newest(int limit) {
        return new AlertFilter(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "any", limit, Optional.empty());
    }

    public AlertFilter after(AlertCursor cursor) {
        return new AlertFilter(device, source, from, to, review, limit, Optional.of(cursor));
    }
}
