package io.maskwatch.classifier;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The one way a face crop becomes the classifier's input, for {@code detect}, {@code evaluate} and
 * {@code train} alike: resized to the model's square input with OpenCV, then {@code (pixel/255 -
 * mean) / std} per RGB channel, laid out CHW.
 *
 * <p>The resize: {@code INTER_AREA} when shrinking, which averages every source pixel and so does
 * not alias a 150 px face into a 64 px one; {@code INTER_LINEAR} when enlarging, where
 * {@code INTER_AREA} would fall back to nearest-neighbour blocks. Most faces at an entrance are
 * smaller than the input (the scene photos' median face is 22 px wide, 32 px with the crop's
 * margin), so the enlarging half decides most classifications; models before this class were
 * trained through Java2D's bilinear resize and classified through OpenCV's, which differ.
 */
public final class FaceTensors {
    private FaceTensors() {}

    /** Resizes a BGR crop to the model's input and appends it to {@code out} as normalised CHW RGB. */
    public static void put(Mat bgrCrop, ModelManifest manifest, FloatBuffer out) {
        int side = manifest.inputSize();
        try (Mat square = new Mat()) {
            resize(bgrCrop, square, side, side);
            putBgrSquare(square, side, manifest.mean(), manifest.std(), out);
        }
    }

    /** Resizes an RGB picture of a crop to the model's input and appends it to {@code out}. */
    public static void put(BufferedImage crop, ModelManifest manifest, FloatBuffer out) {
        try (Mat bgr = toBgr(crop)) {
            put(bgr, manifest, out);
        }
    }

    /**
     * The picture resized to {@code width x height} by the one resize, as packed 0xRRGGBB pixels:
     * training's last step before augmenting colours, so it feeds the network the same pixels
     * {@link #put} would.
     */
    public static int[] resizedPacked(BufferedImage image, int width, int height) {
        try (Mat bgr = toBgr(image);
                Mat resized = new Mat()) {
            resize(bgr, resized, width, height);
            return packed(resized);
        }
    }

    /** The picture resized to {@code width x height} by the one resize, as a TYPE_INT_RGB image. */
    public static BufferedImage resized(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] target = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(resizedPacked(image, width, height), 0, target, 0, target.length);
        return out;
    }

    /** OpenCV's resize with the interpolation this class stands for (see the class comment). */
    public static void resize(Mat src, Mat dst, int width, int height) {
        boolean shrinking = width < src.cols() || height < src.rows();
        try (Size size = new Size(width, height)) {
            opencv_imgproc.resize(src, dst, size, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
        }
    }

    /** Packed 0xRRGGBB pixels of an {@code s x s} image, appended to {@code out} as normalised CHW. */
    public static void putPacked(int[] rgb, int s, float[] mean, float[] std, FloatBuffer out) {
        int plane = s * s;
        int base = out.position();
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out.put(base + i, (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0]);
            out.put(base + plane + i, (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1]);
            out.put(base + 2 * plane + i, ((p & 0xFF) / 255f - mean[2]) / std[2]);
        }
        out.position(base + 3 * plane);
    }

    /** A BGR {@code side x side} Mat appended to {@code out} as normalised CHW RGB. */
    public static void putBgrSquare(Mat square, int side, float[] mean, float[] std, FloatBuffer out) {
        putPacked(packed(square), side, mean, std, out);
    }

    /** A copy of the picture as an 8-bit BGR Mat (OpenCV's layout), whatever the picture's type. */
    public static Mat toBgr(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0, p = 0; i < rgb.length; i++, p += 3) {
            bgr[p] = (byte) rgb[i];
            bgr[p + 1] = (byte) (rgb[i] >> 8);
            bgr[p + 2] = (byte) (rgb[i] >> 16);
        }
        Mat mat = new Mat(h, w, CV_8UC3);
        mat.data().put(bgr);
        return mat;
    }

    /** The pixels of a continuous 8-bit BGR Mat as packed 0xRRGGBB. */
    private static int[] packed(Mat bgrMat) {
        Mat continuous = bgrMat.isContinuous() ? bgrMat : bgrMat.clone();
        try {
            int n = continuous.cols() * continuous.rows();
            byte[] bgr = new byte[n * 3];
            continuous.data().get(bgr);
            int[] out = new int[n];
            for (int i = 0, p = 0; i < n; i++, p += 3) {
                out[i] = (bgr[p + 2] & 0xFF) << 16 | (bgr[p + 1] & 0xFF) << 8 | (bgr[p] & 0xFF);
            }
            return out;
        } finally {
            if (continuous != bgrMat) {
                continuous.close();
            }
        }
    }
}
