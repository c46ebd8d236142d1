package io.maskwatch.vision.config;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.core.config.ConfigSection;

/**
 * {@code models.mask_classifier}: the seed's keys plus {@code threads} and {@code provider}.
 *
 * @param model the model directory ({@code model.onnx} + {@code model.json}) or its {@code
 *     model.onnx}; {@code null}: the shipped model
 * @param guid id of the classifier in events; default: the model's id from {@code model.json}
 * @param labels the labels file of the seed; checked against the model's labels when given
 * @param threshold no-mask probability from which a face counts as unmasked; {@code null}: the
 *     model's recommended threshold
 * @param threads ONNX Runtime threads (0: one per core)
 * @param provider where ONNX Runtime runs the model: {@code cpu} or {@code cuda} (the CPU, with one
 *     line saying why, where this ONNX Runtime cannot run CUDA)
 */
public record MaskClassifierConfig(
        String model, String guid, String labels, Double threshold, int threads, InferenceProvider provider) {

    public static MaskClassifierConfig read(ConfigSection s) {
        MaskClassifierConfig c = new MaskClassifierConfig(
                s.string("model", null),
                s.string("guid", null),
                s.string("labels", null),
                s.optionalDecimal("threshold", 0, 1),
                s.integer("threads", 1, 0, 256),
                InferenceProvider.of(s.choice("provider", "cpu", InferenceProvider.configNames())));
        s.rejectUnknownKeys();
        return c;
    }
}
