package io.maskwatch.vision.track;

/** What is known about a face's mask. */
public enum MaskLabel {
    MASK("mask", "Mask"),
    NO_MASK("no_mask", "No Mask"),
    /** Narrower than the classifier can judge: counted, not classified. */
    TOO_SMALL("too_small", "Small"),
    /** Not classified yet. */
    UNKNOWN("unknown", "?");

    private final String key;
    private final String caption;

    MaskLabel(String key, String caption) {
        this.key = key;
        this.caption = caption;
    }

    /** The label in JSON output ({@code no_mask}). */
    public String key() {
        return key;
    }

    /** The label drawn on frames ({@code No Mask}). */
    public String caption() {
        return caption;
    }
}
