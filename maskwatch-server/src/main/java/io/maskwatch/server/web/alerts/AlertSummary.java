package io.maskwatch.server.web.alerts;

/**
 * One row of the alert list, as the API gives it (JSON field names in snake_case).
 *
 * @param review {@code null} (not reviewed), {@code confirmed} or {@code false_alarm}
 */
public record AlertSummary(
        long id,
        String eventTime,
        String receivedAt,
        String deviceId,
        String source,
        Float probability,
        boolean notified,
        String review,
        String imageUrl) {}
