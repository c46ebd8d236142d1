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

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        discardPending();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{}: the reading thread did not stop within 10 s (blocked in the decoder)", name);
        }
        discardPending();
    }
}
