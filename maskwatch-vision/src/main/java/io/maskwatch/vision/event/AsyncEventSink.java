package io.maskwatch.vision.event;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to another sink on a thread of its own, so a slow disk never stalls the analysis of
 * frames. {@link #close()} drains the queue before closing the store: nothing accepted is lost on
 * a graceful stop. A write that fails is logged and counted; the others go on.
 */
public final class AsyncEventSink implements EventSink {
    private static final Logger log = LoggerFactory.getLogger(AsyncEventSink.class);
    private static final Object STOP = new Object();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final EventSink target;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicLong writeCpuNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;

    public AsyncEventSink(EventSink target) {
        this.target = target;
        this.writer = new Thread(this::writeLoop, "event-writer");
        this.writer.start();
    }

    @Override
    public void event(FaceEvent event) {
        enqueue(event);
    }

    @Override
    public void compliance(ComplianceCount count) {
        enqueue(count);
    }

    private void enqueue(Object item) {
        if (closed) {
            throw new IllegalStateException("the event sink is closed");
        }
        queue.add(item);
    }

    private void writeLoop() {
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                // Never interrupted by this class: close() sends STOP so the queue is drained.
                continue;
            }
            if (item == STOP) {
                return;
            }
            long t0 = System.nanoTime();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            try {
                if (item instanceof FaceEvent event) {
                    target.event(event);
                } else {
                    target.compliance((ComplianceCount) item);
                }
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.error("could not store {}: {}", describe(item), e.toString());
            }
            writeNanos.addAndGet(System.nanoTime() - t0);
            writeCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
        }
    }

    private static String describe(Object item) {
        return item instanceof FaceEvent e ? "event " + e.eventId() + " of track " + e.trackId() : item.toString();
    }

    /** Time spent writing, in nanoseconds. */
    public long writeNanos() {
        return writeNanos.get();
    }

    /** CPU time of the writing thread spent writing, in nanoseconds. */
    public long writeCpuNanos() {
        return writeCpuNanos.get();
    }

    /** Writes that failed (logged). */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while writing the last {} events and counts", queue.size());
        } finally {
            target.close();
        }
    }
}
