package io.maskwatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecisionRecallCurveTest {
    // Sorted by score: P P N P N, 3 positives.
    private final float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.3f};
    private final boolean[] positive = {true, true, false, true, false};

    @Test
    void pointsFollowTheRankedScores() {
        PrecisionRecallCurve curve = PrecisionRecallCurve.of(scores, positive);
        assertThat(curve.points()).hasSize(5);
        PrecisionRecallCurve.Point third = curve.points().get(2); // threshold 0.7: tp 2, fp 1
        assertThat(third.threshold()).isCloseTo(0.7, within(1e-6));
        assertThat(third.precision()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(third.recall()).isCloseTo(2.0 / 3, within(1e-9));
        // AP = 1/3 * 1 + 1/3 * 1 + 1/3 * 3/4
        assertThat(curve.averagePrecision()).isCloseTo(1.0 / 3 + 1.0 / 3 + 0.25, within(1e-9));
    }

    @Test
    void recommendedThresholdKeepsPrecisionWithBestRecall() {
        PrecisionRecallCurve curve = PrecisionRecallCurve.of(scores, positive);
        PrecisionRecallCurve.Point p = curve.bestRecallAtPrecision(0.95).orElseThrow();
        assertThat(p.threshold()).isCloseTo(0.8, within(1e-6));
        assertThat(p.recall()).isCloseTo(2.0 / 3, within(1e-9));
        PrecisionRecallCurve.Point looser = curve.bestRecallAtPrecision(0.7).orElseThrow();
        assertThat(looser.threshold()).isCloseTo(0.6, within(1e-6));
        assertThat(looser.recall()).isEqualTo(1.0);
    }

    @Test
    void tiedScoresMakeOnePoint(@TempDir Path dir) throws Exception {
        PrecisionRecallCurve curve =
                PrecisionRecallCurve.of(new float[] {0.5f, 0.5f, 0.2f}, new boolean[] {true, false, true});
        assertThat(curve.points()).hasSize(2);
        assertThat(curve.points().get(0).precision()).isEqualTo(0.5);
        Path png = dir.resolve("pr.png");
        curve.writePng(png, "test");
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(640);
    }
}
