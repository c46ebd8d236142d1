package io.maskwatch.vision.source;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source whose frames are decoded on a thread of its own, so decoding overlaps detection. What
 * happens to a decoded frame (queued, or replacing the previous one) is up to the subclass.
 */
abstract class ReadingThreadSource implements FrameSource {
    private static final Logger log = LoggerFactory.getLogger(ReadingThreadSource.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** How long {@link #close()} waits for the reading thread: a healthy reader ends within a frame. */
    private static final long READER_EXIT_MILLIS = 2_000;

    private final String name;
    private final Thread thread;
    protected final SourceStats stats;
    protected volatile boolean stopped;

    ReadingThreadSource(String name, SourceStats stats) {
        this.name = name;
        this.stats = stats;
        this.thread = new Thread(this::readLoop, "read-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts reading (not in the constructor, so subclasses are fully built first). */
    final void start() {
        thread.start();
    }

    /** Reads until the input ends or the source is closed; must end by calling {@link #ended()}. */
    protected abstract void readLoop();

    /** Reads one frame from {@code reader}, timing the decode. */
    protected final VideoFrame timedRead(FrameReader reader) throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        VideoFrame frame = reader.read();
        if (frame != null) {
            stats.decodeNanos.addAndGet(System.nanoTime() - t0);
            stats.decodeCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
            stats.decoded.incrementAndGet();
            stats.lastFrameNanos.set(System.nanoTime());
        }
        return frame;
    }

    /** Marks the end of the frames for {@link #next()}. */
    protected abstract void ended();

    /** Releases frames decoded but not taken. */
    protected abstract void discardPending();

    @Override
    public String name() {
        return name;
    }

    @Override
    public SourceStats stats() {
        return stats;
    }

    /**
     * Ends the frames for {@link #next()} at once: a pipeline waiting for the next frame of a source
     * whose reader is stuck (a driver that hangs, a stream that went silent with its connection open,
     * where an interrupt does not reach the native read) lets go now instead of when the read returns.
     */
    @Override
    public void stop() {
        stopped = true;
        thread.interrupt();
        ended();
        discardPending();
    }

    /**
     * Stops, then waits a moment for the reading thread to close its input. A reader stuck in a read
     * is left behind (a daemon thread: it closes its input and ends when the read returns or times
     * out), so one dead source never holds up the stop of the others or of the process.
     */
    @Override
    public void close() {
        stop();
        try {
            thread.join(READER_EXIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn(
                    "{}: the reading thread is stuck in a read (a camera or stream that stopped sending); not waiting"
                            + " for it: it closes its input when the read returns",
                    name);
        }
        discardPending();
    }
}
