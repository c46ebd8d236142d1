package io.maskwatch.train;

import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.data.FaceImages;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.eval.Evaluation;
import io.maskwatch.train.export.OnnxExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a trained model directory: {@code model.onnx}, {@code labels.txt}, {@code model.json},
 * {@code training.png}, and the evaluation of the exported file on the validation faces
 * ({@code validation.txt/.json}, {@code validation-pr.png}), whose no-mask threshold at the
 * target precision becomes the model's recommended threshold.
 */
public final class ModelWriter {
    public static final double TARGET_PRECISION = 0.95;

    private ModelWriter() {}

    public static ModelManifest write(ClassifierTrainer.Result result, TrainingOptions options) throws IOException {
        Path dir = options.output();
        Files.createDirectories(dir);
        String id = "maskwatch-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        List<String> labels = Arrays.stream(Label.values()).map(Label::id).toList();
        Map<String, Object> training = new LinkedHashMap<>(result.data().summary());
        training.put("recipe", recipe(options, result));
        ModelManifest manifest = new ModelManifest(
                id,
                result.net().architecture(),
                options.inputSize(),
                ClassifierTrainer.MEAN,
                ClassifierTrainer.STD,
                labels,
                Label.WITHOUT_MASK.ordinal(),
                options.cropMargin(),
                0.5,
                options.minFaceSize(),
                Instant.now().toString(),
                training,
                Map.of());
        OnnxExporter.export(
                result.net(), options.inputSize(), onnxMetadata(manifest), dir.resolve(OnnxMaskClassifier.MODEL_FILE));
        Files.write(dir.resolve("labels.txt"), labels);
        result.history().writePng(dir.resolve("training.png"));
        // Written now because loading the model for its evaluation reads it; written again
        // below with the metrics and the recommended threshold.
        manifest.write(dir);

        // Evaluate the exported file, through ONNX Runtime as production runs it.
        List<FaceImages.Loaded> validation = result.data().validationFaces();
        Evaluation evaluation;
        try (OnnxMaskClassifier classifier = OnnxMaskClassifier.load(dir, 0)) {
            evaluation = Evaluation.run(classifier, validation, 0.5, TARGET_PRECISION);
        }
        evaluation.writeFiles(dir, "validation", Map.of("model", id, "data", "validation split"));
        double threshold =
                evaluation.recommended() != null ? evaluation.recommended().threshold() : 0.5;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation", evaluation.toMap());
        metrics.put("best_epoch", result.bestEpoch());
        if (result.averagedFrom() > 0) {
            metrics.put("averaged_epochs", result.averagedFrom() + "-" + result.averagedTo());
        }
        metrics.put("history", result.history().epochs());
        ModelManifest done = manifest.withMetrics(metrics, threshold);
        done.write(dir);
        return done;
    }

    private static Map<String, Object> recipe(TrainingOptions o, ClassifierTrainer.Result result) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("architecture", result.net().architecture());
        recipe.put("input_size", o.inputSize());
        recipe.put("epochs", o.epochs());
        recipe.put("epochs_run", result.history().epochs().size());
        recipe.put("batch_size", o.batchSize());
        recipe.put("optimizer", "adam, cosine decay to lr/100");
        recipe.put("learning_rate", o.learningRate());
        recipe.put("weight_decay", o.weightDecay());
        recipe.put("dropout", o.dropout());
        recipe.put("patience", o.patience());
        recipe.put("synthetic_masks", o.syntheticMasks());
        recipe.put("real_mask_fabric", o.realMaskFabric());
        if (o.respirators() > 0) {
            recipe.put("respirators", o.respirators());
        }
        recipe.put("incorrect_mask_repeats", o.incorrectMaskRepeats());
        recipe.put("average_from", o.averageFrom());
        recipe.put("label_smoothing", o.labelSmoothing());
        if (!o.teachers().isEmpty()) {
            recipe.put(
                    "teachers",
                    o.teachers().stream().map(t -> ModelManifest.read(t).id()).toList());
            recipe.put("teacher_weight", o.teacherWeight());
        }
        recipe.put(
                "augmentation",
                o.augmentation().name().toLowerCase(Locale.ROOT) + ": "
                        + o.augmentation().settings().describe());
        recipe.put("class_balance", "minority class oversampled per epoch");
        recipe.put("seed", o.seed());
        recipe.put("init", o.init() == null ? "scratch" : o.init().toString());
        if (o.init() != null) {
            // The id names the parent; the fingerprint says whether a re-run started from the same weights.
            recipe.put("init_id", ModelManifest.read(o.init()).id());
            recipe.put("init_weights", InitialWeights.fingerprint(o.init()));
        }
        return recipe;
    }

    private static Map<String, String> onnxMetadata(ModelManifest m) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model_id", m.id());
        meta.put("architecture", m.architecture());
        meta.put("labels", String.join(",", m.labels()));
        meta.put(
                "preprocessing",
                "RGB, resize to " + m.inputSize() + "x" + m.inputSize()
                        + " (bilinear), x = (pixel / 255 - mean) / std, NCHW float32");
        meta.put("mean", Arrays.toString(m.mean()));
        meta.put("std", Arrays.toString(m.std()));
        meta.put("crop", "square around the face box, longer side + " + m.cropMargin() + " of it on each side");
        meta.put("output", "softmax probabilities in label order");
        return meta;
    }
}
