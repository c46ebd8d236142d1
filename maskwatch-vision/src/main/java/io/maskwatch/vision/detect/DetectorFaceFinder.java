package io.maskwatch.vision.detect;

import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.classifier.data.LabelledFace;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Finds the face of a class-folder picture with the production face detector: the largest face
 * it reports. The picture is framed by a grey border first, because the pictures of face data
 * sets are often cut close around the face and detectors miss faces that touch the image edge.
 */
public final class DetectorFaceFinder implements FaceFinder {
    /** Border added on each side, as a fraction of the picture's width and height. */
    static final double BORDER = 0.25;

    private final FaceDetector detector;
    private final String description;

    public DetectorFaceFinder(FaceDetector detector, String description) {
        this.detector = detector;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Synchronized: a detector holds native state and serves one thread at a time. */
    @Override
    public synchronized Optional<LabelledFace.Box> find(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        int bx = (int) Math.round(w * BORDER);
        int by = (int) Math.round(h * BORDER);
        try (Mat bgr = toBgr(picture);
                Mat framed = new Mat();
                Scalar grey = new Scalar(128, 128, 128, 0)) {
            opencv_core.copyMakeBorder(bgr, framed, by, by, bx, bx, opencv_core.BORDER_CONSTANT, grey);
            List<Detection> faces = detector.detect(framed);
            return faces.stream()
                    .max(Comparator.comparingDouble(Detection::area))
                    .map(d ->
                            new Detection(d.x1() - bx, d.y1() - by, d.x2() - bx, d.y2() - by, d.score()).clipped(w, h))
                    .filter(d -> d.width() >= 1 && d.height() >= 1)
                    .map(d -> new LabelledFace.Box(
                            Math.round(d.x1()), Math.round(d.y1()), Math.round(d.x2()), Math.round(d.y2())));
        }
    }

    /** An 8-bit BGR copy of an RGB picture, the layout OpenCV's detectors read. */
    static Mat toBgr(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        int[] rgb = picture.getRGB(0, 0, w, h, null, 0, w);
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            bgr[3 * i] = (byte) p;
            bgr[3 * i + 1] = (byte) (p >> 8);
            bgr[3 * i + 2] = (byte) (p >> 16);
        }
        Mat mat = new Mat(h, w, opencv_core.CV_8UC3);
        mat.data().put(bgr);
        return mat;
    }

    @Override
    public void close() {
        detector.close();
    }
}
