package io.maskwatch.app.dashboard;

import java.time.Instant;

/**
 * An alert an operator has judged, with its face crop, as the export reads it from the archive.
 *
 * @param review {@code confirmed} or {@code false_alarm} (alert.review)
 * @param reviewedAt null for a review recorded without a time
 */
record ReviewedAlert(
        long id,
        String review,
        String device,
        String source,
        Instant eventTime,
        String reviewedBy,
        Instant reviewedAt,
        byte[] image) {}
