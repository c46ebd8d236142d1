package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;

/**
 * {@code store}: the device's SQLite event store (shared with the dispatcher).
 *
 * @param maxSizeMb the store may grow to this many megabytes (0: as large as the disk allows); past
 *     it, writes fail as on a full disk, so a device whose card also holds other data keeps room
 * @param unwritableTimeoutSeconds how long {@code detect} holds its events and retries while the
 *     store cannot be written (disk full, read-only, locked) before it stops with that error
 */
public record StoreConfig(String path, double maxSizeMb, double unwritableTimeoutSeconds) {
    public static final String DEFAULT_PATH = "data/maskwatch.db";

    public static StoreConfig read(ConfigSection s) {
        return new StoreConfig(
                s.string("path", DEFAULT_PATH),
                s.decimal("max_size_mb", 0, 0, 1_000_000),
                s.decimal("unwritable_timeout_seconds", 120, 1, 86_400));
    }

    public java.time.Duration unwritableTimeout() {
        return java.time.Duration.ofMillis(Math.round(unwritableTimeoutSeconds * 1000));
    }

    /** The size limit in bytes (0: none). */
    public long maxBytes() {
        return Math.round(maxSizeMb * 1024 * 1024);
    }
}
