package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigSection;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code retention:} section: how long the archive keeps faces and alerts. Face images are the
 * most personal part and are needed only while someone may look at the alert (review, an email
 * digest), so they go first; the alert's facts (time, device, source, probability, review) serve
 * the statistics for longer. 0 keeps them for ever. The audit log is never touched.
 *
 * @param imageDays the face image of an alert seen more than this many days ago is deleted (its
 *     alert stays, marked "image deleted by retention")
 * @param alertDays an alert seen more than this many days ago is deleted with its image and its
 *     delivery records
 */
public record RetentionSettings(int imageDays, int alertDays) {
    public static final int DEFAULT_IMAGE_DAYS = 90;
    public static final int DEFAULT_ALERT_DAYS = 365;
    private static final int MAX_DAYS = 36_500;

    public static RetentionSettings defaults() {
        return new RetentionSettings(DEFAULT_IMAGE_DAYS, DEFAULT_ALERT_DAYS);
    }

    static RetentionSettings read(ConfigSection s) {
        RetentionSettings settings = new RetentionSettings(
                s.integer("image_days", DEFAULT_IMAGE_DAYS, 0, MAX_DAYS),
                s.integer("alert_days", DEFAULT_ALERT_DAYS, 0, MAX_DAYS));
        s.rejectUnknownKeys();
        return settings;
    }

    /** How long a face image is kept; empty: for ever. */
    public Optional<Duration> images() {
        return days(imageDays);
    }

    /** How long an alert is kept; empty: for ever. */
    public Optional<Duration> alerts() {
        return days(alertDays);
    }

    private static Optional<Duration> days(int days) {
        return days == 0 ? Optional.empty() : Optional.of(Duration.ofDays(days));
    }
}
