package io.maskwatch.vision.source;

import java.time.Duration;

/** Waits between reconnection attempts: doubled after each failure, capped, reset on success. */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max.compareTo(initial) < 0 ? initial : max;
        this.next = initial;
    }

    /** The wait before the next attempt; the one after will be twice as long (up to the cap). */
    public Duration nextDelay() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    public void reset() {
        next = initial;
    }
}
