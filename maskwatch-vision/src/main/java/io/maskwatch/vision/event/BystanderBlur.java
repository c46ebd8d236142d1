package io.maskwatch.vision.event;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.vision.detect.Detection;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Hides the other people in an event's crop ({@code tracking.blur_bystanders}). The crop is cut
 * around the subject's face with a margin, so in a crowd it holds parts of the neighbours' faces;
 * their faces are the detector's other detections of the same frame. Each one's box, enlarged by
 * {@link #ENLARGE} on every side (hair and ears identify too, and a box may sit a little off), is
 * averaged down to {@link #CELLS_ACROSS_FACE} colour cells across the face and smoothed back to
 * size: what is left is a few blended patches of colour, without an edge, a feature or a texture.
 * (A Gaussian blur of a size that keeps a crop looking natural leaves a face's layout readable,
 * and plain pixelation leaves block edges that read as shape.) The subject's own box is never
 * touched, not even where a neighbour's enlarged box overlaps it.
 */
public final class BystanderBlur {
    /** A bystander's box grows by this share of its width and height on each side. */
    static final double ENLARGE = 0.2;

    /** Colour cells left across a bystander's face (its box's longer side). */
    static final int CELLS_ACROSS_FACE = 4;

    private BystanderBlur() {}

    /**
     * The faces of {@code frameFaces} other than {@code subject} whose enlarged box reaches into
     * {@code region} (the crop, in the frame's pixels).
     */
    public static List<Detection> bystanders(Detection subject, FaceCrop region, List<Detection> frameFaces) {
        Box crop = new Box(region.x1(), region.y1(), region.x2(), region.y2());
        List<Detection> found = new ArrayList<>();
        for (Detection face : frameFaces) {
            if (!face.equals(subject) && !enlarged(face).intersect(crop).isEmpty()) {
                found.add(face);
            }
        }
        return found;
    }

    /**
     * Blurs each of {@code bystanders} in {@code crop}, which was cut from the frame at {@code
     * region}; the pixels of {@code subject}'s box stay exactly as they were.
     */
    public static void blur(Mat crop, FaceCrop region, Detection subject, List<Detection> bystanders) {
        Box whole = new Box(0, 0, crop.cols(), crop.rows());
        Box kept = Box.around(subject).shifted(-region.x1(), -region.y1());
        for (Detection face : bystanders) {
            Box target = enlarged(face).shifted(-region.x1(), -region.y1()).intersect(whole);
            if (!target.isEmpty()) {
                int cellSide = Math.max(1, Math.round(Math.max(face.width(), face.height()) / CELLS_ACROSS_FACE));
                smear(crop, target, kept.intersect(target).shifted(-target.x1, -target.y1), cellSide);
            }
        }
    }

    /**
     * Averages {@code target} of {@code image} into cells of {@code cellSide} px and enlarges them
     * back bilinearly, leaving {@code keep} (relative to {@code target}) as it was.
     */
    private static void smear(Mat image, Box target, Box keep, int cellSide) {
        int w = target.x2 - target.x1;
        int h = target.y2 - target.y1;
        try (Rect rect = target.rect();
                Mat region = new Mat(image, rect);
                Mat cells = new Mat();
                Mat smooth = new Mat();
                Size few = new Size(
                        Math.max(1, Math.round(w / (float) cellSide)), Math.max(1, Math.round(h / (float) cellSide)));
                Size full = new Size(w, h);
                Scalar change = new Scalar(255);
                Mat mask = new Mat(h, w, CV_8UC1, change)) {
            resize(region, cells, few, 0, 0, INTER_AREA);
            resize(cells, smooth, full, 0, 0, INTER_LINEAR);
            if (!keep.isEmpty()) {
                try (Rect keepRect = keep.rect();
                        Mat hole = new Mat(mask, keepRect);
                        Scalar leave = new Scalar(0)) {
                    hole.put(leave);
                }
            }
            smooth.copyTo(region, mask);
        }
    }

    private static Box enlarged(Detection face) {
        double dx = face.width() * ENLARGE;
        double dy = face.height() * ENLARGE;
        return Box.outward(face.x1() - dx, face.y1() - dy, face.x2() + dx, face.y2() + dy);
    }

    /** A pixel rectangle, {@code x2} and {@code y2} exclusive. */
    private record Box(int x1, int y1, int x2, int y2) {
        /** The pixels a box in fractional coordinates touches. */
        static Box outward(double x1, double y1, double x2, double y2) {
            return new Box((int) Math.floor(x1), (int) Math.floor(y1), (int) Math.ceil(x2), (int) Math.ceil(y2));
        }

        static Box around(Detection d) {
            return outward(d.x1(), d.y1(), d.x2(), d.y2());
        }

        Box shifted(int dx, int dy) {
            return new Box(x1 + dx, y1 + dy, x2 + dx, y2 + dy);
        }

        Box intersect(Box o) {
            return new Box(Math.max(x1, o.x1), Math.max(y1, o.y1), Math.min(x2, o.x2), Math.min(y2, o.y2));
        }

        boolean isEmpty() {
            return x2 <= x1 || y2 <= y1;
        }

        Rect rect() {
            return new Rect(x1, y1, x2 - x1, y2 - y1);
        }
    }
}
