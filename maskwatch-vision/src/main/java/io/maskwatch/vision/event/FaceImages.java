package io.maskwatch.vision.event;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Judging and encoding face crops for events. */
public final class FaceImages {
    /** Sharpness is measured at this size, so that it does not grow with the crop's pixel count. */
    private static final int SHARPNESS_SIDE = 64;

    private static final int JPEG_QUALITY = 90;

    private FaceImages() {}

    /**
     * Variance of the Laplacian of the grey crop scaled to 64x64: low for motion blur, out-of-focus
     * and compression-smeared faces. A crop smaller than 64 px is enlarged bilinearly, which adds no
     * edges, so a small face cannot look sharper than it is (area averaging, used to shrink, would
     * enlarge by repeating pixels and score the blocks' edges as detail).
     */
    public static double sharpness(Mat crop) {
        try (Mat gray = new Mat();
                Mat small = new Mat();
                Mat laplacian = new Mat();
                Mat mean = new Mat();
                Mat std = new Mat();
                Size size = new Size(SHARPNESS_SIDE, SHARPNESS_SIDE)) {
            cvtColor(crop, gray, COLOR_BGR2GRAY);
            boolean shrink = crop.cols() >= SHARPNESS_SIDE && crop.rows() >= SHARPNESS_SIDE;
            resize(gray, small, size, 0, 0, shrink ? INTER_AREA : INTER_LINEAR);
            Laplacian(small, laplacian, CV_64F);
            meanStdDev(laplacian, mean, std);
            try (DoubleIndexer s = std.createIndexer()) {
                double sd = s.get(0);
                return sd * sd;
            }
        }
    }

    public static byte[] jpeg(Mat image) {
        return jpeg(image, JPEG_QUALITY);
    }

    /** {@code image} (8-bit BGR) as a JPEG file of the given quality (0..100). */
    public static byte[] jpeg(Mat image, int quality) {
        try (BytePointer out = new BytePointer();
                org.bytedeco.javacpp.IntPointer params =
                        new org.bytedeco.javacpp.IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            if (!imencode(".jpg", image, out, params)) {
                throw new IllegalStateException(
                        "OpenCV could not encode a " + image.cols() + "x" + image.rows() + " image");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
