package io.maskwatch.vision.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * OpenCV's {@code FaceDetectorYN} with the YuNet 2023mar model: fast, and it keeps finding faces
 * whose lower half is covered by a mask (where Haar cascades fail). Its input size follows the
 * image, so frames of any size (and images of a folder) are analysed at their own resolution.
 */
public final class YuNetDetector implements FaceDetector {
    /** Boxes that overlap more than this are merged by non-maximum suppression. */
    static final float NMS_THRESHOLD = 0.3f;

    static final int TOP_K = 5000;

    private final FaceDetectorYN detector;
    private final Mat faces = new Mat();
    private int inputWidth;
    private int inputHeight;

    private YuNetDetector(FaceDetectorYN detector, int width, int height) {
        this.detector = detector;
        this.inputWidth = width;
        this.inputHeight = height;
    }

    public static YuNetDetector load(Path model, float scoreThreshold) {
        ModelFiles.requireReadable(model, "models.face_detection.model");
        try {
            FaceDetectorYN yn = FaceDetectorYN.create(
                    model.toString(), "", new Size(320, 320), scoreThreshold, NMS_THRESHOLD, TOP_K, 0, 0);
            if (yn == null || yn.isNull()) {
                throw new IllegalStateException("FaceDetectorYN.create returned nothing");
            }
            return new YuNetDetector(yn, 320, 320);
        } catch (RuntimeException e) {
            throw new DetectorException(
                    "face detector " + model + " cannot be loaded by OpenCV (" + e.getMessage()
                            + "); the file is corrupt or not the YuNet ONNX model: run 'maskwatch models pull'",
                    e);
        }
    }

    @Override
    public String name() {
        return "yunet";
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        if (bgr.cols() != inputWidth || bgr.rows() != inputHeight) {
            inputWidth = bgr.cols();
            inputHeight = bgr.rows();
            try (Size size = new Size(inputWidth, inputHeight)) {
                detector.setInputSize(size);
            }
        }
        detector.detect(bgr, faces);
        int n = faces.rows();
        List<Detection> out = new ArrayList<>(n);
        if (n == 0) {
            return out;
        }
        // One row per face: x, y, w, h, five landmarks (x, y), score.
        try (FloatIndexer rows = faces.createIndexer()) {
            for (int i = 0; i < n; i++) {
                float[] face = new float[15];
                rows.get(i, 0, face);
                out.add(YuNetDecoder.detection(face, inputWidth, inputHeight));
            }
        }
        return out;
    }

    @Override
    public void close() {
        faces.close();
        detector.close();
    }
}
