package io.maskwatch.vision.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.ModelLocator;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.data.DataSet;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.classifier.data.FaceDataSetReader;
import io.maskwatch.classifier.data.FaceImages;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.classifier.eval.ClassificationReport;
import io.maskwatch.classifier.eval.Evaluation;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.DetectorFaceFinder;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.FaceDetectors;
import io.maskwatch.vision.detect.YuNetDetector;
import io.maskwatch.vision.evaluate.AnnotatedPhoto;
import io.maskwatch.vision.evaluate.BoxMatcher;
import io.maskwatch.vision.evaluate.EndToEndEvaluation;
import io.maskwatch.vision.evaluate.EndToEndReport;
import io.maskwatch.vision.event.EvidenceCheck;
import io.maskwatch.vision.event.SecondLook;
import io.maskwatch.vision.testing.FaceSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model in models/ keeps the figures its model card states on real data, judged as {@code
 * maskwatch evaluate} judges it (faces of class-folder pictures found by YuNet, as in production),
 * so a worse model cannot land. It lives here, beside the detector, for that reason.
 */
class ShippedModelTest {
    /** The target; measured 0.988 on mask-faces/val (3 mistakes of 255), faces found by YuNet (847abf7d and a8287ae3 alike). */
    private static final double ACCURACY_FLOOR = 0.985;

    /** The target; measured no-mask precision 0.935 and recall 0.906 (29 of 32) on held-out scene faces >= 24 px at 0.5. */
    private static final double SCENE_NO_MASK_FLOOR = 0.90;

    // End to end on the held-out scene photos at the model's threshold (0.4821), faces >= 24 px
    // unless named "all": measured status accuracy 0.975 (194/199), no-mask recall 0.844 (27/32),
    // precision 0.733 (22/30), 0.917 (22/24) on annotated faces only; alerts (crops that pass the evidence checks)
    // precision 0.950 (19/20),
    // recall 0.719 (23/32); all sizes no-mask precision 0.726 (77/106), recall 0.567 (85/150). The
    // floors leave a face or two of room; the targets (0.90 / 0.90 on labels) are not met.
    private static final double E2E_STATUS_ACCURACY_FLOOR = 0.96;
    private static final double E2E_NO_MASK_RECALL_FLOOR = 0.80;
    private static final double E2E_NO_MASK_PRECISION_FLOOR = 0.68;
    private static final double E2E_NO_MASK_PRECISION_ON_ANNOTATED_FLOOR = 0.84;
    private static final double E2E_ALERT_PRECISION_FLOOR = 0.90;
    private static final double E2E_ALERT_RECALL_FLOOR = 0.65;
    private static final double E2E_ALL_NO_MASK_PRECISION_FLOOR = 0.68;
    private static final double E2E_ALL_NO_MASK_RECALL_FLOOR = 0.53;

    private static final Path MODEL = SharedData.repoRoot().resolve(ModelLocator.SHIPPED_MODEL);

    @Test
    void keepsItsAccuracyOnMaskFacesVal(@TempDir Path tmp) throws Exception {
        Path val = SharedData.require("data/mask-faces/val");
        try (OnnxMaskClassifier classifier = OnnxMaskClassifier.load(MODEL, 0)) {
            List<LabelledFace> faces =
                    new FaceDataSetReader(IncorrectMask.NO_MASK).read(val).faces();
            ModelManifest m = classifier.manifest();
            FaceImages.Result loaded;
            try (DetectorFaceFinder finder = new DetectorFaceFinder(
                    YuNetDetector.load(SharedData.require("models/face_detection_yunet_2023mar.onnx"), 0.6f),
                    "yunet",
                    1.0)) {
                loaded = FaceImages.load(faces, m.cropMargin(), FaceImages.FULL_SIZE, finder);
            }
            Evaluation evaluation = Evaluation.run(classifier, loaded.faces(), 0.5, 0.95);
            System.out.println("shipped model on mask-faces/val:\n" + evaluation.toText());
            assertThat(evaluation.report().total()).isEqualTo(255);
            assertThat(evaluation.report().accuracy()).isGreaterThanOrEqualTo(ACCURACY_FLOOR);

            // Judging the same scores at another threshold gives what a new run at it gives (at 0.99
            // the model's one masked face called bare, at 0.987, is called masked).
            Evaluation rerun = Evaluation.run(classifier, loaded.faces(), 0.99, 0.95);
            Evaluation rejudged = evaluation.atThreshold(0.99, loaded.faces());
            for (Label actual : Label.values()) {
                for (Label predicted : Label.values()) {
                    assertThat(rejudged.matrix().count(actual, predicted))
                            .isEqualTo(rerun.matrix().count(actual, predicted));
                }
            }
            assertThat(rejudged.matrix().count(Label.WITH_MASK, Label.WITHOUT_MASK))
                    .isLessThan(evaluation.matrix().count(Label.WITH_MASK, Label.WITHOUT_MASK));

            // evaluate --mistakes lists exactly the off-diagonal faces, each on the wrong side.
            Path csv = tmp.resolve("mistakes.csv");
            evaluation.writeMistakes(csv, loaded.faces());
            List<String> lines = Files.readAllLines(csv);
            List<String> rows = lines.subList(1, lines.size());
            long wrong = evaluation.matrix().count(Label.WITH_MASK, Label.WITHOUT_MASK)
                    + evaluation.matrix().count(Label.WITHOUT_MASK, Label.WITH_MASK);
            assertThat(rows).hasSize((int) wrong);
            for (String row : rows) {
                String[] cells = row.split(",");
                boolean saidNoMask = Double.parseDouble(cells[6]) >= 0.5;
                assertThat(saidNoMask).as(row).isEqualTo(cells[5].equals("with_mask"));
            }
        }
    }

    @Test
    void separatesSmallRealFacesOnHeldOutScenePhotos() {
        Path scenes = SharedData.require("data/mask-scenes");
        try (OnnxMaskClassifier classifier = OnnxMaskClassifier.load(MODEL, 0)) {
            DataSet all = new FaceDataSetReader(IncorrectMask.NO_MASK).read(scenes);
            List<LabelledFace> heldOut = DataSplit.heldOutBy(classifier.manifest(), all).stream()
                    .filter(f -> f.faceWidth() >= 24)
                    .toList();
            Evaluation evaluation = evaluate(classifier, heldOut);
            System.out.println("shipped model on held-out mask-scenes faces >= 24 px:\n" + evaluation.toText());
            ClassificationReport.ClassScores noMask = evaluation.report().scores(Label.WITHOUT_MASK);
            assertThat(noMask.support()).isGreaterThan(30);
            assertThat(noMask.precision()).isGreaterThanOrEqualTo(SCENE_NO_MASK_FLOOR);
            assertThat(noMask.recall()).isGreaterThanOrEqualTo(SCENE_NO_MASK_FLOOR);
        }
    }

    /**
     * End to end, as production runs it (detect's still-image detector with its face check, the
     * crop rule, the model's own threshold, detect's evidence checks), on the held-out scene photos:
     * the figures {@code maskwatch evaluate --end-to-end --data ../shared/data/mask-scenes --held-out
     * --min-face 24} prints, held as floors at what the shipped model measured. The targets
     * (no-mask precision and recall >= 0.90 on faces >= 24 px) are not reached yet by labels; the
     * alerts that are sent reach the precision target.
     */
    @Test
    void keepsItsEndToEndFiguresOnHeldOutScenePhotos() throws Exception {
        Path scenes = SharedData.require("data/mask-scenes");
        TrackingConfig tracking = VisionSettings.defaults().tracking();
        try (OnnxMaskClassifier onnx = OnnxMaskClassifier.load(MODEL, 0);
                CropClassifier crops = new CropClassifier(onnx);
                FaceDetector still = FaceSamples.stillDetector(onnx.manifest().minFaceSize());
                SecondLook secondLook = SecondLook.by(
                        new FaceDetectors.Choice(FaceDetectors.Kind.YUNET, FaceSamples.yunetModel(), null, false),
                        tracking.evidenceMinFaceScore())) {
            DataSet all = new FaceDataSetReader(IncorrectMask.NO_MASK).read(scenes);
            List<AnnotatedPhoto> photos = AnnotatedPhoto.heldOutBy(onnx.manifest(), all);
            EndToEndEvaluation.Result result = new EndToEndEvaluation(
                            still,
                            crops,
                            onnx.manifest().minFaceSize(),
                            new BoxMatcher(BoxMatcher.DEFAULT_MIN_IOU),
                            new EvidenceCheck(tracking, secondLook))
                    .run(photos, (done, total) -> {});
            EndToEndReport report = new EndToEndReport(
                    result.faces(), onnx.manifest().recommendedThreshold(), 24, IncorrectMask.NO_MASK, 0.90);
            System.out.println("shipped model end to end on held-out mask-scenes:\n" + report.toText());
            EndToEndReport.Figures large = report.largeFaces();
            assertThat(large.noMaskRecall().of()).isGreaterThanOrEqualTo(30);
            assertThat(large.statusAccuracy().value()).isGreaterThanOrEqualTo(E2E_STATUS_ACCURACY_FLOOR);
            assertThat(large.noMaskRecall().value()).isGreaterThanOrEqualTo(E2E_NO_MASK_RECALL_FLOOR);
            assertThat(large.noMaskPrecision().value()).isGreaterThanOrEqualTo(E2E_NO_MASK_PRECISION_FLOOR);
            assertThat(large.noMaskPrecisionOnAnnotated().value())
                    .isGreaterThanOrEqualTo(E2E_NO_MASK_PRECISION_ON_ANNOTATED_FLOOR);
            assertThat(large.alertPrecision().value()).isGreaterThanOrEqualTo(E2E_ALERT_PRECISION_FLOOR);
            assertThat(large.alertRecall().value()).isGreaterThanOrEqualTo(E2E_ALERT_RECALL_FLOOR);
            EndToEndReport.Figures allSizes = report.allFaces();
            assertThat(allSizes.noMaskPrecision().value()).isGreaterThanOrEqualTo(E2E_ALL_NO_MASK_PRECISION_FLOOR);
            assertThat(allSizes.noMaskRecall().value()).isGreaterThanOrEqualTo(E2E_ALL_NO_MASK_RECALL_FLOOR);
        }
    }

    private static Evaluation evaluate(OnnxMaskClassifier classifier, List<LabelledFace> faces) {
        ModelManifest m = classifier.manifest();
        FaceImages.Result loaded = FaceImages.load(faces, m.cropMargin(), FaceImages.FULL_SIZE);
        assertThat(loaded.skipped()).isEmpty();
        return Evaluation.run(classifier, loaded.faces(), 0.5, 0.95);
    }
}
