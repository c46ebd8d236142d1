package io.maskwatch.vision.detect;

import io.maskwatch.vision.config.DetectionConfig;

/**
 * Decides whether a detection is a plausible face, cheaply, from what the detector already gives:
 * its score, its box's shape and (YuNet) its five landmarks. Events must rest only on faces, and
 * about one in ten false alarms on real entrance photos was a detection on no face.
 *
 * <p>Every bound was measured on the mask-scenes photos the shipped classifier trained on
 * (detections made as {@code detect} makes them for images, matched to annotated faces by IoU >=
 * 0.4; see {@code FaceCheckSceneTest}). What was found there:
 *
 * <ul>
 *   <li>The score separates best: detections on no annotated face have a median score of 0.72,
 *       annotated faces 0.88; no unmasked face scored below 0.641.
 *   <li>YuNet's boxes and landmarks are regressed towards a face's shape, so on non-faces they
 *       still look like a face: the shape and landmark rules hardly ever fire on its detections.
 *       They are a safety net (a box or points no face has, from another detector or a broken
 *       model), their bounds set with a margin outside every annotated face's value.
 * </ul>
 *
 * Boxes and points must be in the same image's pixels; every rule compares ratios, so the check
 * does not depend on the image's scale.
 */
public final class FaceCheck {

    /**
     * The configurable part of the check ({@code detection.face_check*} keys).
     *
     * @param enabled false: every detection is kept
     * @param minScore detections scoring below this are dropped
     * @param minAspect a box's height / width must be at least this ...
     * @param maxAspect ... and at most this
     */
    public record Settings(boolean enabled, double minScore, double minAspect, double maxAspect) {
        /**
         * Score 0.63: the lowest unmasked face's score (0.641) less a margin of 0.01; it drops 15 %
         * of the detections on no annotated face and 1.4 % of masked ones (their lowest-scoring,
         * mostly half-hidden faces). Aspect 0.6 - 2.6: around every annotated face's box (0.72 -
         * 2.47), so only boxes no face has are dropped.
         */
        public static final Settings DEFAULT = new Settings(
                true,
                DetectionConfig.DEFAULT_MIN_FACE_SCORE,
                DetectionConfig.DEFAULT_FACE_ASPECT_MIN,
                DetectionConfig.DEFAULT_FACE_ASPECT_MAX);

        public static final Settings OFF = new Settings(false, 0, 0, Double.MAX_VALUE);

        /** The {@code detection.face_check*} settings of the configuration. */
        public static Settings of(DetectionConfig config) {
            return new Settings(
                    config.faceCheck(), config.minFaceScore(), config.faceAspectMin(), config.faceAspectMax());
        }
    }

    /** Why a detection was dropped, or {@link #FACE} when it was kept. */
    public enum Verdict {
        FACE,
        LOW_SCORE,
        BOX_SHAPE,
        LANDMARKS
    }

    // Landmark bounds, each a ratio to the box's width (horizontal quantities) or height (vertical
    // ones). Each comment gives the range measured on annotated faces (masked and unmasked): the
    // bound lies well outside it, so turned, tilted and masked faces pass.

    // The nose tip lies below the lower eye: measured from 0.086 of the box height.
    static final double MIN_NOSE_BELOW_EYES = 0.04;

    // Mouth corners lie below the nose tip; on masked faces YuNet guesses them through the mask,
    // sometimes level with the nose: measured from -0.066.
    static final double MIN_MOUTH_BELOW_NOSE = -0.10;

    // Eyes roughly level: vertical offset measured up to 0.157 of the box width.
    static final double MAX_EYE_TILT = 0.25;

    // Distance between the eyes: measured 0.032 (profile) to 0.662 of the box width.
    static final double MIN_EYE_SPAN = 0.02;

    static final double MAX_EYE_SPAN = 0.8;

    // The person's right eye is on the image's left (measured from +0.021 of the width); a
    // small reversal is tolerated for profiles.
    static final double MIN_EYE_ORDER = -0.05;

    // Landmarks inside the box enlarged by this fraction of its size on each side (measured up to
    // 0.12). A side on the image's edge is open: the box was cut there, the face's points were not.
    static final double MAX_OUTSIDE = 0.2;

    private final Settings settings;

    public FaceCheck(Settings settings) {
        this.settings = settings;
    }

    /** The verdict on a detection in an image of this size (its edges bound clipped boxes). */
    public Verdict judge(Detection d, int imageWidth, int imageHeight) {
        if (d.score() < settings.minScore()) {
            return Verdict.LOW_SCORE;
        }
        if (d.width() <= 0 || d.height() <= 0) {
            return Verdict.BOX_SHAPE;
        }
        double aspect = d.height() / d.width();
        if (aspect < settings.minAspect() || aspect > settings.maxAspect()) {
            return Verdict.BOX_SHAPE;
        }
        if (d.hasLandmarks() && !landmarksMakeAFace(d, imageWidth, imageHeight)) {
            return Verdict.LANDMARKS;
        }
        return Verdict.FACE;
    }

    static boolean landmarksMakeAFace(Detection d, int imageWidth, int imageHeight) {
        Landmarks l = d.landmarks();
        double w = d.width();
        double h = d.height();
        Landmarks.Point re = l.rightEye();
        Landmarks.Point le = l.leftEye();
        double lowerEye = Math.max(re.y(), le.y());
        double upperMouth = Math.min(l.rightMouth().y(), l.leftMouth().y());
        double eyeSpan = Math.hypot(le.x() - re.x(), le.y() - re.y()) / w;
        return (l.nose().y() - lowerEye) / h >= MIN_NOSE_BELOW_EYES
                && (upperMouth - l.nose().y()) / h >= MIN_MOUTH_BELOW_NOSE
                && Math.abs(le.y() - re.y()) / w <= MAX_EYE_TILT
                && eyeSpan >= MIN_EYE_SPAN
                && eyeSpan <= MAX_EYE_SPAN
                && (le.x() - re.x()) / w >= MIN_EYE_ORDER
                && insideBox(d, imageWidth, imageHeight);
    }

    private static boolean insideBox(Detection d, int imageWidth, int imageHeight) {
        double mx = MAX_OUTSIDE * d.width();
        double my = MAX_OUTSIDE * d.height();
        // A side cut by the image's edge has no limit.
        // A side cut by the image's edge has no limit (within a pixel: boxes found on a resized
        // image are clipped there, then scaled back).
        double left = d.x1() <= 1 ? Double.NEGATIVE_INFINITY : d.x1() - mx;
        double top = d.y1() <= 1 ? Double.NEGATIVE_INFINITY : d.y1() - my;
        double right = d.x2() >= imageWidth - 1 ? Double.POSITIVE_INFINITY : d.x2() + mx;
        double bottom = d.y2() >= imageHeight - 1 ? Double.POSITIVE_INFINITY : d.y2() + my;
        for (Landmarks.Point p : d.landmarks().points()) {
            if (p.x() < left || p.x() > right || p.y() < top || p.y() > bottom) {
                return false;
            }
        }
        return true;
    }
}
