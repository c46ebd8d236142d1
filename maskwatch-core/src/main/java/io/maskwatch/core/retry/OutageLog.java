package io.maskwatch.core.retry;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs an outage once when it starts and once when it ends, however many attempts fail in
 * between (the seed logged, or died, once per event). Thread-safe.
 */
public final class OutageLog {
    private final Logger log;
    private final String what;
    private Instant since;
    private long failures;

    /** {@code what} names the dependency, e.g. "Kafka at localhost:9092". */
    public OutageLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** A failed attempt; logs a warning only for the first failure of an outage. */
    public synchronized void failed(String consequence, Throwable cause) {
        failed(consequence, cause, Instant.now());
    }

    /**
     * A failed attempt that began at {@code attemptStarted}. An attempt against a frozen server
     * fails only when it times out, so the outage is dated from the start of its first failed
     * attempt: the duration logged at its end is the true one, not the time since the timeout.
     */
    public synchronized void failed(String consequence, Throwable cause, Instant attemptStarted) {
        failures++;
        if (since == null) {
            since = attemptStarted;
            log.warn(
                    "{} is unavailable{}: {}; {}. Retrying with backoff; the next line comes when it is back.",
                    what,
                    startedAgo(attemptStarted),
                    describe(cause),
                    consequence);
        } else {
            log.debug("{} still unavailable ({} failed attempts): {}", what, failures, describe(cause));
        }
    }

    /** A successful attempt; ends an outage if there was one. */
    public synchronized void succeeded() {
        if (since != null) {
            log.info(
                    "{} is available again after {} s ({} failed attempts).",
                    what,
                    Duration.between(since, Instant.now()).toSeconds(),
                    failures);
            since = null;
            failures = 0;
        }
    }

    /** " since 12 s" when the failed attempt began a while ago (a timeout), else nothing. */
    private static String startedAgo(Instant attemptStarted) {
        long seconds = Duration.between(attemptStarted, Instant.now()).toSeconds();
        return seconds >= 1 ? " since " + seconds + " s" : "";
    }

    public synchronized boolean inOutage() {
        return since != null;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = cause.getMessage();
        return root == cause || message == null
                ? String.valueOf(cause)
                : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
