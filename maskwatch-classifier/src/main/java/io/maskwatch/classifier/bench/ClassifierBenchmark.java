package io.maskwatch.classifier.bench;

import io.maskwatch.classifier.MaskClassifier;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Times the classifier the way detection calls it: one batch per frame, for a single face and for
 * a batch of faces. Warm-up runs first (ONNX Runtime plans and allocates on the first calls); the
 * figures are per call and per face over the measured runs.
 */
public final class ClassifierBenchmark {

    /** Latency of one batch size: per call (mean, p50, p95) and per face (mean). */
    public record Result(int batch, int runs, double meanMs, double p50Ms, double p95Ms) {
        public double perFaceMs() {
            return meanMs / batch;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "batch %3d: %8.3f ms/call (p50 %.3f, p95 %.3f), %7.3f ms/face, %8.0f faces/s",
                    batch,
                    meanMs,
                    p50Ms,
                    p95Ms,
                    perFaceMs(),
                    1000.0 / perFaceMs());
        }
    }

    private ClassifierBenchmark() {}

    public static Result run(MaskClassifier classifier, int batch, int warmup, int runs) {
        int s = classifier.manifest().inputSize();
        FloatBuffer input = FloatBuffer.allocate(batch * 3 * s * s);
        Random random = new Random(1);
        for (int i = 0; i < input.capacity(); i++) {
            input.put(i, (float) random.nextGaussian());
        }
        float sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += classifier.noMaskProbabilities(input, batch)[0];
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            sink += classifier.noMaskProbabilities(input, batch)[0];
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("classifier returned NaN");
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Result(
                batch, runs, Arrays.stream(ms).average().orElse(0), percentile(sorted, 0.5), percentile(sorted, 0.95));
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
