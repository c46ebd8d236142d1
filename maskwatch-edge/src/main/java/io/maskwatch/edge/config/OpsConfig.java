package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;
import io.maskwatch.core.ops.OpsSettings;
import java.time.Duration;

/**
 * {@code ops}: where the device serves {@code /metrics} and {@code /health} (this machine only,
 * unless {@code bind} says otherwise), and how long a camera may send nothing before the device
 * counts as not ready.
 *
 * @param endpoint {@code bind} and {@code port} (by default {@value #DETECT_PORT} for {@code detect},
 *     {@value #DISPATCH_PORT} for {@code dispatch}, so both can run on one device; 0: no endpoint)
 * @param sourceDownSeconds how long a camera or stream may go without a frame (reconnecting, as
 *     {@code stream.reconnect_*} says) before {@code /health} reports the device not ready; it keeps
 *     reconnecting, and is ready again with the first frame
 */
public record OpsConfig(OpsSettings endpoint, double sourceDownSeconds) {
    public static final int DETECT_PORT = 9464;
    public static final int DISPATCH_PORT = 9465;

    public static OpsConfig defaults() {
        return new OpsConfig(OpsSettings.defaults(), 60);
    }

    static OpsConfig read(ConfigSection s) {
        OpsConfig c = new OpsConfig(OpsSettings.readFrom(s), s.decimal("source_down_seconds", 60, 1, 86_400));
        s.rejectUnknownKeys();
        return c;
    }

    public Duration sourceDownAfter() {
        return Duration.ofMillis(Math.round(sourceDownSeconds * 1000));
    }
}
