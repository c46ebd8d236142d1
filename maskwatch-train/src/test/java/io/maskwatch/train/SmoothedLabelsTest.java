package io.maskwatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class SmoothedLabelsTest {

    @Test
    void targetsSpreadTheSmoothingOverBothClasses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new float[] {0, 1, 1});
            float[] targets = SmoothedLabels.targets(labels, 2, 0.1).toFloatArray();
            assertThat(targets).containsExactly(new float[] {0.95f, 0.05f, 0.05f, 0.95f, 0.05f, 0.95f}, within(1e-6f));
            assertThat(SmoothedLabels.targets(labels, 2, 0)).isSameAs(labels);
        }
    }

    /**
     * Worked by hand: logits (2, 0) give log-softmax (-0.126928, -2.126928); against label 0
     * smoothed by 0.1 the loss is 0.95 * 0.126928 + 0.05 * 2.126928 = 0.226928, against the
     * one-hot label it is 0.126928.
     */
    @Test
    void lossMatchesCrossEntropyWorkedByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {2, 0}, new ai.djl.ndarray.types.Shape(1, 2));
            NDArray label = manager.create(new float[] {0});
            float smoothed = SmoothedLabels.trainingLoss(0.1)
                    .evaluate(new NDList(SmoothedLabels.targets(label, 2, 0.1)), new NDList(logits))
                    .getFloat();
            float plain = SmoothedLabels.trainingLoss(0)
                    .evaluate(new NDList(SmoothedLabels.targets(label, 2, 0)), new NDList(logits))
                    .getFloat();
            assertThat(smoothed).isCloseTo(0.226928f, within(1e-5f));
            assertThat(plain).isCloseTo(0.126928f, within(1e-5f));
        }
    }
}
