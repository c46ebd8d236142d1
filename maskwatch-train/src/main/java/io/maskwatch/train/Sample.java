package io.maskwatch.train;

import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * A face decoded for training, with the colour augmentation fills uncovered corners with.
 *
 * @param faceInPixels where the face box lies in {@code pixels}, or {@code null} when unknown (a picture
 *     used whole); synthetic masks are only painted where it is known
 * @param wornIncorrectly annotated mask_weared_incorrect (may be shown more often, see {@link BatchMaker})
 */
record Sample(BufferedImage pixels, Color fill, Label label, LabelledFace.Box faceInPixels, boolean wornIncorrectly) {

    /** A face not annotated as worn incorrectly. */
    Sample(BufferedImage pixels, Color fill, Label label, LabelledFace.Box faceInPixels) {
        this(pixels, fill, label, faceInPixels, false);
    }
}
