package io.maskwatch.classifier;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The production classifier: MaskWatch's exported ONNX model run by ONNX Runtime on the CPU (or on
 * CUDA, {@link #load(Path, int, InferenceProvider)}). The network ends in a softmax, so outputs
 * are class probabilities in {@link ModelManifest#labels()} order. One instance is safe to share
 * between threads (ONNX Runtime sessions are).
 */
public final class OnnxMaskClassifier implements MaskClassifier {
    public static final String MODEL_FILE = "model.onnx";

    private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
    private final OrtSession session;
    private final String inputName;
    private final ModelManifest manifest;
    private final ProviderChoice provider;

    private OnnxMaskClassifier(OrtSession session, ModelManifest manifest, ProviderChoice provider)
            throws OrtException {
        this.session = session;
        this.manifest = manifest;
        this.provider = provider;
        this.inputName = session.getInputNames().iterator().next();
    }

    /**
     * Loads {@code model.onnx} + {@code model.json} from a model directory.
     *
     * @param threads intra-op threads (0 = ONNX Runtime's default, one per core)
     */
    public static OnnxMaskClassifier load(Path modelDir, int threads) {
        return load(modelDir, threads, InferenceProvider.CPU);
    }

    /**
     * Loads the model to run on {@code provider} ({@code models.mask_classifier.provider}); CUDA
     * where this ONNX Runtime cannot run it falls back to the CPU, saying why ({@link OnnxSessions}).
     */
    public static OnnxMaskClassifier load(Path modelDir, int threads, InferenceProvider provider) {
        Path onnx = modelDir.resolve(MODEL_FILE);
        if (!Files.isRegularFile(onnx)) {
            throw new ModelException("mask classifier not found: " + onnx
                    + "; a mask classifier is a directory made by 'maskwatch train'"
                    + " (the shipped one is " + ModelLocator.SHIPPED_MODEL + ")");
        }
        ModelManifest manifest = ModelManifest.read(modelDir);
        try {
            OnnxSessions.Opened opened = OnnxSessions.open(
                    (env, options) -> env.createSession(onnx.toString(), options),
                    threads,
                    provider,
                    "models.mask_classifier.provider");
            OrtSession session = opened.session();
            try {
                ModelShape.check(session, manifest, onnx);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            return new OnnxMaskClassifier(session, manifest, opened.provider());
        } catch (OrtException e) {
            throw new ModelException(
                    "mask classifier " + onnx + " cannot be loaded by ONNX Runtime (" + e.getMessage()
                            + "); the file is corrupt or not an ONNX model: re-export it with 'maskwatch train'",
                    e);
        }
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    /** What the model runs on (the CPU when CUDA was asked for but cannot run here). */
    public ProviderChoice provider() {
        return provider;
    }

    @Override
    public float[] noMaskProbabilities(FloatBuffer nchw, int count) {
        float[][] probabilities = probabilities(nchw, count);
        float[] noMask = new float[count];
        for (int i = 0; i < count; i++) {
            noMask[i] = probabilities[i][manifest.noMaskIndex()];
        }
        return noMask;
    }

    /** Class probabilities of each face, in label order. */
    public float[][] probabilities(FloatBuffer nchw, int count) {
        if (count == 0) {
            return new float[0][];
        }
        int s = manifest.inputSize();
        FloatBuffer input = nchw.duplicate();
        input.rewind();
        input.limit(count * 3 * s * s);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {count, 3, s, s});
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + count + " faces", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
