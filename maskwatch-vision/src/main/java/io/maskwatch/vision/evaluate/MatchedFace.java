package io.maskwatch.vision.evaluate;

import io.maskwatch.vision.detect.Detection;
import java.nio.file.Path;

/**
 * One face of an end-to-end evaluation: an annotated face with what production made of it (found
 * or not, its no-mask probability), or a detection that matched no annotated face. The label at any
 * threshold follows from the probability, so one detector + classifier pass serves every threshold.
 *
 * @param image the photo
 * @param truth what the annotation says ({@link Truth#NONE}: a detection on no annotated face)
 * @param annotated the annotated box, {@code null} for {@link Truth#NONE}
 * @param detected the matched detection, {@code null} when the detector missed the face
 * @param iou the IoU of the detection with its annotated face; for a detection on no annotated face
 *     its best IoU with any face of the photo (low: a face nobody annotated; near the floor: the
 *     detector's box and the annotation disagree); NaN for a missed face
 * @param noMaskProbability the classifier's no-mask probability; NaN when the face was not
 *     classified (not detected, or narrower than detect's minimum face size: labelled too small)
 * @param evidence its crop passes the evidence checks ({@link io.maskwatch.vision.event.EvidenceCheck}):
 *     with a no-mask label it would be an alert that is sent, without it a low-evidence event
 */
public record MatchedFace(
        Path image,
        Truth truth,
        Detection annotated,
        Detection detected,
        float iou,
        float noMaskProbability,
        boolean evidence) {

    /** The annotated mask status of a face. */
    public enum Truth {
        WITH_MASK,
        WITHOUT_MASK,
        /** {@code mask_weared_incorrect}: a mask below the nose. */
        WORN_INCORRECTLY,
        /** No annotated face where the detector found one. */
        NONE
    }

    public MatchedFace {
        if ((truth == Truth.NONE) != (annotated == null)) {
            throw new IllegalArgumentException("an annotated box goes with an annotated truth, got " + truth);
        }
        if (annotated == null && detected == null) {
            throw new IllegalArgumentException("a face is annotated, detected or both");
        }
        if (detected == null && !Float.isNaN(noMaskProbability)) {
            throw new IllegalArgumentException("an undetected face has no probability");
        }
    }

    /** An annotated face the detector did not find. */
    public static MatchedFace missed(Path image, Truth truth, Detection annotated) {
        return new MatchedFace(image, truth, annotated, null, Float.NaN, Float.NaN, false);
    }

    public boolean isAnnotated() {
        return annotated != null;
    }

    public boolean isDetected() {
        return detected != null;
    }

    /** Whether the classifier judged it (detected, and not labelled too small). */
    public boolean isClassified() {
        return !Float.isNaN(noMaskProbability);
    }

    /** Whether it got a no-mask label at this threshold (as detect decides on a still image). */
    public boolean noMaskAt(double threshold) {
        return isClassified() && noMaskProbability >= threshold;
    }

    /** Whether it would be a sent alert at this threshold: a no-mask label on crop evidence that passes. */
    public boolean alertAt(double threshold) {
        return evidence && noMaskAt(threshold);
    }

    /** Its size for the size buckets: the annotated box width, else the detection's. */
    public float width() {
        return annotated != null ? annotated.width() : detected.width();
    }

    /** The box to show: what the detector found, else what was annotated. */
    public Detection shownBox() {
        return detected != null ? detected : annotated;
    }
}
