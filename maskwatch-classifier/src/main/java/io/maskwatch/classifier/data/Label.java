package io.maskwatch.classifier.data;

import java.util.Locale;
import java.util.Optional;

/** The two classes MaskWatch decides between, in the network's output order. */
public enum Label {
    WITH_MASK("with_mask"),
    WITHOUT_MASK("without_mask");

    private final String folderName;

    Label(String folderName) {
        this.folderName = folderName;
    }

    /** Canonical name, as in {@code labels.txt} and class folders. */
    public String id() {
        return folderName;
    }

    /** Short name used in reports and detection output ({@code mask} / {@code no_mask}). */
    public String shortName() {
        return this == WITH_MASK ? "mask" : "no_mask";
    }

    /**
     * Maps a class folder or annotation name to a label. {@code mask_weared_incorrect} (nose out)
     * is a violation unless the caller decides otherwise, so it is handled by the reader.
     */
    public static Optional<Label> fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "with_mask", "mask", "masked" -> Optional.of(WITH_MASK);
            case "without_mask", "no_mask", "nomask", "unmasked" -> Optional.of(WITHOUT_MASK);
            default -> Optional.empty();
        };
    }
}
