package io.maskwatch.vision.detect;

import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.classifier.data.LabelledFace;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
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

    /** An 8-bit BGR copy of a picture, the layout OpenCV's detectors read. */
    static Mat toBgr(BufferedImage picture) {
        // JavaCV maps a 3-byte BGR raster straight onto a Mat; pictures of other types (RGB
        // integers, gray, with alpha) are redrawn as one first, or the channels would differ.
        BufferedImage bgr = picture;
        if (picture.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = bgr.createGraphics();
            g.drawImage(picture, 0, 0, null);
            g.dispose();
        }
        try (Java2DFrameConverter java2d = new Java2DFrameConverter();
                OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            // The converted Mat shares the picture's memory: the copy is the detector's own.
            return toMat.convert(java2d.convert(bgr)).clone();
        }
    }

    @Override
    public void close() {
        detector.close();
    }
}
