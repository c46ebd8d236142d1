package io.maskwatch.vision.overlay;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.maskwatch.vision.pipeline.FaceResult;
import io.maskwatch.vision.track.MaskLabel;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws faces like the seed's live view: a green box and "Mask 97.3%" or a red box and "No Mask
 * 88.1%", plus the track id; faces too small to judge get a thin grey box.
 */
public final class Overlay {
    private static final Scalar GREEN = new Scalar(0, 200, 0, 0);
    private static final Scalar RED = new Scalar(0, 0, 230, 0);
    private static final Scalar GREY = new Scalar(170, 170, 170, 0);
    private static final Scalar WHITE = new Scalar(255, 255, 255, 0);
    private static final double FONT_SCALE = 0.45;

    private Overlay() {}

    /** The caption of a face, e.g. {@code No Mask 88.1% #4}. */
    public static String caption(FaceResult face) {
        if (face.label() == MaskLabel.TOO_SMALL || Double.isNaN(face.probability())) {
            return "#" + face.track();
        }
        return String.format(
                Locale.ROOT, "%s %.1f%% #%d", face.label().caption(), face.probability() * 100, face.track());
    }

    public static void draw(Mat bgr, List<FaceResult> faces) {
        for (FaceResult face : faces) {
            int[] b = face.pixelBox();
            Scalar colour = colour(face.label());
            int thickness = face.label() == MaskLabel.TOO_SMALL ? 1 : 2;
            try (Point p1 = new Point(b[0], b[1]);
                    Point p2 = new Point(b[2], b[3])) {
                rectangle(bgr, p1, p2, colour, thickness, LINE_AA, 0);
            }
            if (face.label() != MaskLabel.TOO_SMALL) {
                label(bgr, caption(face), b[0], b[1], colour);
            }
        }
    }

    private static void label(Mat bgr, String text, int boxX, int y, Scalar background) {
        try (Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, new int[1])) {
            int top = Math.max(0, y - size.height() - 6);
            // Shifted left near the right edge so the caption stays readable.
            int x = Math.max(0, Math.min(boxX, bgr.cols() - size.width() - 4));
            try (Point a = new Point(x, top);
                    Point b = new Point(x + size.width() + 4, top + size.height() + 6);
                    Point origin = new Point(x + 2, top + size.height() + 2)) {
                rectangle(bgr, a, b, background, FILLED, LINE_AA, 0);
                putText(bgr, text, origin, FONT_HERSHEY_SIMPLEX, FONT_SCALE, WHITE, 1, LINE_AA, false);
            }
        }
    }

    private static Scalar colour(MaskLabel label) {
        return switch (label) {
            case MASK -> GREEN;
            case NO_MASK -> RED;
            default -> GREY;
        };
    }
}
