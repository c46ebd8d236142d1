package io.maskwatch.train.augment;

/** The augmentation recipes {@code train --augmentation} offers. */
public enum Augmentation {
    /** Everything {@link Augmenter} does, colour changes and zooming out included (the default). */
    STANDARD,
    /** The first shipped models' recipe: geometry, down-scaling blur, brightness, contrast, JPEG. */
    BASIC,
    /** None: a plain resize (tests, and to see what augmentation buys). */
    NONE;

    public Augmenter.Settings settings() {
        Augmenter.Settings standard = Augmenter.Settings.standard();
        return switch (this) {
            case STANDARD -> standard;
            case BASIC -> standard.withoutColourOrZoomOut();
            case NONE -> Augmenter.Settings.none();
        };
    }
}
