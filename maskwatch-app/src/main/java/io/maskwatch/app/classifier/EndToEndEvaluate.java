package io.maskwatch.app.classifier;

import io.maskwatch.app.UserError;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.data.DataSet;
import io.maskwatch.classifier.data.FaceDataSetReader;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.edge.runtime.DetectionSession;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.evaluate.AnnotatedPhoto;
import io.maskwatch.vision.evaluate.BoxMatcher;
import io.maskwatch.vision.evaluate.EndToEndEvaluation;
import io.maskwatch.vision.evaluate.EndToEndReport;
import io.maskwatch.vision.evaluate.MatchedFace;
import io.maskwatch.vision.evaluate.MistakeSheet;
import io.maskwatch.vision.event.EvidenceCheck;
import io.maskwatch.vision.event.SecondLook;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate --end-to-end}: the production still-image path over VOC-annotated photos. The
 * detector, classifier, threshold and minimum face size come from a {@link DetectionSession}, the
 * object detect builds them with, from the same configuration keys; the options map onto those keys
 * as detect's do.
 */
final class EndToEndEvaluate implements Callable<Integer> {
    /** The recommended threshold's default target: the no-mask precision target on scenes. */
    static final double DEFAULT_TARGET_PRECISION = 0.90;
    /** Tiles of each kind (false alarms, misses) on the sheet. */
    static final int SHEET_CAP = 24;
    /** A progress line to stderr every this many photos. */
    private static final int PROGRESS_EVERY = 25;

    private final EvaluateCommand options;

    EndToEndEvaluate(EvaluateCommand options) {
        this.options = options;
    }

    @Override
    public Integer call() throws Exception {
        refuseClassifierOnlyOptions();
        if (options.writeThreshold && !options.heldOut) {
            throw new UserError("--write-threshold chooses the model's threshold on photos it did not learn from:"
                    + " add --held-out (and --data, a folder the model was trained on with a validation split)");
        }
        // Worn-incorrectly faces are always read (as no mask): a detection on one must not count as
        // one on no face. --incorrect-mask is applied when counting, by the report.
        DataSet dataSet = new FaceDataSetReader(IncorrectMask.NO_MASK).read(options.data);
        if (dataSet.layout() != DataSet.Layout.VOC) {
            throw new UserError("--end-to-end needs photos with annotated faces (images/ + annotations/, PASCAL"
                    + " VOC), but " + options.data + " holds class folders of face pictures, which have no"
                    + " scene for the detector to search; give a VOC folder (e.g. ../shared/data/mask-scenes),"
                    + " or evaluate these pictures without --end-to-end");
        }
        EdgeConfig config = EdgeConfigLoader.load(options.config, overrides());
        try (DetectionSession session = new DetectionSession(config)) {
            ModelManifest manifest = session.classifierManifest();
            List<AnnotatedPhoto> photos = options.heldOut
                    ? EvaluateCommand.heldOut(() -> AnnotatedPhoto.heldOutBy(manifest, dataSet))
                    : AnnotatedPhoto.of(dataSet.faces());
            if (photos.isEmpty()) {
                throw new UserError("no annotated photos left to evaluate in " + options.data + " (after --held-out)");
            }
            System.out.println(describe(session, photos));
            EndToEndEvaluation.Result result;
            try (FaceDetector still = session.openStillDetector();
                    CropClassifier crops = session.openCropClassifier();
                    SecondLook secondLook = session.openSecondLook()) {
                EndToEndEvaluation evaluation = new EndToEndEvaluation(
                        still,
                        crops,
                        session.minFaceSize(),
                        new BoxMatcher(BoxMatcher.DEFAULT_MIN_IOU),
                        new EvidenceCheck(session.config().tracking(), secondLook));
                long start = System.nanoTime();
                result = evaluation.run(photos, (done, total) -> {
                    if (done % PROGRESS_EVERY == 0 || done == total) {
                        System.err.printf(
                                Locale.ROOT,
                                "  %d / %d photos, %.0f s%n",
                                done,
                                total,
                                (System.nanoTime() - start) / 1e9);
                    }
                });
            }
            double target = options.targetPrecision != null ? options.targetPrecision : DEFAULT_TARGET_PRECISION;
            EndToEndReport report = new EndToEndReport(
                    result.faces(), session.threshold(), options.minFace, options.incorrectMask, target);
            System.out.println();
            System.out.print(report.toText());
            System.out.printf(
                    Locale.ROOT,
                    "%n%d photos in %.1f s (%.0f ms a photo)%s%n",
                    result.photos(),
                    result.seconds(),
                    1000 * result.seconds() / Math.max(1, result.photos()),
                    result.unreadable().isEmpty()
                            ? ""
                            : ", " + result.unreadable().size() + " unreadable skipped");
            if (options.json != null) {
                report.writeJson(options.json, context(session, result));
                System.out.println("report: " + options.json);
            }
            if (options.writeThreshold) {
                writeThreshold(session, report, target);
            }
            Path png = sheetPath();
            if (png != null) {
                new MistakeSheet(report, manifest.cropMargin(), SHEET_CAP).write(png);
                System.out.println("false alarms and misses: " + png);
            }
        }
        return 0;
    }

    /** Writes the recommended threshold into the model's model.json (detect's default from then on). */
    private void writeThreshold(DetectionSession session, EndToEndReport report, double target) throws Exception {
        EndToEndReport.SweepPoint chosen = report.recommended(options.thresholdFor)
                .orElseThrow(() -> new UserError("no threshold reaches " + basisName() + " precision " + target
                        + " on faces >= "
                        + options.minFace + " px here, so none was written; lower --target-precision or look at"
                        + " the sweep above"));
        Map<String, Object> choice = new LinkedHashMap<>(chosen.toMap());
        choice.put(
                "method",
                "evaluate --end-to-end --held-out: the best " + basisName()
                        + " recall with precision >= target, in the middle of the thresholds that give it");
        choice.put("basis", basisName());
        choice.put("target_precision", target);
        choice.put("data", options.data.toString());
        choice.put("min_face", options.minFace);
        choice.put("incorrect_mask", options.incorrectMask.name().toLowerCase(Locale.ROOT));
        choice.put("previous_threshold", session.classifierManifest().recommendedThreshold());
        Path modelDir = session.classifierDirectory();
        session.classifierManifest()
                .withRecommendedThreshold(chosen.threshold(), choice)
                .write(modelDir);
        System.out.printf(
                Locale.ROOT,
                "wrote recommended threshold %.4f (no-mask precision %s, recall %s; alert precision %s, recall"
                        + " %s) into %s%n",
                chosen.threshold(),
                chosen.precision(),
                chosen.recall(),
                chosen.alertPrecision(),
                chosen.alertRecall(),
                modelDir.resolve(ModelManifest.FILE_NAME));
    }

    private String basisName() {
        return options.thresholdFor == EndToEndReport.Basis.ALERTS ? "alert" : "no-mask";
    }

    private void refuseClassifierOnlyOptions() {
        if (options.faceFinding.wholePictures || options.prCurve != null || options.mistakes != null) {
            throw new UserError("--whole-pictures, --pr-curve and --mistakes belong to the classifier evaluation;"
                    + " with --end-to-end leave them out (the --sheet PNG shows the mistakes)");
        }
    }

    /** The command-line options as the configuration keys detect reads them from. */
    private Map<String, String> overrides() {
        Map<String, String> keys = new LinkedHashMap<>();
        // --detector has a default for the class-folder search; only one the user gave overrides --config.
        if (options.spec.commandLine().getParseResult().hasMatchedOption("--detector")) {
            keys.put("models.face_detection.model", quoted(options.faceFinding.detector));
        }
        if (options.model != null) {
            keys.put("models.mask_classifier.model", quoted(options.model.toString()));
        }
        if (options.threshold != null) {
            keys.put("models.mask_classifier.threshold", options.threshold.toString());
        }
        if (options.faceFinding.givenImageScale != null) {
            keys.put("detection.image_scale", options.faceFinding.givenImageScale.toString());
        }
        return keys;
    }

    private static String quoted(String value) {
        // Quoted, so a path or name is never read as a number or a YAML structure.
        return "'" + value.replace("'", "''") + "'";
    }

    private Path sheetPath() {
        if (options.sheet != null) {
            return options.sheet;
        }
        return options.json == null ? null : Path.of(options.json.toString().replaceAll("\\.json$", "") + "-sheet.png");
    }

    private String describe(DetectionSession session, List<AnnotatedPhoto> photos) {
        EdgeConfig c = session.config();
        long faces = photos.stream().mapToLong(p -> p.faces().size()).sum();
        return String.format(
                Locale.ROOT,
                "end to end on %s%s: %d photos, %d annotated faces%n"
                        + "detect's still-image path: %s detector %s (threshold %.2f%s), images x%s up to %d px,"
                        + " faces from %d px classified by %s, no-mask threshold %.4f",
                options.data,
                options.heldOut ? " (held-out photos)" : "",
                photos.size(),
                faces,
                session.detector().kind().name().toLowerCase(Locale.ROOT),
                session.detector().modelName(),
                c.faceDetection().threshold(),
                session.detector().fallback() ? ", FALLBACK: no YuNet file" : "",
                c.detection().imageScale(),
                c.detection().imageMaxSide(),
                session.minFaceSize(),
                session.classifierManifest().id(),
                session.threshold());
    }

    private Map<String, Object> context(DetectionSession session, EndToEndEvaluation.Result result) {
        EdgeConfig c = session.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "end_to_end");
        m.put("model", session.classifierManifest().id());
        m.put("model_threshold", session.classifierManifest().recommendedThreshold());
        m.put("detector", session.detector().kind().name().toLowerCase(Locale.ROOT));
        m.put("detector_model", session.detector().modelName());
        m.put("detector_threshold", c.faceDetection().threshold());
        m.put("image_scale", c.detection().imageScale());
        m.put("image_max_side", c.detection().imageMaxSide());
        m.put("classify_min_face_size", session.minFaceSize());
        m.put("min_iou", BoxMatcher.DEFAULT_MIN_IOU);
        m.put("data", options.data.toString());
        m.put("held_out", options.heldOut);
        m.put("photos", result.photos());
        m.put(
                "unreadable_photos",
                result.unreadable().stream().map(Path::toString).toList());
        m.put(
                "annotated_faces",
                result.faces().stream().filter(MatchedFace::isAnnotated).count());
        m.put(
                "detections",
                result.faces().stream().filter(MatchedFace::isDetected).count());
        m.put("seconds", result.seconds());
        return m;
    }
}
