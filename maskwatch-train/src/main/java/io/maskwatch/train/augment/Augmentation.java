package io.maskwatch.train.augment;

/** The augmentation recipes {@code train --augmentation} offers. */
public enum Augmentation {
    /** Geometry, down-scaling blur, brightness, contrast, JPEG: the shipped models' recipe (default). */
    STANDARD,
    /** STANDARD plus hue rotation, saturation, grayscale and zooming out (tried; see the model card). */
    COLOUR,
    /** None: a plain resize (tests, and to see what augmentation buys). */
    NONE;

    public Augmenter.Settings settings() {
        return switch (this) {
            case STANDARD -> Augmenter.Settings.standard();
            case COLOUR -> Augmenter.Settings.colour();
            case NONE -> Augmenter.Settings.none();
        };
    }
}
