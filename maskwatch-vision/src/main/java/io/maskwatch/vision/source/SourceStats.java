package io.maskwatch.vision.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What a source did: updated by its reading thread, read by the pipeline's summary. */
public final class SourceStats {
    final AtomicLong decoded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong decodeNanos = new AtomicLong();
    final AtomicLong decodeCpuNanos = new AtomicLong();
    /** When the last frame was decoded (System.nanoTime); the opening counts as one, the first sign of life. */
    final AtomicLong lastFrameNanos = new AtomicLong(System.nanoTime());

    private final List<String> damage = new CopyOnWriteArrayList<>();
    private volatile String trouble = "";
    private volatile boolean gaveUp;

    /** Frames decoded. */
    public long decoded() {
        return decoded.get();
    }

    /** Frames of a live source replaced by a newer one before the pipeline took them. */
    public long dropped() {
        return dropped.get();
    }

    /** Inputs that could not be read (an unreadable image of a folder). */
    public long skipped() {
        return skipped.get();
    }

    /** Times a live source was reopened after it dropped. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Time spent decoding, in nanoseconds. */
    public long decodeNanos() {
        return decodeNanos.get();
    }

    /** CPU time of the reading thread spent decoding, in nanoseconds. */
    public long decodeCpuNanos() {
        return decodeCpuNanos.get();
    }

    /**
     * What the reader found wrong with its input (a video that ends early or breaks off): the run
     * still analyses what was read, and the command reports each of these once, at the end.
     */
    public List<String> damage() {
        return List.copyOf(damage);
    }

    void damaged(String what) {
        damage.add(what);
    }

    /** When the last frame was decoded, as {@link System#nanoTime()} (before the first: when the source opened). */
    public long lastFrameNanos() {
        return lastFrameNanos.get();
    }

    /** What last went wrong with a live input ("the stream failed (...)"), empty while nothing has. */
    public String trouble() {
        return trouble;
    }

    /** A live source out of reconnect attempts ({@code stream.reconnect_max_attempts}): it sends nothing more. */
    public boolean gaveUp() {
        return gaveUp;
    }

    void trouble(String what) {
        trouble = what;
    }

    void giveUp() {
        gaveUp = true;
    }
}
