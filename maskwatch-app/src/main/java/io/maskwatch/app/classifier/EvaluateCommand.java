package io.maskwatch.app.classifier;

import io.maskwatch.app.UserError;
import io.maskwatch.classifier.ModelLocator;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.data.DataSet;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.classifier.data.FaceDataSetReader;
import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.classifier.data.FaceImages;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.classifier.eval.Evaluation;
import io.maskwatch.vision.evaluate.EndToEndReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate a classifier on a labelled folder through ONNX Runtime, as",
            "production runs it. In class-folder pictures the face is first found with",
            "the face detector and cut as detect cuts it (--whole-pictures: not).",
            "Prints per-class precision / recall / F1 / support, accuracy, macro and",
            "weighted averages, the confusion matrix, the figures at the model's own",
            "threshold (detect's default) and the no_mask threshold that keeps precision",
            ">= --target-precision with the best recall.",
            "",
            "--end-to-end: run what detect runs on still images over VOC-annotated",
            "photos (images/ + annotations/): the still-image detector, detect's minimum",
            "face size, crop rule, classifier and threshold (--config, --detector,",
            "--model, --threshold and --image-scale as detect's keys) and its evidence",
            "checks, match detections to annotated faces greedily by IoU >= 0.4, and",
            "report face recall, mask status accuracy, no-mask recall and precision, and",
            "the same for alerts (labels whose crop passes the evidence checks: what",
            "detect sends), for faces >= --min-face and for all faces; a threshold sweep",
            "with the thresholds that give the best recall at --target-precision (0.90",
            "here; --write-threshold writes one into model.json); and (--sheet, else",
            "next to --json) a PNG of the worst false alarms and misses. --incorrect-mask",
            "applies to accuracy and recall; a no-mask label on a mask_weared_incorrect",
            "face counts neither way for precision, one on no annotated face as a false",
            "alarm.",
            "",
            "Example: maskwatch evaluate --data ../shared/data/mask-faces/val",
            "  maskwatch evaluate --data ../shared/data/mask-scenes --held-out --min-face 24",
            "  maskwatch evaluate --end-to-end --data ../shared/data/mask-scenes",
            "      --held-out --min-face 24 --json runs/e2e.json"
        })
public final class EvaluateCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Labelled folder: class folders or images/ + annotations/.")
    Path data;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Model directory (default: the shipped model, models/mask-classifier).")
    Path model;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    Path json;

    @Option(
            names = "--pr-curve",
            paramLabel = "FILE",
            description = "Write the no_mask precision-recall curve as PNG (default: next to --json, else none).")
    Path prCurve;

    @Option(
            names = "--mistakes",
            paramLabel = "FILE",
            description = "Write the misclassified faces as CSV (image, box, actual label, no_mask probability).")
    Path mistakes;

    @Option(
            names = "--threshold",
            description = "no_mask probability from which a face counts as unmasked (default: 0.5, i.e. the more"
                    + " probable class; --end-to-end: detect's, models.mask_classifier.threshold, else the model's).")
    Double threshold;

    @Option(
            names = "--target-precision",
            description = "no_mask precision the recommended threshold must keep (default: 0.95; --end-to-end: 0.90,"
                    + " the issue's scene target).")
    Double targetPrecision;

    @Option(
            names = "--end-to-end",
            description = "Run detect's still-image path on VOC-annotated photos and match what it finds to the"
                    + " annotations (see above).")
    boolean endToEnd;

    @Option(
            names = "--sheet",
            paramLabel = "FILE",
            description = "--end-to-end: write the worst false alarms and misses as a PNG contact sheet (default:"
                    + " next to --json as NAME-sheet.png, else none).")
    Path sheet;

    @Option(
            names = "--write-threshold",
            description = "--end-to-end --held-out: write the recommended threshold (the best recall at"
                    + " --target-precision, faces >= --min-face) into the model's model.json, with the precision"
                    + " and recall it gives, as detect's default.")
    boolean writeThreshold;

    @Option(
            names = "--threshold-for",
            defaultValue = "ALERTS",
            description = "--write-threshold: choose on ALERTS (the no-mask labels detect sends: their crop passes"
                    + " the evidence checks; what an operator receives) or on LABELS (every no-mask label)"
                    + " (default: ${DEFAULT-VALUE}).")
    EndToEndReport.Basis thresholdFor;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "--end-to-end: edge configuration YAML whose detector, thresholds and detection keys are"
                    + " used, as detect uses them (default: built-in defaults).")
    Path config;

    @Option(
            names = "--min-face",
            defaultValue = "0",
            description = "Only faces at least this many pixels wide (annotated data; default: all).")
    int minFace;

    @Option(
            names = "--held-out",
            description =
                    "Only the photos the model held out for validation from this folder (same split as training).")
    boolean heldOut;

    @Option(
            names = "--incorrect-mask",
            defaultValue = "NO_MASK",
            description = "What mask_weared_incorrect counts as: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    IncorrectMask incorrectMask;

    @Mixin
    FaceFinderOptions faceFinding;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (endToEnd) {
            return new EndToEndEvaluate(this).call();
        }
        if (sheet != null || config != null || writeThreshold) {
            throw new UserError("--sheet, --config and --write-threshold belong to --end-to-end; add --end-to-end or"
                    + " leave them out");
        }
        double targetPrecision = this.targetPrecision != null ? this.targetPrecision : 0.95;
        Path modelDir = model != null ? model : ModelLocator.defaultModelDir();
        try (OnnxMaskClassifier classifier = OnnxMaskClassifier.load(modelDir, 0)) {
            ModelManifest manifest = classifier.manifest();
            DataSet dataSet = new FaceDataSetReader(incorrectMask).read(data);
            List<LabelledFace> faces = dataSet.faces();
            if (heldOut) {
                faces = heldOut(() -> DataSplit.heldOutBy(manifest, dataSet));
            }
            faces = faces.stream()
                    .filter(f -> f.faceWidth() == 0 || f.faceWidth() >= minFace)
                    .toList();
            if (faces.isEmpty()) {
                throw new UserError("no faces left to evaluate in " + data + " (after --held-out / --min-face)");
            }
            FaceImages.Result loaded;
            String search;
            try (FaceFinder finder = faceFinding.open(manifest.classFolderImageScale())) {
                loaded = FaceImages.load(faces, manifest.cropMargin(), FaceImages.FULL_SIZE, finder);
                search = loaded.describeSearch(finder);
            }
            double t = threshold != null ? threshold : 0.5;
            Evaluation evaluation = Evaluation.run(classifier, loaded.faces(), t, targetPrecision);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("model", manifest.id());
            context.put("data", data.toString());
            context.put("held_out", heldOut);
            context.put("min_face", minFace);
            context.put("faces", loaded.faces().size());
            context.put("skipped_unreadable", loaded.skipped().size());
            context.put("class_folder_pictures", search);
            System.out.println("model " + manifest.id() + " on " + data + (heldOut ? " (held-out photos)" : "")
                    + (minFace > 0 ? ", faces >= " + minFace + " px" : "") + ": "
                    + loaded.faces().size() + " faces"
                    + (loaded.skipped().isEmpty() ? "" : ", " + loaded.skipped().size() + " unreadable skipped"));
            if (loaded.searched() > 0) {
                System.out.println(search);
            }
            System.out.println();
            System.out.print(evaluation.toText());
            if (threshold == null) {
                // By default detect decides at the model's own threshold, not at 0.5: show what that gives too.
                Evaluation deployed = evaluation.atThreshold(manifest.recommendedThreshold(), loaded.faces());
                System.out.println(atModelThreshold(deployed));
                context.put("at_model_threshold", deployed.toMap());
            }
            if (json != null) {
                if (json.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(json.toAbsolutePath().getParent());
                }
                evaluation.writeJson(json, context);
            }
            Path png = prCurve != null
                    ? prCurve
                    : json != null ? Path.of(json.toString().replaceAll("\\.json$", "") + "-pr.png") : null;
            if (png != null) {
                evaluation.curve().writePng(png, "no_mask precision-recall");
            }
            if (mistakes != null) {
                evaluation.writeMistakes(mistakes, loaded.faces());
                System.out.println("misclassified faces: " + mistakes);
            }
        }
        return 0;
    }

    private static String atModelThreshold(Evaluation e) {
        var noMask = e.report().scores(Label.WITHOUT_MASK);
        return String.format(
                Locale.ROOT,
                "at the model's threshold %.4f (detect's default): accuracy %.4f, no_mask precision %.4f, recall %.4f",
                e.threshold(),
                e.report().accuracy(),
                noMask.precision(),
                noMask.recall());
    }

    /**
     * The held-out part of a data set; when the model holds none out, the library's reason with
     * the flags that lead there (the library knows no flags).
     */
    static <T> T heldOut(java.util.function.Supplier<T> faces) {
        try {
            return faces.get();
        } catch (io.maskwatch.core.InputException e) {
            throw new io.maskwatch.app.UserError(
                    "--held-out: " + e.getMessage() + " (a model trained with --train-whole holds none of that folder"
                            + " out, and one validated on --val folders records no split: train with --val-fraction)",
                    e);
        }
    }
}
