package io.maskwatch.classifier;

import java.util.Locale;

/**
 * What a model runs on: the runtime ({@code onnxruntime}, {@code opencv}), the provider asked for
 * and the one in use, the device, and why the two providers differ when they do.
 *
 * @param reason why {@code used} is not {@code asked} ({@code null} when they are the same)
 */
public record ProviderChoice(
        String runtime, InferenceProvider asked, InferenceProvider used, String device, String reason) {

    /** OpenCV's own inference (its DNN module, or a cascade): the CPU. */
    public static ProviderChoice openCv() {
        return new ProviderChoice("opencv", InferenceProvider.CPU, InferenceProvider.CPU, "CPU", null);
    }

    public boolean fellBack() {
        return asked != used;
    }

    /** E.g. {@code onnxruntime cpu (CPU AMD)}, with the reason after a fallback. */
    public String describe() {
        String line = String.format(Locale.ROOT, "%s %s (%s)", runtime, used.configName(), device);
        return fellBack() ? line + "; " + asked.configName() + " asked for: " + reason : line;
    }
}
