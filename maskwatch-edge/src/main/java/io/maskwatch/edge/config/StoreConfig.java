package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code store}: the device's SQLite event store (shared with the dispatcher).
 *
 * @param maxSizeMb the store may grow to this many megabytes (0: as large as the disk allows); past
 *     it, writes fail as on a full disk, so a device whose card also holds other data keeps room
 * @param unwritableTimeoutSeconds how long {@code detect} holds its events and retries while the
 *     store cannot be written (disk full, read-only, locked) before it stops with that error
 * @param imageRetentionDays the face image of an event the broker acknowledged is deleted this many
 *     days after the event was stored (0: kept for ever): the server holds its copy, and a device
 *     should not keep faces it no longer needs. Unsent events keep their image whatever their age
 */
public record StoreConfig(String path, double maxSizeMb, double unwritableTimeoutSeconds, int imageRetentionDays) {
    public static final String DEFAULT_PATH = "data/maskwatch.db";
    public static final int DEFAULT_IMAGE_RETENTION_DAYS = 30;

    public static StoreConfig read(ConfigSection s) {
        return new StoreConfig(
                s.string("path", DEFAULT_PATH),
                s.decimal("max_size_mb", 0, 0, 1_000_000),
                s.decimal("unwritable_timeout_seconds", 120, 1, 86_400),
                s.integer("image_retention_days", DEFAULT_IMAGE_RETENTION_DAYS, 0, 36_500));
    }

    public Duration unwritableTimeout() {
        return Duration.ofMillis(Math.round(unwritableTimeoutSeconds * 1000));
    }

    /** The size limit in bytes (0: none). */
    public long maxBytes() {
        return Math.round(maxSizeMb * 1024 * 1024);
    }

    /** How long a sent event keeps its image; empty: for ever ({@code image_retention_days: 0}). */
    public Optional<Duration> imageRetention() {
        return imageRetentionDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(imageRetentionDays));
    }
}
