package io.maskwatch.train;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.train.augment.Augmentation;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs; the {@code train} command fills it from its options.
 *
 * @param data training data folders (class folders or VOC)
 * @param validationData validation folders; when empty, {@code validationFraction} of each
 *     training folder is split off (seeded, stratified, by photo)
 * @param maxStepsPerEpoch 0 for full epochs; tests use a few steps
 */
public record TrainingOptions(
        List<Path> data,
        List<Path> validationData,
        double validationFraction,
        Path output,
        Path init,
        int inputSize,
        double width,
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        double dropout,
        int patience,
        double cropMargin,
        IncorrectMask incorrectMask,
        long seed,
        Augmentation augmentation,
        int maxStepsPerEpoch,
        int minFaceSize,
        boolean progressBar) {}
