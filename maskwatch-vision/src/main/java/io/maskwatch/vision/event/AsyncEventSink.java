package io.maskwatch.vision.event;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to another sink on a thread of its own, so a slow disk never stalls the analysis of
 * frames, and loses nothing it accepted:
 *
 * <ul>
 *   <li>The queue is bounded. When it is full the pipeline waits: a file is analysed more slowly,
 *       a live source drops frames (counted by the source), and no event is dropped.
 *   <li>A write that fails (a full disk, a read-only file, a lock) is retried with the same item,
 *       holding everything behind it. One line says when the trouble starts, and one when it ends
 *       and for how long it lasted.
 *   <li>If the store stays unwritable for {@code giveUpAfter}, the sink gives up: every later
 *       {@link #event} and {@link #close} throws {@link EventStorageFailed}, with the number of
 *       events it could not store, so the run stops with that error instead of going on in silence.
 * </ul>
 *
 * {@link #close()} drains the queue before closing the target: nothing accepted is lost on a
 * graceful stop.
 */
public final class AsyncEventSink implements EventSink {
    /** Items the queue holds: events are a few kilobytes each (the JPEG crop). */
    static final int CAPACITY = 256;

    private static final Logger log = LoggerFactory.getLogger(AsyncEventSink.class);
    private static final Object STOP = new Object();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long FIRST_RETRY_MS = 100;
    private static final long LONGEST_RETRY_MS = 2_000;

    private final EventSink target;
    private final Duration giveUpAfter;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicLong writeCpuNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong eventsNotStored = new AtomicLong();
    private volatile EventStorageFailed gaveUp;
    private volatile boolean closed;

    /**
     * @param giveUpAfter how long the store may stay unwritable before the sink gives up
     */
    public AsyncEventSink(EventSink target, Duration giveUpAfter) {
        this.target = target;
        this.giveUpAfter = giveUpAfter;
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

    /** Waits while the queue is full, until the item fits or the sink gives up; never drops it. */
    private void enqueue(Object item) {
        if (closed) {
            throw new IllegalStateException("the event sink is closed");
        }
        boolean interrupted = false;
        try {
            while (true) {
                if (gaveUp != null) {
                    if (item instanceof FaceEvent) {
                        eventsNotStored.incrementAndGet();
                    }
                    throw failure();
                }
                try {
                    if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    // An event is never dropped for an interrupt: keep it, and pass the interrupt on after.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
            if (!writeUntilStored(item)) {
                countWhatIsLeft(item);
                return;
            }
        }
    }

    /** Writes {@code item}, retrying while the store refuses; false once it has refused for too long. */
    private boolean writeUntilStored(Object item) {
        long troubleSince = 0;
        long pause = FIRST_RETRY_MS;
        while (true) {
            try {
                write(item);
                if (troubleSince != 0) {
                    log.warn(
                            "the event store is writable again after {}; the events held meanwhile are being stored,"
                                    + " none lost",
                            EventStorageFailed.seconds(Duration.ofNanos(System.nanoTime() - troubleSince)));
                }
                return true;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                if (troubleSince == 0) {
                    troubleSince = System.nanoTime();
                    log.error(
                            "cannot store {}: {}. Holding the events (the analysis waits) and retrying; the run stops"
                                    + " if the store stays unwritable for {}",
                            describe(item),
                            e.getMessage(),
                            EventStorageFailed.seconds(giveUpAfter));
                } else if (System.nanoTime() - troubleSince >= giveUpAfter.toNanos()) {
                    gaveUp = new EventStorageFailed(e, Duration.ofNanos(System.nanoTime() - troubleSince), 0);
                    return false;
                }
            }
            pause(pause);
            pause = Math.min(LONGEST_RETRY_MS, pause * 2);
        }
    }

    /** Never interrupted by this class; an interrupt from elsewhere only cuts the wait short. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // The held event is still retried: nothing is given up for an interrupt.
        }
    }

    private void write(Object item) {
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        try {
            if (item instanceof FaceEvent event) {
                target.event(event);
            } else {
                target.compliance((ComplianceCount) item);
            }
        } finally {
            writeNanos.addAndGet(System.nanoTime() - t0);
            writeCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
        }
    }

    /** After giving up: the held item and everything queued behind it are counted, not written. */
    private void countWhatIsLeft(Object held) {
        eventsNotStored.addAndGet(held instanceof FaceEvent ? 1 : 0);
        countQueued();
        log.error("{}", failure().getMessage());
    }

    private void countQueued() {
        for (Object item; (item = queue.poll()) != null; ) {
            if (item instanceof FaceEvent) {
                eventsNotStored.incrementAndGet();
            }
        }
    }

    private EventStorageFailed failure() {
        EventStorageFailed first = gaveUp;
        RuntimeException cause = (RuntimeException) first.getCause();
        return new EventStorageFailed(cause, first.tried(), eventsNotStored.get());
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

    /** Writes that failed (each retry counts). */
    public long failures() {
        return failures.get();
    }

    /**
     * Writes what is queued and closes the target.
     *
     * @throws EventStorageFailed if the sink gave up: the target is closed all the same
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Room is made by the writer, which either stores or (having given up) counts what it takes.
            while (writer.isAlive() && !queue.offer(STOP, 100, TimeUnit.MILLISECONDS)) {
                // The queue is full: wait for the writer.
            }
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while writing the last {} events and counts", queue.size());
        } finally {
            target.close();
        }
        if (gaveUp != null) {
            // An event may have slipped into the queue while the writer was giving up.
            countQueued();
            throw failure();
        }
    }
}
