package io.maskwatch.vision.config;

import io.maskwatch.core.config.ConfigSection;

/**
 * {@code models.face_detection}: the seed's keys ({@code model}, {@code guid}, {@code threshold})
 * plus {@code config} for detectors made of two files.
 *
 * @param model {@code yunet}, {@code ssd} or {@code haar} (the file is looked up), or a model file:
 *     {@code .onnx} (YuNet), {@code .pb} / {@code .caffemodel} (SSD), {@code .xml} (a cascade)
 * @param config the SSD graph ({@code .pbtxt} / {@code .prototxt}); default: next to the model
 * @param guid id of the detector model in events; default: derived from the model's name
 * @param threshold detector score from which a box counts as a face
 */
public record FaceDetectionConfig(String model, String config, String guid, double threshold) {
    public static final double DEFAULT_THRESHOLD = 0.6;

    public static FaceDetectionConfig read(ConfigSection s) {
        FaceDetectionConfig c = new FaceDetectionConfig(
                s.string("model", "yunet"),
                s.string("config", null),
                s.string("guid", null),
                s.decimal("threshold", DEFAULT_THRESHOLD, 0, 1));
        s.rejectUnknownKeys();
        return c;
    }
}
