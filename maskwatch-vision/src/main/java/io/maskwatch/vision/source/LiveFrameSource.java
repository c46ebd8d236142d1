package io.maskwatch.vision.source;

import io.maskwatch.core.retry.RetryBackoff;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cameras and streams: the pipeline always gets the newest frame (older ones are dropped and
 * counted). When the input fails or ends, it is reopened with growing waits, without restarting
 * the process; after {@code maxAttempts} failed attempts in a row (0: never) the source ends.
 * Frame numbers keep counting across reconnects.
 */
public final class LiveFrameSource extends ReadingThreadSource {
    private static final Logger log = LoggerFactory.getLogger(LiveFrameSource.class);

    private final Callable<FrameReader> opener;
    private final RetryBackoff backoff;
    private final int maxAttempts;
    private final LatestFrameSlot slot = new LatestFrameSlot();
    private volatile double frameRate;
    private FrameReader reader;
    /** Failed attempts in a row: reopening failed, or the reopened input gave no frame. */
    private int failures;
    /**
     * The source's own frame count: a reopened reader counts from 0 again, but frame numbers (in
     * {@code --json}, in events) must keep counting for the source across reconnects.
     */
    private long nextIndex;

    private LiveFrameSource(
            String name, FrameReader first, Callable<FrameReader> opener, RetryBackoff backoff, int maxAttempts) {
        super(name, new SourceStats());
        this.reader = first;
        this.opener = opener;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.frameRate = first.frameRate();
    }

    /**
     * @param first the input, already opened by the caller (so a wrong address fails at once)
     * @param opener opens the input again after it dropped
     */
    public static LiveFrameSource start(
            String name, FrameReader first, Callable<FrameReader> opener, RetryBackoff backoff, int maxAttempts) {
        LiveFrameSource source = new LiveFrameSource(name, first, opener, backoff, maxAttempts);
        source.start();
        return source;
    }

    @Override
    protected void readLoop() {
        try {
            while (!stopped && reader != null) {
                long before = stats.decoded();
                readUntilFailure();
                reader.close();
                failures = stats.decoded() > before ? 0 : failures + 1;
                reader = stopped ? null : reopen();
            }
        } finally {
            if (reader != null) {
                reader.close();
            }
            ended();
        }
    }

    private void readUntilFailure() {
        try {
            for (VideoFrame read; !stopped && (read = timedRead(reader)) != null; ) {
                VideoFrame frame = new VideoFrame(read.image(), nextIndex++, read.time(), read.name());
                if (slot.put(frame)) {
                    stats.dropped.incrementAndGet();
                }
                backoff.reset();
            }
            if (!stopped) {
                log.warn("{}: the stream ended; reconnecting", name());
                stats.trouble("the stream ended");
            }
        } catch (Exception e) {
            if (!stopped) {
                log.warn("{}: the stream failed ({}); reconnecting", name(), e.toString());
                stats.trouble("the stream failed (" + e + ")");
            }
        }
    }

    /** Reopens the input, waiting longer after each failure; null when stopped or out of attempts. */
    private FrameReader reopen() {
        while (!stopped && (maxAttempts == 0 || failures < maxAttempts)) {
            Duration delay = backoff.nextDelay();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return null;
            }
            try {
                FrameReader reopened = opener.call();
                stats.reconnects.incrementAndGet();
                frameRate = reopened.frameRate();
                log.info("{}: reconnected", name());
                return reopened;
            } catch (Exception e) {
                failures++;
                stats.trouble("reconnecting failed " + failures + " time(s) in a row (" + e + ")");
                log.warn(
                        "{}: reconnect failed after a {} ms wait ({} failures in a row): {}",
                        name(),
                        delay.toMillis(),
                        failures,
                        e.toString());
            }
        }
        if (!stopped) {
            log.error(
                    "{}: giving up after {} failed attempts in a row (stream.reconnect_max_attempts)",
                    name(),
                    maxAttempts);
            stats.giveUp();
        }
        return null;
    }

    @Override
    protected void ended() {
        slot.end();
    }

    @Override
    public VideoFrame next() throws InterruptedException {
        return slot.take();
    }

    @Override
    public double frameRate() {
        return frameRate;
    }

    @Override
    public boolean stills() {
        return false;
    }

    @Override
    protected void discardPending() {
        slot.clear();
    }
}
