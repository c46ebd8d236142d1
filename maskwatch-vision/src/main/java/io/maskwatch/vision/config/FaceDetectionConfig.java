package io.maskwatch.vision.config;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.core.config.ConfigSection;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code models.face_detection}: the seed's keys ({@code model}, {@code guid}, {@code threshold})
 * plus {@code config} for detectors made of two files, and how YuNet is run.
 *
 * @param model {@code yunet}, {@code ssd} or {@code haar} (the file is looked up), or a model file:
 *     {@code .onnx} (YuNet), {@code .pb} / {@code .caffemodel} (SSD), {@code .xml} (a cascade)
 * @param config the SSD graph ({@code .pbtxt} / {@code .prototxt}); default: next to the model
 * @param guid id of the detector model in events; default: derived from the model's name
 * @param threshold detector score from which a box counts as a face
 * @param runtime what runs YuNet: OpenCV's {@code FaceDetectorYN} or ONNX Runtime (the SSD and the
 *     cascade always run in OpenCV)
 * @param provider where ONNX Runtime runs YuNet ({@code cuda} needs runtime {@code onnxruntime})
 */
public record FaceDetectionConfig(
        String model, String config, String guid, double threshold, Runtime runtime, InferenceProvider provider) {
    public static final double DEFAULT_THRESHOLD = 0.6;

    /** The faster of the two on the development machine's CPU (docs/detection.md, "Speed"). */
    public static final Runtime DEFAULT_RUNTIME = Runtime.ONNXRUNTIME;

    /** The inference runtimes YuNet can run in. */
    public enum Runtime {
        OPENCV,
        ONNXRUNTIME;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static List<String> configNames() {
            return Arrays.stream(values()).map(Runtime::configName).toList();
        }
    }

    /** A detector run the default way (tests, tools). */
    public FaceDetectionConfig(String model, String config, String guid, double threshold) {
        this(model, config, guid, threshold, DEFAULT_RUNTIME, InferenceProvider.CPU);
    }

    public static FaceDetectionConfig read(ConfigSection s) {
        Runtime runtime = Runtime.valueOf(s.choice("runtime", DEFAULT_RUNTIME.configName(), Runtime.configNames())
                .toUpperCase(Locale.ROOT));
        InferenceProvider provider = InferenceProvider.of(s.choice("provider", "cpu", InferenceProvider.configNames()));
        if (provider == InferenceProvider.CUDA && runtime == Runtime.OPENCV) {
            throw s.error(
                    "provider",
                    "cuda needs models.face_detection.runtime: onnxruntime (OpenCV's runtime in MaskWatch runs on"
                            + " the CPU only); set the runtime or provider: cpu");
        }
        FaceDetectionConfig c = new FaceDetectionConfig(
                s.string("model", "yunet"),
                s.string("config", null),
                s.string("guid", null),
                s.decimal("threshold", DEFAULT_THRESHOLD, 0, 1),
                runtime,
                provider);
        s.rejectUnknownKeys();
        return c;
    }
}
