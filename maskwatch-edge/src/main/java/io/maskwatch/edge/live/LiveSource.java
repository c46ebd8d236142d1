package io.maskwatch.edge.live;

import io.maskwatch.vision.output.AnnotatedJpegs;
import io.maskwatch.vision.pipeline.FaceResult;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import io.maskwatch.vision.track.MaskLabel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One source as the live view shows it: its counts, who watches its stream, and its newest
 * annotated picture, which the pipeline's thread hands over and each viewer's thread takes.
 */
final class LiveSource implements AnnotatedJpegs.Audience {
    final int index;
    /** The source's name, as events carry it. */
    final String name;
    /** The name as the page shows it: a stream address without its user and password. */
    final String shownName;

    private final double maxFps;
    private final AtomicInteger viewers = new AtomicInteger();
    private final AtomicLong frames = new AtomicLong();
    private final Object pictures = new Object();
    /** Guarded by {@link #pictures}: the newest picture and its number (0: none yet). */
    private AnnotatedJpegs.Picture newest;

    private long sequence;

    private volatile boolean closed;
    private volatile InView inView = new InView(0, 0, 0, 0, 0, null);
    private volatile double framesPerSecond;
    private volatile AnnotatedJpegs jpegs;
    /** The pipeline's thread only: where the frame rate's current second began. */
    private long rate0Nanos;

    private long rate0Frames;

    LiveSource(int index, String name, double maxFps) {
        this.index = index;
        this.name = name;
        this.shownName = withoutCredentials(name);
        this.maxFps = maxFps;
    }

    /** What is in the newest analysed frame. */
    record InView(int faces, int mask, int noMask, int width, int height, Instant time) {}

    /** The frame listeners of this source: its counts and its pictures (drawn only while watched). */
    List<FrameListener> listeners() {
        AnnotatedJpegs drawn = new AnnotatedJpegs(this, maxFps);
        jpegs = drawn;
        return List.of(new Counts(), drawn);
    }

    @Override
    public boolean watched() {
        return viewers.get() > 0;
    }

    @Override
    public void picture(AnnotatedJpegs.Picture picture) {
        synchronized (pictures) {
            newest = picture;
            sequence++;
            pictures.notifyAll();
        }
    }

    /** A viewer's stream opens; {@link #leave()} when it closes. Returns the number of the newest picture. */
    long join() {
        viewers.incrementAndGet();
        synchronized (pictures) {
            return sequence;
        }
    }

    void leave() {
        viewers.decrementAndGet();
    }

    /**
     * The first picture after number {@code after}, waiting at most {@code millis}; null when none
     * came in time or the live view closes.
     */
    Numbered next(long after, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        synchronized (pictures) {
            while (sequence <= after && !closed) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                pictures.wait(left);
            }
            return closed ? null : new Numbered(sequence, newest);
        }
    }

    record Numbered(long number, AnnotatedJpegs.Picture picture) {}

    boolean closed() {
        return closed;
    }

    /** Wakes every viewer, whose stream then ends. */
    void close() {
        closed = true;
        synchronized (pictures) {
            pictures.notifyAll();
        }
    }

    int viewers() {
        return viewers.get();
    }

    long frames() {
        return frames.get();
    }

    InView inView() {
        return inView;
    }

    double framesPerSecond() {
        return framesPerSecond;
    }

    long encoded() {
        AnnotatedJpegs j = jpegs;
        return j == null ? 0 : j.encoded();
    }

    long unwatched() {
        AnnotatedJpegs j = jpegs;
        return j == null ? 0 : j.unwatched();
    }

    /** Counts each analysed frame and what is in it (on the pipeline's thread). */
    private final class Counts implements FrameListener {
        @Override
        public void frame(FrameResult result) {
            int mask = 0;
            int noMask = 0;
            for (FaceResult face : result.faces()) {
                if (face.label() == MaskLabel.MASK) {
                    mask++;
                } else if (face.label() == MaskLabel.NO_MASK) {
                    noMask++;
                }
            }
            inView = new InView(
                    result.faces().size(),
                    mask,
                    noMask,
                    result.frame().width(),
                    result.frame().height(),
                    result.frame().time());
            long n = frames.incrementAndGet();
            long now = System.nanoTime();
            if (rate0Nanos == 0) {
                rate0Nanos = now;
                rate0Frames = n;
            } else if (now - rate0Nanos >= 1_000_000_000L) {
                framesPerSecond = (n - rate0Frames) * 1e9 / (now - rate0Nanos);
                rate0Nanos = now;
                rate0Frames = n;
            }
        }

        @Override
        public void close() {
            framesPerSecond = 0;
        }
    }

    /** {@code rtsp://user:secret@camera/stream} as {@code rtsp://camera/stream}: the page never shows a password. */
    static String withoutCredentials(String name) {
        return name.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
    }
}
