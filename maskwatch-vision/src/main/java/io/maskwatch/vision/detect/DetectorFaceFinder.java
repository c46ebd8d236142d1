package io.maskwatch.vision.detect;

import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.classifier.data.LabelledFace;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds the face of a class-folder picture with the production face detector: the largest face
 * it reports, in the picture as it is or enlarged first (a {@link ScaledDetector}, as detect
 * enlarges still images). (Framing the picture with a border first, so that faces
 * cut close were away from the edge, made YuNet find fewer of them: 241 against 243 of the 255
 * mask-faces/val pictures, 396 against 439 of 530 scene faces cut tight.)
 */
public final class DetectorFaceFinder implements FaceFinder {
    private final FaceDetector detector;
    private final String description;
    private final double imageScale;

    /**
     * @param imageScale what {@code detector} enlarges pictures by before its search (1 when it
     *     searches them as they are), for {@link #imageScale()}
     */
    public DetectorFaceFinder(FaceDetector detector, String description, double imageScale) {
        this.detector = detector;
        this.description = description;
        this.imageScale = imageScale;
    }

    @Override
    public double imageScale() {
        return imageScale;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Synchronized: a detector holds native state and serves one thread at a time. */
    @Override
    public synchronized Optional<LabelledFace.Box> find(BufferedImage picture) {
        List<Detection> faces;
        try (Mat bgr = toBgr(picture)) {
            faces = detector.detect(bgr);
        }
        return faces.stream()
                .max(Comparator.comparingDouble(Detection::area))
                .filter(d -> d.width() >= 1 && d.height() >= 1)
                .map(d -> new LabelledFace.Box(
                        Math.round(d.x1()), Math.round(d.y1()), Math.round(d.x2()), Math.round(d.y2())));
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
