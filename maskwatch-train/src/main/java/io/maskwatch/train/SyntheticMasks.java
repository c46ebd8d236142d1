package io.maskwatch.train;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.train.augment.MaskPainter;
import io.maskwatch.train.augment.MaskPainter.Placement;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * When to show an unmasked training face with a painted mask, and what it is then labelled: half
 * the painted masks are worn properly (with_mask), the other half wrongly, which counts as
 * {@code incorrectMask} says (no_mask by default, like mask_weared_incorrect boxes; with
 * {@link IncorrectMask#SKIP} only proper ones are painted). Of the wrongly worn, three in four sit
 * below the nose and one under the chin: masks below the nose are the scene photos' hard cases
 * (the nose is all that tells them apart), and one under the chin is often cut off by the crop.
 *
 * @param probability chance that an unmasked face with a known box is painted (0: never)
 */
record SyntheticMasks(double probability, IncorrectMask incorrectMask) {

    static final SyntheticMasks NONE = new SyntheticMasks(0, IncorrectMask.NO_MASK);

    /** Pixels and label of one draw of a sample. */
    record Drawn(BufferedImage pixels, Label label) {}

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
                : (random.nextDouble() < 0.75 ? Placement.BELOW_NOSE : Placement.UNDER_CHIN);
        BufferedImage painted = MaskPainter.paint(sample.pixels(), sample.faceInPixels(), placement, random);
        boolean compliant = placement.covers() || incorrectMask == IncorrectMask.MASK;
        return new Drawn(painted, compliant ? Label.WITH_MASK : Label.WITHOUT_MASK);
    }
}
