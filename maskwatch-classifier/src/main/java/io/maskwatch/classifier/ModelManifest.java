package io.maskwatch.classifier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: everything needed to use a trained classifier the way it was trained: input
 * size, normalisation, label order, the margin face crops are cut with, and the recommended
 * no-mask threshold. Written by training, read by every consumer of the model.
 *
 * @param id unique model id (also the ONNX file's producer version)
 * @param architecture e.g. {@code mobilenetv2-w0.5}
 * @param inputSize side of the square RGB input in pixels
 * @param mean per-channel mean subtracted from pixel/255 (RGB order)
 * @param std per-channel standard deviation dividing (pixel/255 - mean)
 * @param labels output order of the network, e.g. [with_mask, without_mask]
 * @param noMaskIndex index in {@code labels} of the no-mask class
 * @param cropMargin fraction of the face box's longer side added on each side when cutting the
 *     square crop from a detected box
 * @param recommendedThreshold no-mask probability from which a face counts as unmasked
 * @param minFaceSize faces narrower than this (pixels) are too small to judge
 * @param createdAt ISO-8601 time of export
 * @param training data and recipe summary (free-form)
 * @param metrics evaluation figures (free-form)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        String id,
        String architecture,
        int inputSize,
        float[] mean,
        float[] std,
        List<String> labels,
        int noMaskIndex,
        double cropMargin,
        double recommendedThreshold,
        int minFaceSize,
        String createdAt,
        Map<String, Object> training,
        Map<String, Object> metrics) {

    public static final String FILE_NAME = "model.json";
    /** Key of {@link #classFolderImageScale()} in training.class_folder_pictures. */
    public static final String CLASS_FOLDER_IMAGE_SCALE = "image_scale";
    /** Key in {@link #metrics()} saying how {@link #recommendedThreshold()} was chosen. */
    public static final String THRESHOLD_CHOICE = "threshold_choice";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String noMaskLabel() {
        return labels.get(noMaskIndex);
    }

    /**
     * How much class-folder pictures were enlarged before the face search in training
     * ({@code train --image-scale}); 1 for models that record none, all trained before it could be set.
     */
    public double classFolderImageScale() {
        if (training != null
                && training.get("class_folder_pictures") instanceof Map<?, ?> pictures
                && pictures.get(CLASS_FOLDER_IMAGE_SCALE) instanceof Number scale) {
            return scale.doubleValue();
        }
        return 1.0;
    }

    public ModelManifest withMetrics(Map<String, Object> newMetrics, double threshold) {
        return new ModelManifest(
                id,
                architecture,
                inputSize,
                mean,
                std,
                labels,
                noMaskIndex,
                cropMargin,
                threshold,
                minFaceSize,
                createdAt,
                training,
                newMetrics);
    }

    /**
     * This model with another recommended threshold, and {@code choice} (how it was chosen and what
     * it gives) recorded under {@code metrics.threshold_choice}.
     */
    public ModelManifest withRecommendedThreshold(double threshold, Map<String, Object> choice) {
        Map<String, Object> newMetrics = new java.util.LinkedHashMap<>(metrics == null ? Map.of() : metrics);
        newMetrics.put(THRESHOLD_CHOICE, choice);
        return withMetrics(newMetrics, threshold);
    }

    public static ModelManifest read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model manifest not found: " + file
                    + "; a model is a directory made by 'maskwatch train' (model.onnx + model.json + labels.txt)");
        }
        try {
            ModelManifest manifest = JSON.readValue(file.toFile(), ModelManifest.class);
            manifest.validate(file);
            return manifest;
        } catch (IOException e) {
            throw new ModelException(
                    "model manifest " + file + " is not valid JSON (" + e.getMessage()
                            + "); re-export the model with 'maskwatch train'",
                    e);
        }
    }

    public void write(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        JSON.writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
    }

    private void validate(Path file) {
        if (inputSize < 8 || mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new ModelException(file + ": inputSize, mean[3] and std[3] are required; re-export the model");
        }
        if (labels == null || labels.size() != 2 || noMaskIndex < 0 || noMaskIndex > 1) {
            throw new ModelException(file + ": labels must list two classes and noMaskIndex must be 0 or 1");
        }
    }
}
