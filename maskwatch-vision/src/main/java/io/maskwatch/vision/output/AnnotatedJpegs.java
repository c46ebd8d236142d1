package io.maskwatch.vision.output;

import io.maskwatch.vision.event.FaceImages;
import io.maskwatch.vision.overlay.Overlay;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One source's annotated frames as JPEG pictures for people watching it live (the device's live
 * view): drawn as {@code --out} draws them, but only while someone watches, and at most {@code
 * maxFps} a second. A frame nobody watches costs a counter, nothing more: no copy, no drawing, no
 * encoding. Runs on the pipeline's thread; the counters may be read from any thread.
 */
public final class AnnotatedJpegs implements FrameListener {
    /** Good enough to read a caption, a third of the bytes of quality 95. */
    private static final int QUALITY = 80;

    /** Who watches the source. */
    public interface Audience {
        /** Whether anyone watches now; asked for every frame, so it must be cheap. */
        boolean watched();

        /** A new picture, on the pipeline's thread: hand it over and return. */
        void picture(Picture picture);
    }

    /**
     * One annotated frame.
     *
     * @param jpeg the JPEG file's bytes
     * @param frame the frame's number on its source
     */
    public record Picture(byte[] jpeg, int width, int height, long frame, Instant time) {}

    private final Audience audience;
    private final long intervalNanos;
    private final Mat canvas = new Mat();
    private final AtomicLong encoded = new AtomicLong();
    private final AtomicLong unwatched = new AtomicLong();
    private boolean any;
    private long nextDue;

    /** @param maxFps the most pictures a second, however fast the source's frames come */
    public AnnotatedJpegs(Audience audience, double maxFps) {
        if (!(maxFps > 0)) {
            throw new IllegalArgumentException("maxFps must be positive, got " + maxFps);
        }
        this.audience = audience;
        this.intervalNanos = Math.round(1e9 / maxFps);
    }

    @Override
    public void frame(FrameResult result) {
        if (!audience.watched()) {
            unwatched.incrementAndGet();
            return;
        }
        long now = System.nanoTime();
        if (any && now - nextDue < 0) {
            return; // watched, but the next picture is not due yet (maxFps)
        }
        // The next picture is due one interval after this one was: a late frame does not push
        // the ones after it back, and after a pause the first frame is drawn at once.
        nextDue = any && now - nextDue < intervalNanos ? nextDue + intervalNanos : now + intervalNanos;
        any = true;
        result.frame().image().copyTo(canvas);
        Overlay.draw(canvas, result.faces());
        byte[] jpeg = FaceImages.jpeg(canvas, QUALITY);
        encoded.incrementAndGet();
        audience.picture(new Picture(
                jpeg,
                canvas.cols(),
                canvas.rows(),
                result.frame().index(),
                result.frame().time()));
    }

    /** Frames drawn and encoded. */
    public long encoded() {
        return encoded.get();
    }

    /** Frames offered while nobody watched: not drawn, not encoded. */
    public long unwatched() {
        return unwatched.get();
    }

    @Override
    public void close() {
        canvas.close();
    }
}
