package io.maskwatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TrainingTargetsTest {
    private static final float[] LABELS = {0, 1, 1};

    @Test
    void plainTargetsAreTheClassIndices() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(new TrainingTargets(0, 0).of(manager, LABELS, null).toFloatArray())
                    .containsExactly(LABELS);
        }
    }

    @Test
    void smoothingSpreadsOverBothClasses() {
        assertThat(new TrainingTargets(0.1, 0).rows(LABELS, null))
                .containsExactly(new float[] {0.95f, 0.05f, 0.05f, 0.95f, 0.05f, 0.95f}, within(1e-6f));
    }

    /**
     * Worked by hand, teacher weight 0.4: a masked face the teachers call unmasked at 0.3 gets
     * 0.6 * (1, 0) + 0.4 * (0.7, 0.3) = (0.88, 0.12); an unmasked one at 0.9 gets (0.04, 0.96); an
     * unmasked one the teachers think masked (0.2) gets (0.32, 0.68). With smoothing 0.1 as well the
     * first is 0.6 * (0.95, 0.05) + 0.4 * (0.7, 0.3) = (0.85, 0.15).
     */
    @Test
    void teachersTakeTheirShareOfTheTarget() {
        float[] teachers = {0.3f, 0.9f, 0.2f};
        assertThat(new TrainingTargets(0, 0.4).rows(LABELS, teachers))
                .containsExactly(new float[] {0.88f, 0.12f, 0.04f, 0.96f, 0.32f, 0.68f}, within(1e-6f));
        assertThat(new TrainingTargets(0.1, 0.4).rows(LABELS, teachers))
                .startsWith(new float[] {0.85f, 0.15f}, within(1e-6f));
        // A batch without teacher probabilities (validation) keeps its labels.
        assertThat(new TrainingTargets(0, 0.4).rows(LABELS, null))
                .containsExactly(new float[] {1, 0, 0, 1, 0, 1}, within(1e-6f));
    }

    /**
     * Worked by hand: logits (2, 0) give log-softmax (-0.126928, -2.126928); against label 0
     * smoothed by 0.1 the loss is 0.95 * 0.126928 + 0.05 * 2.126928 = 0.226928, against the
     * one-hot label it is 0.126928.
     */
    @Test
    void lossMatchesCrossEntropyWorkedByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            var logits = manager.create(new float[] {2, 0}, new Shape(1, 2));
            float[] label = {0};
            TrainingTargets smoothedTargets = new TrainingTargets(0.1, 0);
            TrainingTargets plainTargets = new TrainingTargets(0, 0);
            float smoothed = smoothedTargets
                    .loss()
                    .evaluate(new NDList(smoothedTargets.of(manager, label, null)), new NDList(logits))
                    .getFloat();
            float plain = plainTargets
                    .loss()
                    .evaluate(new NDList(plainTargets.of(manager, label, null)), new NDList(logits))
                    .getFloat();
            assertThat(smoothed).isCloseTo(0.226928f, within(1e-5f));
            assertThat(plain).isCloseTo(0.126928f, within(1e-5f));
        }
    }
}
