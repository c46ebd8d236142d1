package io.maskwatch.vision.pipeline;

import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.track.MaskLabel;

/**
 * One face of an analysed frame, as the outputs show it.
 *
 * @param box in pixels of the original frame
 * @param label the track's voted status ({@code TOO_SMALL} for faces below the size floor)
 * @param probability the probability of {@code label} (mean over the track's recent votes); NaN
 *     when not classified
 */
public record FaceResult(Detection box, MaskLabel label, double probability, long track) {

    /** The box in whole pixels, as written to JSON and drawn on frames (one rounding for both). */
    public int[] pixelBox() {
        return new int[] {Math.round(box.x1()), Math.round(box.y1()), Math.round(box.x2()), Math.round(box.y2())};
    }
}
