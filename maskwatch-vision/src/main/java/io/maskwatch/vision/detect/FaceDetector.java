package io.maskwatch.vision.detect;

import io.maskwatch.classifier.ProviderChoice;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds faces in a BGR image. Instances hold native state: one per thread, closed after use. */
public interface FaceDetector extends AutoCloseable {

    /** Short name for logs and events, e.g. {@code yunet}. */
    String name();

    /** Faces in {@code bgr} (8-bit, 3 channels), boxes in its pixels, clipped to it. */
    List<Detection> detect(Mat bgr);

    /** What runs the model and where: OpenCV on the CPU, unless the detector runs in ONNX Runtime. */
    default ProviderChoice provider() {
        return ProviderChoice.openCv();
    }

    @Override
    void close();
}
