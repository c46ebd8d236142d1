package io.maskwatch.vision.detect;

/**
 * A face found by a detector: a box in pixels of the analysed image, the detector's score and,
 * from detectors that find them (YuNet), the face's five landmarks ({@code null} from SSD and Haar).
 */
public record Detection(float x1, float y1, float x2, float y2, float score, Landmarks landmarks) {

    /** A detection without landmarks. */
    public Detection(float x1, float y1, float x2, float y2, float score) {
        this(x1, y1, x2, y2, score, null);
    }

    public boolean hasLandmarks() {
        return landmarks != null;
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float centerX() {
        return (x1 + x2) / 2;
    }

    public float centerY() {
        return (y1 + y2) / 2;
    }

    public float area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    /** The same box and landmarks in an image {@code factor} times as large (detectors may run on resized frames). */
    public Detection scaled(double factor) {
        return new Detection(
                (float) (x1 * factor),
                (float) (y1 * factor),
                (float) (x2 * factor),
                (float) (y2 * factor),
                score,
                landmarks == null ? null : landmarks.scaled(factor));
    }

    /**
     * The box cut to the image, so crops and drawn boxes never leave it. Landmarks are kept as
     * found: on a face cut by the image's edge the detector places a hidden eye outside the image,
     * and moving it onto the edge would bend the face's shape that the face check judges.
     */
    public Detection clipped(int imageWidth, int imageHeight) {
        return new Detection(
                clamp(x1, imageWidth),
                clamp(y1, imageHeight),
                clamp(x2, imageWidth),
                clamp(y2, imageHeight),
                score,
                landmarks);
    }

    /** Intersection over union of two boxes (0 when they do not overlap). */
    public static float iou(Detection a, Detection b) {
        float ix = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        float iy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        float inter = ix * iy;
        return inter / (a.area() + b.area() - inter);
    }

    private static float clamp(float v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
