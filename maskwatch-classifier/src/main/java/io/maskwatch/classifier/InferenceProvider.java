package io.maskwatch.classifier;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where ONNX Runtime runs a model: its CPU provider, or CUDA on an NVIDIA GPU. */
public enum InferenceProvider {
    CPU,
    CUDA;

    /** The word the configuration uses: {@code cpu}, {@code cuda}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every valid configuration word, for errors. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(InferenceProvider::configName).toList();
    }

    /** From a configuration word already checked against {@link #configNames()}. */
    public static InferenceProvider of(String configName) {
        return valueOf(configName.trim().toUpperCase(Locale.ROOT));
    }
}
