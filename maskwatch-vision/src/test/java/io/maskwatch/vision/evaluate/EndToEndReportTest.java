package io.maskwatch.vision.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.evaluate.EndToEndReport.Figures;
import io.maskwatch.vision.evaluate.EndToEndReport.Ratio;
import io.maskwatch.vision.evaluate.EndToEndReport.SweepPoint;
import io.maskwatch.vision.evaluate.MatchedFace.Truth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's figures on hand-made per-face records, at threshold 0.5 and faces from 24 px. */
class EndToEndReportTest {
    private static final float NOT_CLASSIFIED = Float.NaN;
    private static final List<MatchedFace> FACES = List.of(
            found(Truth.WITHOUT_MASK, 40, 0.9f), // caught
            found(Truth.WITHOUT_MASK, 40, 0.3f), // labelled mask: a miss
            missed(Truth.WITHOUT_MASK, 40), // not detected: a miss
            found(Truth.WITH_MASK, 40, 0.1f), // right
            found(Truth.WITH_MASK, 40, 0.8f), // false alarm on a masked face
            found(Truth.WORN_INCORRECTLY, 40, 0.7f), // no-mask label, counted neither way for precision
            onNoFace(40, 0.97f), // false alarm on no face
            onNoFace(40, 0.2f), // a detection on no face, labelled mask: no alarm
            found(Truth.WITHOUT_MASK, 10, NOT_CLASSIFIED), // found, too small to classify
            found(Truth.WITH_MASK, 16, 0.6f)); // a small false alarm

    @Test
    void facesFromMinFaceAreCountedByTheIssuesRules() {
        Figures large = report(IncorrectMask.NO_MASK, 0.9).largeFaces();

        assertThat(large.faceRecall()).isEqualTo(new Ratio(5, 6));
        // Right: the caught face, the masked one at 0.1 and the worn-incorrectly one (counts as no mask).
        assertThat(large.statusAccuracy()).isEqualTo(new Ratio(3, 5));
        assertThat(large.noMaskRecall()).isEqualTo(new Ratio(2, 4));
        // Labels: on the caught face (right), on the masked face and on no face (wrong); not the worn one.
        assertThat(large.noMaskPrecision()).isEqualTo(new Ratio(1, 3));
        // Without the label on no annotated face (a face the annotators may have left out).
        assertThat(large.noMaskPrecisionOnAnnotated()).isEqualTo(new Ratio(1, 2));
        assertThat(large.falseAlarmsOnMasked()).isEqualTo(1);
        assertThat(large.falseAlarmsOnNoFace()).isEqualTo(1);
        assertThat(large.noMaskOnWornIncorrectly()).isEqualTo(1);
        assertThat(large.detectionsOnNoFace()).isEqualTo(2);
        assertThat(large.tooSmall()).isZero();
    }

    @Test
    void alertsAreTheLabelsWhoseCropIsEvidence() {
        List<MatchedFace> faces = List.of(
                found(Truth.WITHOUT_MASK, 40, 0.9f), // alert, right
                withoutEvidence(found(Truth.WITHOUT_MASK, 40, 0.9f)), // labelled, but low-evidence: no alert
                withoutEvidence(found(Truth.WITH_MASK, 40, 0.8f)), // a false label that is never sent
                withoutEvidence(onNoFace(40, 0.97f)), // a hand that fails the second look
                onNoFace(40, 0.95f)); // a false alert
        Figures large = new EndToEndReport(faces, 0.5, 24, IncorrectMask.NO_MASK, 0.9).largeFaces();

        assertThat(large.noMaskRecall()).isEqualTo(new Ratio(2, 2));
        assertThat(large.noMaskPrecision()).isEqualTo(new Ratio(2, 5));
        assertThat(large.noMaskPrecisionOnAnnotated()).isEqualTo(new Ratio(2, 3));
        assertThat(large.alertRecall()).isEqualTo(new Ratio(1, 2));
        assertThat(large.alertPrecision()).isEqualTo(new Ratio(1, 2));
    }

    @Test
    void theThresholdForAlertsLooksOnlyAtWhatIsSent() {
        List<MatchedFace> faces = List.of(
                found(Truth.WITHOUT_MASK, 40, 0.3f),
                found(Truth.WITHOUT_MASK, 40, 0.6f),
                withoutEvidence(onNoFace(40, 0.4f)), // a false label never sent
                found(Truth.WITH_MASK, 40, 0.2f));
        EndToEndReport report = new EndToEndReport(faces, 0.5, 24, IncorrectMask.NO_MASK, 0.9);

        // Labels: 0.3 still labels the detection on no face (2/3); only above 0.4 is precision kept:
        // the middle of (0.4, 0.6].
        assertThat(report.recommended(EndToEndReport.Basis.LABELS).orElseThrow().threshold())
                .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
        // Alerts: that detection is never sent, so everything above 0.2 up to 0.3 gives 2/2.
        SweepPoint alerts = report.recommended(EndToEndReport.Basis.ALERTS).orElseThrow();
        assertThat(alerts.threshold()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(alerts.alertPrecision()).isEqualTo(new Ratio(2, 2));
    }

    private static MatchedFace withoutEvidence(MatchedFace f) {
        return new MatchedFace(
                f.image(), f.truth(), f.annotated(), f.detected(), f.iou(), f.noMaskProbability(), false);
    }

    @Test
    void allFacesAddTheSmallOnes() {
        Figures all = report(IncorrectMask.NO_MASK, 0.9).allFaces();

        assertThat(all.faceRecall()).isEqualTo(new Ratio(7, 8));
        assertThat(all.statusAccuracy()).isEqualTo(new Ratio(3, 6));
        // The too-small unmasked face got no label: a miss, though the detector found it.
        assertThat(all.noMaskRecall()).isEqualTo(new Ratio(2, 5));
        assertThat(all.noMaskPrecision()).isEqualTo(new Ratio(1, 4));
        assertThat(all.tooSmall()).isEqualTo(1);
        assertThat(all.falseAlarmsOnMasked()).isEqualTo(2);
    }

    @Test
    void incorrectMaskDecidesAccuracyAndRecallButNeverPrecision() {
        Figures asMask = report(IncorrectMask.MASK, 0.9).largeFaces();
        assertThat(asMask.statusAccuracy()).isEqualTo(new Ratio(2, 5));
        assertThat(asMask.noMaskRecall()).isEqualTo(new Ratio(1, 3));
        assertThat(asMask.noMaskPrecision()).isEqualTo(new Ratio(1, 3));

        Figures skipped = report(IncorrectMask.SKIP, 0.9).largeFaces();
        assertThat(skipped.statusAccuracy()).isEqualTo(new Ratio(2, 4));
        assertThat(skipped.noMaskRecall()).isEqualTo(new Ratio(1, 3));
        assertThat(skipped.noMaskPrecision()).isEqualTo(new Ratio(1, 3));
        // Face recall is about the detector: the worn-incorrectly face counts whatever its label.
        assertThat(skipped.faceRecall()).isEqualTo(new Ratio(5, 6));
    }

    @Test
    void theSweepIsTheSameCountAtEachThreshold() {
        List<SweepPoint> sweep = report(IncorrectMask.NO_MASK, 0.9).sweep();

        // 0.05 ... 0.95 and the report's own 0.5 (already among them).
        assertThat(sweep).hasSize(19);
        assertThat(sweep.get(0))
                .isEqualTo(new SweepPoint(0.05, new Ratio(2, 6), new Ratio(3, 4), new Ratio(2, 6), new Ratio(3, 4)));
        assertThat(sweep.get(9))
                .isEqualTo(new SweepPoint(0.5, new Ratio(1, 3), new Ratio(2, 4), new Ratio(1, 3), new Ratio(2, 4)));
        assertThat(sweep.get(18))
                .isEqualTo(new SweepPoint(0.95, new Ratio(0, 1), new Ratio(0, 4), new Ratio(0, 1), new Ratio(0, 4)));
        EndToEndReport offGrid = new EndToEndReport(FACES, 0.234, 24, IncorrectMask.NO_MASK, 0.9);
        assertThat(offGrid.sweep())
                .hasSize(20)
                .extracting(SweepPoint::threshold)
                .contains(0.234);
    }

    @Test
    void theRecommendedThresholdHasTheBestRecallAtTheTargetPrecisionAwayFromAnyFace() {
        // 0.1: 2 of 6 labels right, 0.2: 2 of 5, 0.3: 2 of 4 (the first at 0.5), 0.7 and up: 1 of 2 or
        // less. Every threshold above 0.2 up to 0.3 gives 2 of 4: the middle, 0.25, is chosen.
        SweepPoint chosen = report(IncorrectMask.NO_MASK, 0.5).recommended().orElseThrow();
        assertThat(chosen.threshold()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(chosen.precision()).isEqualTo(new Ratio(2, 4));
        assertThat(chosen.recall()).isEqualTo(new Ratio(3, 4));
        assertThat(report(IncorrectMask.NO_MASK, 0.9).recommended()).isEmpty();
    }

    @Test
    void theJsonHoldsBothBucketsTheSweepAndTheCounts() {
        Map<String, Object> json = report(IncorrectMask.NO_MASK, 0.5).toMap(Map.of("model", "m"));

        assertThat(json)
                .containsEntry("model", "m")
                .containsEntry("threshold", 0.5)
                .containsEntry("min_face", 24);
        assertThat(json.get("faces_min_face").toString())
                .contains("no_mask_precision={value=0.3333333333333333, count=1, of=3}")
                .contains("no_mask_precision_on_annotated_faces={value=0.5, count=1, of=2}");
        assertThat(json.get("all_faces").toString()).contains("no_mask_recall={value=0.4, count=2, of=5}");
        assertThat((List<?>) json.get("sweep_min_face")).hasSize(19);
        assertThat(json.get("recommended_threshold").toString()).startsWith("{threshold=0.25");
    }

    @Test
    void theTextShowsEachFigureWithWhatItRestsOn() {
        String text = report(IncorrectMask.NO_MASK, 0.5).toText();

        assertThat(text)
                .contains("no-mask precision                            0.333 (1/3)            0.250 (1/4)")
                .contains("  precision on annotated faces only          0.500 (1/2)            0.333 (1/3)")
                .contains(
                        "recommended threshold for labels (best recall with no-mask precision >= 0.5000, faces >= 24 px): 0.2500");
    }

    private static EndToEndReport report(IncorrectMask incorrectMask, double target) {
        return new EndToEndReport(FACES, 0.5, 24, incorrectMask, target);
    }

    private static MatchedFace found(Truth truth, int width, float p) {
        return new MatchedFace(Path.of("a.jpg"), truth, box(width), box(width), 1f, p, true);
    }

    private static MatchedFace missed(Truth truth, int width) {
        return MatchedFace.missed(Path.of("a.jpg"), truth, box(width));
    }

    private static MatchedFace onNoFace(int width, float p) {
        return new MatchedFace(Path.of("a.jpg"), Truth.NONE, null, box(width), 0f, p, true);
    }

    private static Detection box(int width) {
        return new Detection(0, 0, width, width, 1f);
    }
}
