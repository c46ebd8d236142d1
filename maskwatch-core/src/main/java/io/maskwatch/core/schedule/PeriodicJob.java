package io.maskwatch.core.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A housekeeping job of a long-running process (retention): a subclass runs it by hand, or {@link
 * #startEvery} runs it at once and then every interval, on a daemon thread of its own, until
 * closed. A run that fails is logged and the next one comes as planned: a retention job must
 * outlive a database or a disk that is away for a while (an executor would silently drop a task
 * that threw).
 */
public abstract class PeriodicJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);
    /** How long closing waits for a run in hand, whose transaction should commit before its store closes. */
    private static final Duration FINISH_RUN = Duration.ofSeconds(30);

    private String name;
    private ScheduledExecutorService scheduler;

    /** Starts {@code run}, named {@code name} in its thread and its log lines; once per job. */
    protected final synchronized void startEvery(String name, Duration interval, Runnable run) {
        if (scheduler != null) {
            throw new IllegalStateException(name + " is already scheduled");
        }
        this.name = name;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        run.run();
                    } catch (RuntimeException e) {
                        log.warn("{} failed: {}; it runs again in {} min", name, e.getMessage(), interval.toMinutes());
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule, if any; a run in hand finishes first (up to 30 s), so what it uses can be closed after. */
    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(FINISH_RUN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not finish its run within {} s; stopping it", name, FINISH_RUN.toSeconds());
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
