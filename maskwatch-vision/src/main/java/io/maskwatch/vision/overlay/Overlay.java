package io.maskwatch.vision.overlay;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.maskwatch.vision.pipeline.FaceResult;
import io.maskwatch.vision.track.MaskLabel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws faces like the seed's live view: a green box and "Mask 97.3%" or a red box and "No Mask
 * 88.1%", plus the track id; faces too small to judge get a thin grey box. Captions are placed
 * by a {@link LabelLayout} so that in a crowd they do not cover one another.
 */
public final class Overlay {
    private static final Scalar GREEN = new Scalar(0, 200, 0, 0);
    private static final Scalar RED = new Scalar(0, 0, 230, 0);
    private static final Scalar GREY = new Scalar(170, 170, 170, 0);
    private static final Scalar WHITE = new Scalar(255, 255, 255, 0);
    private static final double FONT_SCALE = 0.45;
    private static final double SMALL_FONT_SCALE = 0.35;
    /** Boxes narrower than this (pixels) get the small font. */
    private static final int SMALL_BOX = 40;

    private Overlay() {}

    /**
     * The label drawn on a classified face with the probability of that label, e.g. {@code Mask
     * 70.7%} for a face judged masked whose no-mask probability is 0.293. Null for faces too small
     * to judge or not classified yet.
     */
    public static String labelText(FaceResult face) {
        if (face.label() == MaskLabel.TOO_SMALL
                || face.label() == MaskLabel.UNKNOWN
                || Double.isNaN(face.probability())) {
            return null;
        }
        // FaceResult's probability is already that of its label (1 - no-mask for a masked face).
        return String.format(Locale.ROOT, "%s %.1f%%", face.label().caption(), face.probability() * 100);
    }

    /** The caption of a face, e.g. {@code No Mask 88.1% #4}; faces too small show their track id. */
    public static String caption(FaceResult face) {
        String label = labelText(face);
        return label == null ? "#" + face.track() : label + " #" + face.track();
    }

    /** Font scale of a face's caption: smaller on small faces, whose neighbours are close. */
    static double fontScale(int boxWidth) {
        return boxWidth < SMALL_BOX ? SMALL_FONT_SCALE : FONT_SCALE;
    }

    public static void draw(Mat bgr, List<FaceResult> faces) {
        for (FaceResult face : faces) {
            int[] b = face.pixelBox();
            int thickness = face.label() == MaskLabel.TOO_SMALL ? 1 : 2;
            try (Point p1 = new Point(b[0], b[1]);
                    Point p2 = new Point(b[2], b[3])) {
                rectangle(bgr, p1, p2, colour(face.label()), thickness, LINE_AA, 0);
            }
        }
        // Captions after all boxes, so no box is drawn over one; alerts and near faces first, as
        // they get the free places.
        List<FaceResult> byImportance = new ArrayList<>(faces);
        byImportance.sort(Comparator.comparing((FaceResult f) -> f.label() != MaskLabel.NO_MASK)
                .thenComparing(f -> -(f.box().x2() - f.box().x1())));
        List<int[]> boxes = new ArrayList<>(faces.size());
        for (FaceResult face : faces) {
            boxes.add(face.pixelBox());
        }
        LabelLayout layout = new LabelLayout(bgr.cols(), bgr.rows(), boxes);
        for (FaceResult face : byImportance) {
            if (face.label() != MaskLabel.TOO_SMALL) {
                label(bgr, layout, caption(face), face.pixelBox(), colour(face.label()));
            }
        }
    }

    private static void label(Mat bgr, LabelLayout layout, String text, int[] box, Scalar background) {
        double scale = fontScale(box[2] - box[0]);
        try (Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, 1, new int[1])) {
            int[] r = layout.place(box, size.width() + 4, size.height() + 6);
            if (r == null) {
                return;
            }
            try (Point a = new Point(r[0], r[1]);
                    Point b = new Point(r[2] - 1, r[3] - 1);
                    Point origin = new Point(r[0] + 2, r[1] + size.height() + 2)) {
                rectangle(bgr, a, b, background, FILLED, LINE_AA, 0);
                putText(bgr, text, origin, FONT_HERSHEY_SIMPLEX, scale, WHITE, 1, LINE_AA, false);
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
