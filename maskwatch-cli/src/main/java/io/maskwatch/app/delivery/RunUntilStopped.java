package io.maskwatch.app.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running command alive until Ctrl-C / SIGTERM, then closes what it started, last
 * started first, so that batches in flight finish and are committed before the process exits.
 */
final class RunUntilStopped {
    private static final Logger log = LoggerFactory.getLogger(RunUntilStopped.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Registers something to close at the end; returns it. */
    <T extends AutoCloseable> T closeAtEnd(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Blocks until the process is asked to stop and everything is closed. */
    int await(String what) {
        Thread hook = new Thread(this::closeAll, "maskwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("{} running; Ctrl-C stops it", what);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll();
        }
        return 0;
    }

    /**
     * Closes what was started so far when the start itself failed (a busy port, a refused login):
     * a pool or a web server left open would outlive the error in a test, or in dev-stack's process.
     */
    void closeAfterFailedStart() {
        closeAll();
    }

    private synchronized void closeAll() {
        if (stopped.getCount() == 0) {
            return;
        }
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        stopped.countDown();
    }
}
