package io.maskwatch.edge.ops;

import io.maskwatch.core.ops.Health;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.SourceStats;
import java.time.Duration;
import java.util.Locale;

/**
 * Whether a camera or stream is up: it has sent a frame within {@code ops.source_down_seconds}, and
 * has not given up reconnecting. A camera that drops is reopened by its source
 * ({@code stream.reconnect_*}), so a short drop costs a few frames and no readiness; past the
 * budget, someone must look at it. Files and folders are never down: they end.
 */
final class SourceHealth implements Health.Check {
    private final FrameSource source;
    private final Duration budget;

    SourceHealth(FrameSource source, Duration budget) {
        this.source = source;
        this.budget = budget;
    }

    /** Cameras and streams: what can go away and come back, as opposed to a file or a folder. */
    static boolean isLive(FrameSource source) {
        return source.replayKey().isEmpty() && !source.stills();
    }

    @Override
    public Health.Status check() {
        SourceStats stats = source.stats();
        String trouble = stats.trouble().isEmpty() ? "" : " (" + stats.trouble() + ")";
        if (stats.gaveUp()) {
            return Health.Status.down(source.name() + " gave up after stream.reconnect_max_attempts failed attempts"
                    + " in a row" + trouble + "; check the camera and its address, then restart detect");
        }
        double silentSeconds = (System.nanoTime() - stats.lastFrameNanos()) / 1e9;
        if (silentSeconds > budget.toNanos() / 1e9) {
            return Health.Status.down(String.format(
                    Locale.ROOT,
                    "%s has sent no frame for %.0f s, longer than ops.source_down_seconds (%.0f)%s; it keeps"
                            + " reconnecting: check the camera, its network and its address",
                    source.name(),
                    silentSeconds,
                    budget.toNanos() / 1e9,
                    trouble));
        }
        return Health.Status.ok();
    }
}
