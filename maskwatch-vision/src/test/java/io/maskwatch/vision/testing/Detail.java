package io.maskwatch.vision.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * How much fine detail a part of a picture holds: the variance of the Laplacian of its grey
 * values. Edges, features and texture give a high value; a blurred or flat patch a value near 0.
 */
public final class Detail {
    private Detail() {}

    /**
     * The variance of the Laplacian of {@code image} (BGR) over the pixels of {@code region} (x1,
     * y1, x2, y2; cut to the image), less those of each {@code excluded} box grown by a pixel (the
     * Laplacian of a pixel sees its neighbours).
     */
    public static double laplacianVariance(Mat image, int[] region, int[]... excluded) {
        try (Mat gray = new Mat();
                Mat laplacian = new Mat();
                Scalar none = new Scalar(0);
                Scalar all = new Scalar(255);
                Mat mask = new Mat(image.rows(), image.cols(), CV_8UC1, none);
                Mat mean = new Mat();
                Mat std = new Mat()) {
            cvtColor(image, gray, COLOR_BGR2GRAY);
            Laplacian(gray, laplacian, CV_64F);
            fill(mask, region, 0, all);
            for (int[] box : excluded) {
                fill(mask, box, 1, none);
            }
            if (countNonZero(mask) == 0) {
                throw new IllegalArgumentException("no pixel left to measure in " + java.util.Arrays.toString(region));
            }
            meanStdDev(laplacian, mean, std, mask);
            try (DoubleIndexer s = std.createIndexer()) {
                return s.get(0) * s.get(0);
            }
        }
    }

    private static void fill(Mat mask, int[] box, int grow, Scalar value) {
        int x1 = Math.max(0, box[0] - grow);
        int y1 = Math.max(0, box[1] - grow);
        int x2 = Math.min(mask.cols(), box[2] + grow);
        int y2 = Math.min(mask.rows(), box[3] + grow);
        if (x2 > x1 && y2 > y1) {
            try (Rect rect = new Rect(x1, y1, x2 - x1, y2 - y1);
                    Mat part = new Mat(mask, rect)) {
                part.put(value);
            }
        }
    }
}
