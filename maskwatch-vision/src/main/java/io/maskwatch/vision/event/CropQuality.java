package io.maskwatch.vision.event;

import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.detect.Detection;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How well one crop shows a face, for a person judging an event by it: how wide the face is in the
 * frame and how sharp the crop is (see {@link FaceImages#sharpness}). A 25 px face or a motion-blurred
 * one may still be classified, but nobody can tell from it whether the person wore a mask.
 *
 * @param faceWidth width of the detected face box in the frame, in pixels
 * @param sharpness variance of the Laplacian of the grey crop at a fixed size
 */
public record CropQuality(int faceWidth, double sharpness) {

    /** Measures the crop {@code region} of a face detected at {@code box}. */
    public static CropQuality of(Mat region, Detection box) {
        // Rounded as the event's box is, so the width an event shows is the one that was judged.
        return new CropQuality(Math.round(box.x2()) - Math.round(box.x1()), FaceImages.sharpness(region));
    }

    /** True when the crop reaches the configured evidence minimums (size and sharpness). */
    public boolean judgeable(TrackingConfig config) {
        return faceWidth >= config.evidenceMinFace() && sharpness >= config.evidenceMinSharpness();
    }

    /**
     * Ranks crops that are equally judgeable: a larger face shows more, a sharper one shows it
     * better (area times sharpness, as the best crop was always chosen).
     */
    double rank() {
        return (double) faceWidth * faceWidth * sharpness;
    }
}
