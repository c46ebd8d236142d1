package io.maskwatch.vision.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * The frontal-face Haar cascade bundled in the OpenCV jar: needs no model file, so it is the
 * fallback when none is present. It looks for the whole face pattern (nose, mouth), so it misses
 * most masked faces; the factory warns loudly when it falls back to it.
 */
public final class HaarDetector implements FaceDetector {
    private static final String CASCADE = "haarcascades/haarcascade_frontalface_default.xml";

    private final CascadeClassifier cascade;
    private final Mat gray = new Mat();
    private final Size minSize;
    private final Size maxSize = new Size();

    private HaarDetector(CascadeClassifier cascade, int minFace) {
        this.cascade = cascade;
        this.minSize = new Size(minFace, minFace);
    }

    /** The frontal-face cascade bundled in the OpenCV jar. */
    public static HaarDetector load(int minFace) {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + CASCADE;
        try {
            return load(Loader.cacheResource(resource).toPath(), minFace);
        } catch (IOException e) {
            throw new UncheckedIOException("the Haar cascade " + resource + " is missing from the OpenCV jar", e);
        }
    }

    /** A cascade file (Haar or LBP, OpenCV XML). */
    public static HaarDetector load(Path cascadeFile, int minFace) {
        ModelFiles.requireReadable(cascadeFile, "models.face_detection.model");
        CascadeClassifier cascade;
        try {
            cascade = new CascadeClassifier(cascadeFile.toString());
        } catch (RuntimeException e) {
            cascade = null;
        }
        if (cascade == null || cascade.empty()) {
            throw new DetectorException("models.face_detection.model: " + cascadeFile
                    + " is not a cascade OpenCV can read; use an OpenCV Haar or LBP cascade XML");
        }
        return new HaarDetector(cascade, Math.max(12, minFace));
    }

    @Override
    public String name() {
        return "haar";
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        cvtColor(bgr, gray, COLOR_BGR2GRAY);
        equalizeHist(gray, gray);
        List<Detection> out = new ArrayList<>();
        try (RectVector faces = new RectVector()) {
            cascade.detectMultiScale(gray, faces, 1.1, 4, 0, minSize, maxSize);
            for (long i = 0; i < faces.size(); i++) {
                Rect r = faces.get(i);
                // A cascade has no score; 1 means "passed every stage".
                out.add(new Detection(r.x(), r.y(), r.x() + r.width(), r.y() + r.height(), 1f));
            }
        }
        return out;
    }

    @Override
    public void close() {
        cascade.close();
        gray.close();
        minSize.close();
        maxSize.close();
    }
}
