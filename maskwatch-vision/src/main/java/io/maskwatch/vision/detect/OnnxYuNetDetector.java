package io.maskwatch.vision.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImages;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.classifier.OnnxRuntimeEnvironment;
import io.maskwatch.classifier.OnnxSessions;
import io.maskwatch.classifier.ProviderChoice;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * YuNet 2023mar run by ONNX Runtime, the runtime of the mask classifier, with OpenCV's {@code
 * FaceDetectorYN} reproduced around it: the image padded with black to a multiple of 32 at the
 * right and bottom, given to the network as BGR floats of 0-255 (OpenCV's {@code blobFromImage},
 * no scaling or mean), and the outputs decoded by {@link YuNetDecoder}. It finds the same faces as
 * {@link YuNetDetector} ({@code OnnxYuNetDetectorTest} compares the two on real photos). Images
 * of the same size can go through in one call ({@link #detectAll}), which {@link
 * BatchingDetector} uses across sources. One instance is safe to share between threads.
 */
public final class OnnxYuNetDetector implements FaceDetector {
    private static final int DIVISOR = 32;

    private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
    private final OrtSession session;
    private final String inputName;
    private final ProviderChoice provider;
    private final float threshold;

    private OnnxYuNetDetector(OrtSession session, ProviderChoice provider, float threshold) throws OrtException {
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.provider = provider;
        this.threshold = threshold;
    }

    /**
     * @param provider where ONNX Runtime runs it ({@code models.face_detection.provider}; CUDA where
     *     this ONNX Runtime cannot run it falls back to the CPU, saying why)
     * @param threads ONNX Runtime's intra-op threads (0: one per core)
     */
    public static OnnxYuNetDetector load(Path model, float scoreThreshold, InferenceProvider provider, int threads) {
        ModelFiles.requireReadable(model, "models.face_detection.model");
        OrtSession session = null;
        try {
            byte[] bytes = OnnxModelShapes.withFreeInputSize(Files.readAllBytes(model));
            OnnxSessions.Opened opened = OnnxSessions.open(
                    (env, options) -> env.createSession(bytes, options),
                    threads,
                    provider,
                    "models.face_detection.provider");
            session = opened.session();
            for (int stride : YuNetDecoder.STRIDES) {
                for (String kind : List.of("cls_", "obj_", "bbox_", "kps_")) {
                    if (!session.getOutputNames().contains(kind + stride)) {
                        throw new IllegalStateException("no output " + kind + stride);
                    }
                }
            }
            return new OnnxYuNetDetector(session, opened.provider(), scoreThreshold);
        } catch (IOException | OrtException | RuntimeException e) {
            close(session);
            throw new DetectorException(
                    "face detector " + model + " cannot be loaded by ONNX Runtime (" + e.getMessage()
                            + "); the file is corrupt or not the YuNet 2023mar ONNX model: run 'maskwatch models pull'",
                    e);
        }
    }

    @Override
    public String name() {
        return "yunet";
    }

    @Override
    public ProviderChoice provider() {
        return provider;
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        if (bgr.empty()) {
            return List.of();
        }
        return detectAll(List.of(bgr)).get(0);
    }

    /** The faces of each image, in one ONNX Runtime call; the images must all have the same size. */
    public List<List<Detection>> detectAll(List<Mat> images) {
        int width = images.get(0).cols();
        int height = images.get(0).rows();
        int padWidth = ((width - 1) / DIVISOR + 1) * DIVISOR;
        int padHeight = ((height - 1) / DIVISOR + 1) * DIVISOR;
        List<Mat> padded = new ArrayList<>(images.size());
        try (MatVector batch = new MatVector(images.size());
                Scalar black = new Scalar(0.0)) {
            for (int i = 0; i < images.size(); i++) {
                Mat image = images.get(i);
                if (image.cols() != width || image.rows() != height) {
                    throw new IllegalArgumentException("a batch needs images of one size, got " + image.cols() + "x"
                            + image.rows() + " after " + width + "x" + height);
                }
                if (padWidth != width || padHeight != height) {
                    Mat pad = new Mat();
                    padded.add(pad);
                    copyMakeBorder(image, pad, 0, padHeight - height, 0, padWidth - width, BORDER_CONSTANT, black);
                    image = pad;
                }
                batch.put(i, image);
            }
            List<YuNetDecoder.Level> levels = run(batch, images.size(), padWidth, padHeight);
            List<List<Detection>> faces = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                faces.add(YuNetDecoder.decode(levels, i, padWidth, padHeight, width, height, threshold));
            }
            return faces;
        } finally {
            padded.forEach(Mat::close);
        }
    }

    private List<YuNetDecoder.Level> run(MatVector batch, int count, int padWidth, int padHeight) {
        long[] shape = {count, 3, padHeight, padWidth};
        try (Mat blob = blobFromImages(batch);
                FloatPointer values = new FloatPointer(blob.data()).capacity(count * 3L * padHeight * padWidth);
                OnnxTensor input = OnnxTensor.createTensor(env, values.asBuffer(), shape);
                OrtSession.Result result = session.run(Map.of(inputName, input))) {
            List<YuNetDecoder.Level> levels = new ArrayList<>();
            for (int stride : YuNetDecoder.STRIDES) {
                levels.add(new YuNetDecoder.Level(
                        stride,
                        floats(result, "cls_" + stride),
                        floats(result, "obj_" + stride),
                        floats(result, "bbox_" + stride),
                        floats(result, "kps_" + stride)));
            }
            return levels;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on YuNet with a batch of " + count + " image(s)", e);
        }
    }

    private static float[] floats(OrtSession.Result result, String name) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() {
        close(session);
    }

    private static void close(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
