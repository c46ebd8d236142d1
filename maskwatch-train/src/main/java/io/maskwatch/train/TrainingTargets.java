package io.maskwatch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.maskwatch.classifier.data.Label;

/**
 * What the network is trained towards for each face: its label as a class index (plain cross
 * entropy), or one row of class probabilities when labels are smoothed or teachers take part.
 *
 * <p>Label smoothing: the labelled class gets {@code 1 - e + e / 2}, the other {@code e / 2}. One-hot
 * targets push the logits on and on, so a network can end up staking a whole decision on one cue (a
 * patterned mask called bare skin at 0.998); smoothed targets stop that push once the class is clear,
 * and a wrongly labelled face costs less. (On MaskWatch's data it has not paid off yet: see the
 * model card.)
 *
 * <p>Distillation ({@link TeacherEnsemble}): the row is {@code (1 - w) * label + w * teachers}, the
 * teachers' mean probabilities of the same augmented face.
 */
final class TrainingTargets {
    private static final int CLASSES = 2;

    private final double smoothing;
    private final double teacherWeight;

    /**
     * @param smoothing label smoothing {@code e} (0: off)
     * @param teacherWeight share {@code w} of the target the teachers give, for batches that carry
     *     their probabilities (0: none)
     */
    TrainingTargets(double smoothing, double teacherWeight) {
        this.smoothing = smoothing;
        this.teacherWeight = teacherWeight;
    }

    /** The loss training minimises: cross entropy against class indices or against rows of probabilities. */
    Loss loss() {
        return soft()
                ? new SoftmaxCrossEntropyLoss("SoftTargetSoftmaxCrossEntropy", 1, -1, false, true)
                : Loss.softmaxCrossEntropyLoss();
    }

    /**
     * What {@link #loss} compares the logits with.
     *
     * @param labels class indices ({@link Label#ordinal()})
     * @param teacherNoMask the teachers' no-mask probability of each face, or null without teachers
     */
    NDArray of(NDManager manager, float[] labels, float[] teacherNoMask) {
        if (!soft()) {
            return manager.create(labels);
        }
        return manager.create(rows(labels, teacherNoMask), new Shape(labels.length, CLASSES));
    }

    /** The target rows, {@code labels.length} x 2, flattened. */
    float[] rows(float[] labels, float[] teacherNoMask) {
        float[] rows = new float[labels.length * CLASSES];
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < CLASSES; c++) {
                double target = (labels[i] == c ? 1 - smoothing : 0) + smoothing / CLASSES;
                if (teacherNoMask != null) {
                    double teacher = c == Label.WITHOUT_MASK.ordinal() ? teacherNoMask[i] : 1 - teacherNoMask[i];
                    target = (1 - teacherWeight) * target + teacherWeight * teacher;
                }
                rows[i * CLASSES + c] = (float) target;
            }
        }
        return rows;
    }

    private boolean soft() {
        return smoothing > 0 || teacherWeight > 0;
    }
}
