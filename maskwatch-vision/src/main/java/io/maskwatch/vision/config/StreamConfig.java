package io.maskwatch.vision.config;

import io.maskwatch.core.config.ConfigSection;

/**
 * {@code stream}: how live sources (cameras, stream URLs) are opened and kept open.
 *
 * @param openTimeoutSeconds how long opening or reading a stream may block before it counts as
 *     failed
 * @param reconnectInitialSeconds first wait after a stream drops; doubled at each failed attempt
 * @param reconnectMaxSeconds longest wait between attempts
 * @param reconnectMaxAttempts attempts in a row before giving up on a source (0: never give up)
 */
public record StreamConfig(
        double openTimeoutSeconds,
        double reconnectInitialSeconds,
        double reconnectMaxSeconds,
        int reconnectMaxAttempts) {

    public static StreamConfig read(ConfigSection s) {
        StreamConfig c = new StreamConfig(
                s.decimal("open_timeout_seconds", 10, 0.1, 600),
                s.decimal("reconnect_initial_seconds", 1, 0.01, 600),
                s.decimal("reconnect_max_seconds", 30, 0.01, 3600),
                s.integer("reconnect_max_attempts", 0, 0, Integer.MAX_VALUE));
        s.rejectUnknownKeys();
        return c;
    }
}
