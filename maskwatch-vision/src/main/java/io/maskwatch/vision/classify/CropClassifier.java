package io.maskwatch.vision.classify;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.ImageTensors;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.vision.detect.Detection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

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
    private final Size inputSize;
    private final int[] packed;
    private final byte[] bgr;
    private FloatBuffer batch = FloatBuffer.allocate(0);

    public CropClassifier(MaskClassifier classifier) {
        this.classifier = classifier;
        this.manifest = classifier.manifest();
        this.side = manifest.inputSize();
        this.inputSize = new Size(side, side);
        this.packed = new int[side * side];
        this.bgr = new byte[side * side * 3];
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
                resize(region, resized, inputSize, 0, 0, INTER_LINEAR);
            }
            putRgb(resized);
        }
        batch.flip();
        return classifier.noMaskProbabilities(batch, faces.size());
    }

    private void putRgb(Mat squareBgr) {
        // The resized crop is continuous: its bytes are the S x S x 3 BGR pixels in order.
        squareBgr.data().get(bgr);
        for (int i = 0, p = 0; i < packed.length; i++, p += 3) {
            packed[i] = (bgr[p + 2] & 0xFF) << 16 | (bgr[p + 1] & 0xFF) << 8 | (bgr[p] & 0xFF);
        }
        ImageTensors.putPacked(packed, side, manifest.mean(), manifest.std(), batch);
    }

    @Override
    public void close() {
        resized.close();
        inputSize.close();
    }
}
