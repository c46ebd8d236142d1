package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;
import java.time.Duration;

/**
 * {@code dispatch}: how the dispatcher reports on the device besides sending what it stores.
 *
 * @param heartbeatIntervalSeconds how often a heartbeat goes to {@code topics.heartbeats} (1 s to a
 *     day): the server's dashboard calls a device silent after a few missed ones
 */
public record DispatchSettings(int heartbeatIntervalSeconds) {
    public static final int DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 60;

    public static DispatchSettings read(ConfigSection s) {
        DispatchSettings c =
                new DispatchSettings(s.integer("heartbeat_interval", DEFAULT_HEARTBEAT_INTERVAL_SECONDS, 1, 86_400));
        s.rejectUnknownKeys();
        return c;
    }

    public Duration heartbeatInterval() {
        return Duration.ofSeconds(heartbeatIntervalSeconds);
    }
}
