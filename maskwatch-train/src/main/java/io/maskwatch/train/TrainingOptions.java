package io.maskwatch.train;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.train.augment.Augmentation;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs; the {@code train} command fills it from its options.
 *
 * @param data training data folders (class folders or VOC)
 * @param wholeData training folders used whole: none of their photos is held out, for the final
 *     model of a recipe chosen on the split (validation then comes from the other folders)
 * @param validationData validation folders; when empty, {@code validationFraction} of each
 *     training folder is split off (seeded, stratified, by photo)
 * @param nearDuplicateBits pictures whose hashes differ in at most this many bits are one group in
 *     the split ({@link io.maskwatch.classifier.data.NearDuplicates}; {@link
 *     io.maskwatch.classifier.data.DataSplit#PHOTOS_ONLY}: each photo its own group); a run with
 *     {@code init} groups as its parent did instead
 * @param maxStepsPerEpoch 0 for full epochs; tests use a few steps
 * @param syntheticMasks probability that an unmasked training face is shown with a painted mask
 *     instead, labelled by where it sits ({@link SyntheticMasks}; 0: never)
 * @param realMaskFabric share of those masks cut from the cloth of real masks on masked training
 *     faces rather than drawn (0: all drawn)
 * @param respirators share of the drawn masks painted as respirators (N95-like cups; 0: none)
 * @param incorrectMaskRepeats how many times per epoch a face annotated mask_weared_incorrect is shown
 * @param averageFrom from this epoch on the weights are averaged and the average written instead of
 *     the best epoch (0: off)
 * @param labelSmoothing share of each training target spread evenly over both classes (0: plain
 *     one-hot targets); validation loss is always measured against the plain targets
 * @param antiAliased subsample with {@link io.maskwatch.train.net.Layer.Blur}s (Zhang 2019) instead of
 *     strided convolutions
 * @param teachers previous models whose mean probabilities on each augmented face take {@code
 *     teacherWeight} of its training target (knowledge distillation, {@link TeacherEnsemble}); empty: none
 */
public record TrainingOptions(
        List<Path> data,
        List<Path> wholeData,
        List<Path> validationData,
        double validationFraction,
        Path output,
        Path init,
        int inputSize,
        double width,
        boolean antiAliased,
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        double dropout,
        int patience,
        double cropMargin,
        IncorrectMask incorrectMask,
        long seed,
        int nearDuplicateBits,
        Augmentation augmentation,
        double syntheticMasks,
        double realMaskFabric,
        double respirators,
        int incorrectMaskRepeats,
        int averageFrom,
        double labelSmoothing,
        List<Path> teachers,
        double teacherWeight,
        int maxStepsPerEpoch,
        int minFaceSize,
        boolean progressBar) {}
