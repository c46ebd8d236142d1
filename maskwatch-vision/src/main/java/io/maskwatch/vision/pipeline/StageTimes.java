package io.maskwatch.vision.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Time spent per pipeline stage, summed over frames (and sources): wall-clock time, and the CPU
 * time of the thread doing the work. On a busy machine the wall-clock figures grow with the load
 * while the CPU figures stay what the work costs.
 */
public final class StageTimes {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public enum Stage {
        DETECT,
        CLASSIFY,
        TRACK,
        OUTPUT
    }

    private final AtomicLongArray wall = new AtomicLongArray(Stage.values().length);
    private final AtomicLongArray cpu = new AtomicLongArray(Stage.values().length);

    /** CPU time of the calling thread, in nanoseconds. */
    public static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Measures one stage on the calling thread: {@code start()}, work, {@code stop(stage)}. */
    public final class Clock {
        private long wallStart;
        private long cpuStart;
        /** This clock's own laps per stage (-1: none), for figures per frame rather than summed. */
        private final long[] took = new long[Stage.values().length];

        private Clock() {
            java.util.Arrays.fill(took, -1);
        }

        public Clock start() {
            wallStart = System.nanoTime();
            cpuStart = threadCpuNanos();
            return this;
        }

        /** Adds the time since {@link #start()} to {@code stage} and restarts for the next stage. */
        public void lap(Stage stage) {
            long wallNow = System.nanoTime();
            long cpuNow = threadCpuNanos();
            wall.addAndGet(stage.ordinal(), wallNow - wallStart);
            cpu.addAndGet(stage.ordinal(), cpuNow - cpuStart);
            took[stage.ordinal()] = Math.max(0, took[stage.ordinal()]) + wallNow - wallStart;
            wallStart = wallNow;
            cpuStart = cpuNow;
        }

        /** Wall-clock nanoseconds this clock added to {@code stage}; -1 when it never lapped it. */
        public long took(Stage stage) {
            return took[stage.ordinal()];
        }
    }

    public Clock clock() {
        return new Clock().start();
    }

    public long nanos(Stage stage) {
        return wall.get(stage.ordinal());
    }

    public long cpuNanos(Stage stage) {
        return cpu.get(stage.ordinal());
    }
}
