package io.maskwatch.vision.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/** Time spent per pipeline stage, summed over frames (and sources). */
public final class StageTimes {
    public enum Stage {
        DETECT,
        CLASSIFY,
        TRACK,
        OUTPUT
    }

    private final AtomicLongArray nanos = new AtomicLongArray(Stage.values().length);

    void add(Stage stage, long elapsedNanos) {
        nanos.addAndGet(stage.ordinal(), elapsedNanos);
    }

    public long nanos(Stage stage) {
        return nanos.get(stage.ordinal());
    }
}
