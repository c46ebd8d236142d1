package io.maskwatch.app.classifier;

import io.maskwatch.classifier.ModelLocator;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.bench.ClassifierBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "classifier",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark the mask classifier through ONNX Runtime: latency per call and per face for a single face",
            "and for batches (detection sends all faces of a frame in one batch).",
            "Targets on a 2-core machine: single face <= 3 ms, batch of 16 <= 1 ms per face."
        })
public final class ClassifierBenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: the shipped model).")
    Path model;

    @Option(
            names = "--batch",
            split = ",",
            defaultValue = "1,16",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(
            names = "--runs",
            defaultValue = "500",
            description = "Measured calls per batch size (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--warmup",
            defaultValue = "100",
            description = "Warm-up calls per batch size (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "ONNX Runtime intra-op threads (default: 0 = one per core).")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path dir = model != null ? model : ModelLocator.defaultModelDir();
        try (OnnxMaskClassifier classifier = OnnxMaskClassifier.load(dir, threads)) {
            long bytes = Files.size(dir.resolve(OnnxMaskClassifier.MODEL_FILE));
            System.out.printf(
                    "model %s (%s, %d px input), model.onnx %.2f MB, %d cores%n",
                    classifier.manifest().id(),
                    classifier.manifest().architecture(),
                    classifier.manifest().inputSize(),
                    bytes / 1e6,
                    Runtime.getRuntime().availableProcessors());
            for (int batch : batches) {
                System.out.println(ClassifierBenchmark.run(classifier, batch, warmup, runs));
            }
        }
        return 0;
    }
}
