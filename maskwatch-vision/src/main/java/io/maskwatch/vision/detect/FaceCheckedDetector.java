package io.maskwatch.vision.detect;

import io.maskwatch.classifier.ProviderChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detector whose detections that are not faces (see {@link FaceCheck}) are dropped before
 * anything else sees them, and counted. It wraps the whole chain, so it judges boxes in the
 * original image's pixels.
 */
public final class FaceCheckedDetector implements FaceDetector {
    private static final Logger log = LoggerFactory.getLogger(FaceCheckedDetector.class);

    private final FaceDetector inner;
    private final FaceCheck check;
    private final AtomicLong dropped = new AtomicLong();

    public FaceCheckedDetector(FaceDetector inner, FaceCheck check) {
        this.inner = inner;
        this.check = check;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public ProviderChoice provider() {
        return inner.provider();
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        List<Detection> found = inner.detect(bgr);
        List<Detection> faces = new ArrayList<>(found.size());
        for (Detection d : found) {
            FaceCheck.Verdict verdict = check.judge(d, bgr.cols(), bgr.rows());
            if (verdict == FaceCheck.Verdict.FACE) {
                faces.add(d);
            } else {
                dropped.incrementAndGet();
                log.debug("face check dropped {} ({})", d, verdict);
            }
        }
        return faces;
    }

    /** Detections dropped so far as not faces (for a run's summary). */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        inner.close();
    }
}
