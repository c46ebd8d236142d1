package io.maskwatch.vision.classify;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.FaceTensors;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.vision.detect.Detection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Cuts the faces of one frame the way the classifier was trained (square crop with the model's
 * margin, {@link FaceCrop}), and classifies them all in one batch: one ONNX Runtime call per frame
 * costs far less than one per face. Not thread-safe (reuses its buffers).
 */
public final class CropClassifier implements AutoCloseable {
    private final MaskClassifier classifier;
    private final ModelManifest manifest;
    private final int side;
    private final Mat resized = new Mat();
    private FloatBuffer batch = FloatBuffer.allocate(0);

    public CropClassifier(MaskClassifier classifier) {
        this.classifier = classifier;
        this.manifest = classifier.manifest();
        this.side = manifest.inputSize();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The square region the classifier sees for a face box (also the event's image). */
    public FaceCrop cropOf(Detection face, int imageWidth, int imageHeight) {
        return FaceCrop.around(
                face.x1(), face.y1(), face.x2(), face.y2(), manifest.cropMargin(), imageWidth, imageHeight);
    }

    /** The no-mask probability of each face in {@code faces}, in order, from one batched call. */
    public float[] noMaskProbabilities(Mat image, List<Detection> faces) {
        if (faces.isEmpty()) {
            return new float[0];
        }
        return classifier.noMaskProbabilities(tensors(image, faces), faces.size());
    }

    /**
     * The classifier's input for these faces: each cut by {@link FaceCrop} and made a tensor by
     * {@link FaceTensors}, as evaluation and training make theirs. The buffer is reused by the next
     * call.
     */
    public FloatBuffer tensors(Mat image, List<Detection> faces) {
        int plane = 3 * side * side;
        if (batch.capacity() < faces.size() * plane) {
            // Direct memory: ONNX Runtime reads it without another copy.
            batch = ByteBuffer.allocateDirect(faces.size() * plane * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
        batch.clear();
        for (Detection face : faces) {
            FaceCrop crop = cropOf(face, image.cols(), image.rows());
            try (Rect rect = new Rect(crop.x1(), crop.y1(), crop.width(), crop.height());
                    Mat region = new Mat(image, rect)) {
                FaceTensors.resize(region, resized, side, side);
            }
            FaceTensors.putBgrSquare(resized, side, manifest.mean(), manifest.std(), batch);
        }
        batch.flip();
        return batch;
    }

    @Override
    public void close() {
        resized.close();
    }
}
