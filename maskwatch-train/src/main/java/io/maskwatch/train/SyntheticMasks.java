package io.maskwatch.train;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.train.augment.MaskPainter;
import io.maskwatch.train.augment.MaskPainter.Fabric;
import io.maskwatch.train.augment.MaskPainter.Placement;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * When to show an unmasked training face with a painted mask, and what it is then labelled: half
 * the painted masks are worn properly (with_mask), the other half wrongly, which counts as
 * {@code incorrectMask} says (no_mask by default, like mask_weared_incorrect boxes; with
 * {@link IncorrectMask#SKIP} only proper ones are painted). Of the wrongly worn, three in five sit
 * below the nose, one under the chin and one on the neck: masks below the nose are the scene
 * photos' hard cases (the nose is all that tells them apart); one on the neck, the face bare,
 * teaches that a mask in sight is not a mask worn.
 *
 * <p>A share of the masks ({@code realFabric}) is cut from the cloth of real masks on the masked
 * training faces instead of drawn: the painted patterns taught colours and prints, but the masks the
 * models still missed were real ones worn below the nose, whose texture, folds and light no drawn
 * pattern has.
 *
 * @param probability chance that an unmasked face with a known box is painted (0: never)
 * <p>A share of the drawn masks ({@code respirators}) are respirators: N95-like cups, white, grey or
 * blue, with a valve now and then ({@link MaskPainter#paintRespirator}); worn wrongly they are as any
 * other mask.
 *
 * @param probability chance that an unmasked face with a known box is painted (0: never)
 * @param realFabric chance that a painted mask is cut from one of {@code fabrics} (0: always drawn)
 * @param respirators chance that a drawn mask is a respirator (0: never)
 */
record SyntheticMasks(
        double probability, IncorrectMask incorrectMask, double realFabric, double respirators, List<Fabric> fabrics) {

    static final SyntheticMasks NONE = new SyntheticMasks(0, IncorrectMask.NO_MASK);

    /** Drawn masks only, no respirators. */
    SyntheticMasks(double probability, IncorrectMask incorrectMask) {
        this(probability, incorrectMask, 0, 0, List.of());
    }

    /** Cuts the fabrics from the masked faces of {@code samples} whose box is known and wide enough. */
    static SyntheticMasks from(
            double probability,
            IncorrectMask incorrectMask,
            double realFabric,
            double respirators,
            List<Sample> samples) {
        if (probability == 0 || realFabric == 0) {
            return new SyntheticMasks(probability, incorrectMask, 0, respirators, List.of());
        }
        List<Fabric> fabrics = samples.stream()
                .filter(s -> s.label() == Label.WITH_MASK && s.faceInPixels() != null)
                .flatMap(s -> Fabric.of(s.pixels(), s.faceInPixels()).stream())
                .toList();
        return new SyntheticMasks(probability, incorrectMask, realFabric, respirators, fabrics);
    }

    /** Pixels and label of one draw of a sample. */
    record Drawn(BufferedImage pixels, Label label) {}

    /** Of the wrongly worn: 3 in 5 below the nose, 1 in 5 under the chin, 1 in 5 on the neck. */
    private static Placement wrongPlacement(double draw) {
        if (draw < 0.6) {
            return Placement.BELOW_NOSE;
        }
        return draw < 0.8 ? Placement.UNDER_CHIN : Placement.ON_NECK;
    }

    Drawn draw(Sample sample, Random random) {
        // No random number is drawn when off, so runs without synthetic masks stay as they were.
        if (probability == 0
                || sample.label() != Label.WITHOUT_MASK
                || sample.faceInPixels() == null
                || random.nextDouble() >= probability) {
            return new Drawn(sample.pixels(), sample.label());
        }
        Placement placement = incorrectMask == IncorrectMask.SKIP || random.nextBoolean()
                ? Placement.OVER_NOSE
                : wrongPlacement(random.nextDouble());
        // Only drawn when real fabric is asked for, so runs without it stay as they were.
        Fabric fabric = realFabric > 0 && !fabrics.isEmpty() && random.nextDouble() < realFabric
                ? fabrics.get(random.nextInt(fabrics.size()))
                : null;
        // Only drawn when respirators are asked for, so runs without them stay as they were.
        boolean respirator = fabric == null && respirators > 0 && random.nextDouble() < respirators;
        BufferedImage painted = respirator
                ? MaskPainter.paintRespirator(sample.pixels(), sample.faceInPixels(), placement, random)
                : MaskPainter.paint(sample.pixels(), sample.faceInPixels(), placement, fabric, random);
        boolean compliant = placement.covers() || incorrectMask == IncorrectMask.MASK;
        return new Drawn(painted, compliant ? Label.WITH_MASK : Label.WITHOUT_MASK);
    }
}
