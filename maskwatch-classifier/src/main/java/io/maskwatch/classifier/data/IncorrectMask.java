package io.maskwatch.classifier.data;

/** What a {@code mask_weared_incorrect} annotation (mask below the nose) counts as. */
public enum IncorrectMask {
    /** A violation: the default, since a nose out of the mask is not compliant. */
    NO_MASK,
    MASK,
    /** Left out of the data set. */
    SKIP
}
