package io.maskwatch.classifier;

import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * A process that does what every MaskWatch command using the classifier does, and nothing else:
 * points ONNX Runtime at MaskWatch's cache, loads the model named by its argument through the
 * product's one loading path and classifies one face. For tests that look at what such a process
 * leaves on the machine.
 */
public final class ClassifyOnce {
    private ClassifyOnce() {}

    public static void main(String[] args) {
        OnnxRuntimeNatives.useCache();
        try (OnnxMaskClassifier classifier = OnnxMaskClassifier.load(Path.of(args[0]), 1)) {
            int side = classifier.manifest().inputSize();
            float[] probability = classifier.noMaskProbabilities(FloatBuffer.allocate(3 * side * side), 1);
            System.out.println("no-mask probability of a grey face: " + probability[0]);
        }
    }
}
