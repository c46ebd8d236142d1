package io.maskwatch.core.retry;

import java.time.Duration;

/**
 * Exponential backoff for retrying against something that is down (broker, database, SMTP
 * server): 0.5 s, 1 s, 2 s, ... up to a ceiling, back to the start after a success. Not
 * thread-safe; each loop owns one.
 */
public final class RetryBackoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    public RetryBackoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    public static RetryBackoff standard() {
        return new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The wait before the next attempt; each call doubles the following one. */
    public Duration nextDelay() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    public void reset() {
        next = first;
    }
}
