package io.maskwatch.classifier.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maskwatch.classifier.FaceTensors;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.data.FaceImages;
import io.maskwatch.classifier.data.Label;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a classifier over labelled faces, through the same ONNX Runtime path production uses, and
 * reports what it got right: classification report, confusion matrix, no-mask precision-recall
 * curve and the threshold that keeps no-mask precision at or above a target with the best recall.
 */
public record Evaluation(
        ConfusionMatrix matrix,
        ClassificationReport report,
        PrecisionRecallCurve curve,
        double threshold,
        double targetPrecision,
        PrecisionRecallCurve.Point recommended,
        float[] noMaskScores) {

    private static final int BATCH = 64;

    public static Evaluation run(
            MaskClassifier classifier, List<FaceImages.Loaded> faces, double threshold, double targetPrecision) {
        float[] scores = new float[faces.size()];
        for (int start = 0; start < faces.size(); start += BATCH) {
            List<FaceImages.Loaded> part = faces.subList(start, Math.min(faces.size(), start + BATCH));
            float[] probabilities = classifier.noMaskProbabilities(tensors(part, classifier.manifest()), part.size());
            System.arraycopy(probabilities, 0, scores, start, part.size());
        }
        return of(scores, faces, threshold, targetPrecision);
    }

    /** The classifier's input for these faces, made by {@link FaceTensors} as {@code detect} makes it. */
    public static FloatBuffer tensors(List<FaceImages.Loaded> faces, ModelManifest manifest) {
        int s = manifest.inputSize();
        FloatBuffer batch = FloatBuffer.allocate(faces.size() * 3 * s * s);
        for (FaceImages.Loaded face : faces) {
            FaceTensors.put(face.pixels(), manifest, batch);
        }
        return batch.flip();
    }

    /** The same classifications judged at another threshold (no inference). */
    public Evaluation atThreshold(double otherThreshold, List<FaceImages.Loaded> faces) {
        return of(noMaskScores, faces, otherThreshold, targetPrecision);
    }

    private static Evaluation of(
            float[] scores, List<FaceImages.Loaded> faces, double threshold, double targetPrecision) {
        boolean[] positive = new boolean[faces.size()];
        ConfusionMatrix matrix = new ConfusionMatrix();
        for (int i = 0; i < faces.size(); i++) {
            Label actual = faces.get(i).face().label();
            positive[i] = actual == Label.WITHOUT_MASK;
            matrix.add(actual, scores[i] >= threshold ? Label.WITHOUT_MASK : Label.WITH_MASK);
        }
        PrecisionRecallCurve curve = PrecisionRecallCurve.of(scores, positive);
        return new Evaluation(
                matrix,
                ClassificationReport.of(matrix),
                curve,
                threshold,
                targetPrecision,
                curve.bestRecallAtPrecision(targetPrecision).orElse(null),
                scores);
    }

    /**
     * Writes the faces the classifier got wrong at the threshold as CSV (image, box, actual label,
     * no-mask probability), worst first, for error analysis.
     */
    public void writeMistakes(Path file, List<FaceImages.Loaded> faces) throws IOException {
        StringBuilder csv = new StringBuilder("image,x1,y1,x2,y2,actual,no_mask_probability\n");
        java.util.stream.IntStream.range(0, faces.size())
                .filter(i ->
                        (noMaskScores[i] >= threshold) != (faces.get(i).face().label() == Label.WITHOUT_MASK))
                .boxed()
                .sorted(java.util.Comparator.comparingDouble(i -> -Math.abs(noMaskScores[i] - threshold)))
                .forEach(i -> {
                    var face = faces.get(i).face();
                    var box = face.box();
                    csv.append(String.format(
                            Locale.ROOT,
                            "%s,%s,%s,%s,%s,%s,%.4f%n",
                            face.image(),
                            box == null ? "" : box.x1(),
                            box == null ? "" : box.y1(),
                            box == null ? "" : box.x2(),
                            box == null ? "" : box.y2(),
                            face.label().id(),
                            noMaskScores[i]));
                });
        Files.writeString(file, csv);
    }

    public String toText() {
        StringBuilder out = new StringBuilder(report.toText());
        out.append(String.format(
                Locale.ROOT, "%nconfusion matrix (rows: actual, columns: predicted at threshold %.3f)%n", threshold));
        out.append(String.format(Locale.ROOT, "%-14s %12s %12s%n", "", "with_mask", "without_mask"));
        for (Label actual : Label.values()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-14s %12d %12d%n",
                    actual.id(),
                    matrix.count(actual, Label.WITH_MASK),
                    matrix.count(actual, Label.WITHOUT_MASK)));
        }
        out.append(String.format(Locale.ROOT, "%nno_mask average precision: %.4f%n", curve.averagePrecision()));
        if (recommended != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "threshold for no_mask precision >= %.2f: %.4f (precision %.4f, recall %.4f)%n",
                    targetPrecision,
                    recommended.threshold(),
                    recommended.precision(),
                    recommended.recall()));
        } else {
            out.append(String.format(Locale.ROOT, "no threshold reaches no_mask precision %.2f%n", targetPrecision));
        }
        return out.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("threshold", threshold);
        map.put("report", report.toMap());
        Map<String, Object> confusion = new LinkedHashMap<>();
        for (Label actual : Label.values()) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (Label predicted : Label.values()) {
                row.put(predicted.id(), matrix.count(actual, predicted));
            }
            confusion.put(actual.id(), row);
        }
        map.put("confusion_matrix", confusion);
        map.put("no_mask_average_precision", curve.averagePrecision());
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("target_precision", targetPrecision);
        if (recommended != null) {
            rec.put("threshold", recommended.threshold());
            rec.put("precision", recommended.precision());
            rec.put("recall", recommended.recall());
        }
        map.put("recommended_threshold", rec);
        return map;
    }

    /** Writes {@code <name>.txt}, {@code <name>.json} and {@code <name>-pr.png} into {@code dir}. */
    public void writeFiles(Path dir, String name, Map<String, Object> context) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".txt"), toText());
        writeJson(dir.resolve(name + ".json"), context);
        curve.writePng(dir.resolve(name + "-pr.png"), "no_mask precision-recall: " + name);
    }

    public void writeJson(Path file, Map<String, Object> context) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(context);
        json.putAll(toMap());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
