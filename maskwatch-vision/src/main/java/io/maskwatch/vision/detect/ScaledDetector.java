package io.maskwatch.vision.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.classifier.ProviderChoice;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Runs a detector on a resized copy of the image and maps boxes back to the original pixels.
 * Scaling down trades recall on small faces for speed on video; scaling up lets the detector find
 * faces smaller than its smallest anchor (crowd photos, where faces are ~20 px wide).
 */
public final class ScaledDetector implements FaceDetector {
    private final FaceDetector inner;
    private final double scale;
    private final int maxSide;
    private final Mat resized = new Mat();

    /**
     * @param scale factor applied to the image before detection
     * @param maxSide the resized image's longer side is kept at or below this (0: no limit), so a
     *     large photo is not blown up to a size that takes seconds to analyse
     */
    public ScaledDetector(FaceDetector inner, double scale, int maxSide) {
        this.inner = inner;
        this.scale = scale;
        this.maxSide = maxSide;
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
        double factor = effectiveScale(bgr.cols(), bgr.rows());
        if (factor == 1.0) {
            return inner.detect(bgr);
        }
        int w = Math.max(1, (int) Math.round(bgr.cols() * factor));
        int h = Math.max(1, (int) Math.round(bgr.rows() * factor));
        try (Size size = new Size(w, h)) {
            resize(bgr, resized, size, 0, 0, factor < 1 ? INTER_AREA : INTER_LINEAR);
        }
        List<Detection> found = inner.detect(resized);
        List<Detection> out = new ArrayList<>(found.size());
        double back = bgr.cols() / (double) w;
        for (Detection d : found) {
            out.add(d.scaled(back).clipped(bgr.cols(), bgr.rows()));
        }
        return out;
    }

    /** The factor used for an image of this size: {@code scale}, reduced to respect {@code maxSide}. */
    double effectiveScale(int width, int height) {
        double factor = scale;
        int longer = Math.max(width, height);
        if (maxSide > 0 && longer * factor > maxSide) {
            // Never below 1 because of the limit alone: the limit only stops enlargement.
            factor = Math.max(Math.min(1.0, scale), maxSide / (double) longer);
        }
        return factor;
    }

    @Override
    public void close() {
        resized.close();
        inner.close();
    }
}
