package io.maskwatch.classifier.data;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The faces read from one data folder, and what was set aside while reading it.
 *
 * @param root the folder
 * @param layout how it was laid out
 * @param faces the faces, in a stable order (sorted by file name)
 * @param skipped files or boxes that could not be used, with the reason
 */
public record DataSet(Path root, Layout layout, List<LabelledFace> faces, List<String> skipped) {

    public enum Layout {
        /** {@code with_mask/}, {@code without_mask/} folders of face crops. */
        CLASS_FOLDERS,
        /** {@code images/} + PASCAL VOC {@code annotations/}. */
        VOC
    }

    public Map<Label, Integer> countByLabel() {
        Map<Label, Integer> counts = new EnumMap<>(Label.class);
        for (Label label : Label.values()) {
            counts.put(label, 0);
        }
        faces.forEach(f -> counts.merge(f.label(), 1, Integer::sum));
        return counts;
    }

    public String summary() {
        Map<Label, Integer> counts = countByLabel();
        return root + " (" + layout.name().toLowerCase(java.util.Locale.ROOT) + "): " + faces.size() + " faces, "
                + counts.get(Label.WITH_MASK) + " with mask / " + counts.get(Label.WITHOUT_MASK) + " without"
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped");
    }
}
