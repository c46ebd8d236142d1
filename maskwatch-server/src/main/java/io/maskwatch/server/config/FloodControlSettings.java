package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.ConfigSection;
import java.time.Duration;

/**
 * The {@code flood_control:} section: at most {@code max_emails} emails per recipient in any
 * {@code window_seconds}; alerts held back go out together as one digest when the window has room.
 */
public record FloodControlSettings(Integer maxEmails, Integer windowSeconds) {
    public FloodControlSettings {
        maxEmails = maxEmails == null ? 5 : maxEmails;
        windowSeconds = windowSeconds == null ? 600 : windowSeconds;
        if (maxEmails < 1 || windowSeconds < 1) {
            throw new ConfigException("flood_control.max_emails and flood_control.window_seconds must be at least 1");
        }
    }

    /** The {@code flood_control} section. */
    static FloodControlSettings read(ConfigSection s) {
        FloodControlSettings settings = new FloodControlSettings(
                s.optionalInteger("max_emails", 1, 1_000_000), s.optionalInteger("window_seconds", 1, 7 * 86_400));
        s.rejectUnknownKeys();
        return settings;
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }
}
