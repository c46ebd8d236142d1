package io.maskwatch.vision.event;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.FaceCheck;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.FaceDetectors;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A second look at an event's crop before it is sent: the face detector runs again on the crop
 * alone, enlarged to {@value #SIDE} px and padded with its own edges, and says how sure it is of a
 * face in the middle. In a crowded frame the detector's first look finds face-like things among
 * the faces (a raised hand, a protest sign, a patch of wall) with scores as high as real small
 * faces; on the crop alone, at a size where a face has detail, they rarely pass again. Costs one
 * detector run per event, not per frame.
 */
public final class SecondLook implements AutoCloseable {
    /** Side the crop is enlarged to: a face at the detector's best size, with detail to judge. */
    static final int SIDE = 160;
    /** A face counts when its centre lies within this share of {@link #SIDE} of the crop's centre. */
    private static final double CENTRE_TOLERANCE = 0.3;

    private final FaceDetector detector;

    /** @param detector runs on the enlarged crops; closed with this */
    public SecondLook(FaceDetector detector) {
        this.detector = detector;
    }

    /**
     * A second look by {@code choice} for crops judged at {@code minScore}: the detector's own
     * threshold sits below that score, so that the score it reports is compared, not cut off; it
     * sees the crop alone, unscaled and without the face check.
     */
    public static SecondLook by(FaceDetectors.Choice choice, double minScore) {
        return new SecondLook(FaceDetectors.create(choice, Math.min(0.3, minScore), 1.0, 0, 0, FaceCheck.Settings.OFF));
    }

    /** The best score of a face the detector finds in the middle of {@code crop} (0 for none). */
    public float faceScore(Mat crop) {
        try (Mat enlarged = new Mat();
                Mat padded = new Mat();
                Size size = new Size(SIDE, SIDE);
                Scalar none = new Scalar()) {
            resize(crop, enlarged, size, 0, 0, INTER_LINEAR);
            // Padding keeps a face filling the crop away from the image edge, where detectors miss it.
            int pad = SIDE / 2;
            copyMakeBorder(enlarged, padded, pad, pad, pad, pad, BORDER_REPLICATE, none);
            float best = 0;
            double centre = pad + SIDE / 2.0;
            for (Detection d : detector.detect(padded)) {
                if (Math.abs(d.centerX() - centre) <= CENTRE_TOLERANCE * SIDE
                        && Math.abs(d.centerY() - centre) <= CENTRE_TOLERANCE * SIDE) {
                    best = Math.max(best, d.score());
                }
            }
            return best;
        }
    }

    @Override
    public void close() {
        detector.close();
    }
}
