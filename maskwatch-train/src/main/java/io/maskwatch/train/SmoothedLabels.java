package io.maskwatch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

/**
 * Label smoothing: the training target of a face is {@code 1 - e + e / classes} for its class and
 * {@code e / classes} for each other class instead of one-hot. One-hot targets push the logits
 * on and on, so a network can end up staking a whole decision on one cue (a patterned mask called
 * bare skin at 0.998); smoothed targets stop that push once the class is clear, and a wrongly
 * labelled face costs less. (On MaskWatch's data it has not paid off yet: see the model card.)
 */
final class SmoothedLabels {
    private SmoothedLabels() {}

    /** The loss training minimises: cross entropy against class indices, or against smoothed targets. */
    static Loss trainingLoss(double smoothing) {
        return smoothing == 0
                ? Loss.softmaxCrossEntropyLoss()
                : new SoftmaxCrossEntropyLoss("SmoothedSoftmaxCrossEntropy", 1, -1, false, true);
    }

    /**
     * What {@link #trainingLoss} compares the logits with: {@code labels} (class indices) as they
     * are when {@code smoothing} is 0, else one row of smoothed class probabilities per label.
     */
    static NDArray targets(NDArray labels, int classes, double smoothing) {
        if (smoothing == 0) {
            return labels;
        }
        // PyTorch's one_hot takes integer class indices only.
        return labels.toType(DataType.INT64, false)
                .oneHot(classes)
                .mul(1 - smoothing)
                .add(smoothing / classes);
    }
}
