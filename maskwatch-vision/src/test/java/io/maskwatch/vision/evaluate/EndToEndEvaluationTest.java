package io.maskwatch.vision.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.data.FaceDataSetReader;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.evaluate.EndToEndReport.Figures;
import io.maskwatch.vision.evaluate.EndToEndReport.Ratio;
import io.maskwatch.vision.evaluate.MatchedFace.Truth;
import io.maskwatch.vision.event.EvidenceCheck;
import io.maskwatch.vision.testing.AnnotatedScenes;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.StandInClassifier;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The still-image path over a VOC folder drawn from real faces ({@link AnnotatedScenes}), with a
 * stand-in classifier that says "no mask" with probability 0.7 to every face: what is found, what
 * is labelled and how it is counted are then known exactly.
 */
class EndToEndEvaluationTest {
    @TempDir
    static Path dir;

    private static List<AnnotatedPhoto> photos;

    @BeforeAll
    static void drawPhotos() throws Exception {
        Path data = AnnotatedScenes.write(dir.resolve("scenes"));
        photos = AnnotatedPhoto.of(
                new FaceDataSetReader(IncorrectMask.NO_MASK).read(data).faces());
    }

    @Test
    void eachAnnotatedFaceAndEachStrayDetectionIsOneRecord() throws Exception {
        EndToEndEvaluation.Result result = run(0);

        assertThat(result.photos()).isEqualTo(3);
        assertThat(result.unreadable())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("four.png");
        List<MatchedFace> faces = result.faces();
        assertThat(faces).filteredOn(MatchedFace::isAnnotated).hasSize(AnnotatedScenes.ANNOTATED_READABLE);
        // Found faces match their annotation (grown by 8% a side: IoU 1 / 1.16^2).
        assertThat(faces)
                .filteredOn(f -> f.isAnnotated() && f.isDetected())
                .hasSize(5)
                .allSatisfy(f -> assertThat(f.iou()).isBetween(0.70f, 0.78f));
        assertThat(faces).filteredOn(f -> !f.isDetected()).singleElement().satisfies(f -> {
            assertThat(f.image().getFileName()).hasToString("two.png");
            assertThat(f.truth()).isEqualTo(Truth.WITHOUT_MASK);
        });
        assertThat(faces)
                .filteredOn(f -> f.truth() == Truth.NONE)
                .singleElement()
                .satisfies(f -> assertThat(f.iou()).isLessThan(0.4f));
        assertThat(faces)
                .filteredOn(MatchedFace::isDetected)
                .allSatisfy(f ->
                        assertThat(f.noMaskProbability()).isCloseTo(0.7f, org.assertj.core.data.Offset.offset(1e-5f)));
    }

    @Test
    void theFiguresFollowFromWhatWasFoundAndLabelled() throws Exception {
        EndToEndReport report = new EndToEndReport(run(0).faces(), 0.5, 24, IncorrectMask.NO_MASK, 0.9);
        Figures f = report.largeFaces();

        assertThat(f.faceRecall()).isEqualTo(new Ratio(5, 6));
        // Right: the two unmasked faces of one.png and the worn-incorrectly face (no mask by default).
        assertThat(f.statusAccuracy()).isEqualTo(new Ratio(3, 5));
        // Missed: only the face the detector could not see.
        assertThat(f.noMaskRecall()).isEqualTo(new Ratio(3, 4));
        // Wrong: the two masked faces and the unannotated face; the worn one counts neither way.
        assertThat(f.noMaskPrecision()).isEqualTo(new Ratio(2, 5));
        assertThat(f.falseAlarmsOnMasked()).isEqualTo(2);
        assertThat(f.falseAlarmsOnNoFace()).isEqualTo(1);
        assertThat(f.noMaskOnWornIncorrectly()).isEqualTo(1);
        assertThat(report.allFaces()).isEqualTo(f);
        assertThat(report.recommended()).isEmpty();

        Figures above = new EndToEndReport(run(0).faces(), 0.75, 24, IncorrectMask.NO_MASK, 0.9).largeFaces();
        assertThat(above.noMaskRecall()).isEqualTo(new Ratio(0, 4));
        assertThat(above.noMaskPrecision()).isEqualTo(new Ratio(0, 0));
    }

    @Test
    void facesUnderDetectsMinimumSizeAreFoundButNeverLabelled() throws Exception {
        EndToEndReport report = new EndToEndReport(run(1000).faces(), 0.5, 24, IncorrectMask.NO_MASK, 0.9);
        Figures f = report.largeFaces();

        assertThat(f.faceRecall()).isEqualTo(new Ratio(5, 6));
        assertThat(f.tooSmall()).isEqualTo(5);
        assertThat(f.noMaskRecall()).isEqualTo(new Ratio(0, 4));
        assertThat(f.noMaskPrecision()).isEqualTo(new Ratio(0, 0));
    }

    @Test
    void theSheetShowsTheFalseAlarmsAboveTheMisses() throws Exception {
        EndToEndReport report = new EndToEndReport(run(0).faces(), 0.5, 24, IncorrectMask.NO_MASK, 0.9);
        Path png = dir.resolve("out/sheet.png");

        new MistakeSheet(report, 0.15, 24).write(png);

        BufferedImage sheet = ImageIO.read(png.toFile());
        // ContactSheet's layout: 8 px margins, a 28 px title, four 14 px caption lines under each tile.
        int cell = MistakeSheet.TILE + 4 * 14 + 8 + 4;
        int part = 28 + 8 + cell;
        // Three false alarms side by side; one miss (the face nobody could see) under them.
        assertThat(sheet.getWidth()).isEqualTo(8 + 3 * (MistakeSheet.TILE + 8));
        assertThat(sheet.getHeight()).isEqualTo(2 * part);
        List<Color> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(new Color(sheet.getRGB(8 + i * (MistakeSheet.TILE + 8) - 1, 28 + 8 + MistakeSheet.TILE / 2)));
        }
        assertThat(frames).containsExactly(MistakeSheet.ON_MASKED, MistakeSheet.ON_MASKED, MistakeSheet.ON_NO_FACE);
        assertThat(new Color(sheet.getRGB(8 - 1, part + 28 + 8 + MistakeSheet.TILE / 2)))
                .isEqualTo(MistakeSheet.NOT_DETECTED);
    }

    private static EndToEndEvaluation.Result run(int minFaceSize) throws Exception {
        Path model = StandInClassifier.constant(dir.resolve("model-" + minFaceSize), 0.7f);
        try (OnnxMaskClassifier onnx = OnnxMaskClassifier.load(model, 1);
                CropClassifier crops = new CropClassifier(onnx);
                FaceDetector still = FaceSamples.stillDetector(minFaceSize)) {
            EndToEndEvaluation evaluation = new EndToEndEvaluation(
                    still,
                    crops,
                    minFaceSize,
                    new BoxMatcher(BoxMatcher.DEFAULT_MIN_IOU),
                    // No minimums: every classified face's label is an alert.
                    new EvidenceCheck(
                            VisionSettings.of(Map.of(
                                            "tracking.evidence_min_face", "0",
                                            "tracking.evidence_min_sharpness", "0",
                                            "tracking.evidence_min_face_score", "0"))
                                    .tracking(),
                            null));
            return evaluation.run(photos, (done, total) -> {});
        }
    }
}
