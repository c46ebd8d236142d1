package io.maskwatch.classifier.data;

import io.maskwatch.classifier.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded, stratified split into training and validation faces. It splits whole groups (photos,
 * joined with their near-duplicates by {@link NearDuplicates}), so no photo and no copy of it lends
 * faces to both sides, and stratifies groups by whether they hold an unmasked face, so both sides
 * see the minority class. The same data, fraction, seed and grouping always give the same split:
 * evaluation reproduces the held-out part from the numbers in {@code model.json}.
 */
public record DataSplit(List<LabelledFace> train, List<LabelledFace> validation) {
    /**
     * model.json's record of the near-duplicate distance a split joined photos at. Models trained
     * before near-duplicates were joined lack it: their splits are by photo alone.
     */
    public static final String NEAR_DUPLICATE_DISTANCE = "split_near_duplicate_distance";

    /** The grouping of models that record no near-duplicate distance: each photo its own group. */
    public static final int PHOTOS_ONLY = -1;

    /**
     * Joins near-duplicate photos into one group ({@code distance} as in {@link NearDuplicates};
     * {@link #PHOTOS_ONLY}: none), then splits.
     */
    public static DataSplit of(List<LabelledFace> faces, double validationFraction, long seed, int distance) {
        List<LabelledFace> grouped = distance == PHOTOS_ONLY
                ? faces
                : NearDuplicates.group(faces, distance).faces();
        return of(grouped, validationFraction, seed);
    }

    /** The near-duplicate distance the model's split joined photos at, or {@link #PHOTOS_ONLY}. */
    public static int nearDuplicateDistance(ModelManifest manifest) {
        Map<String, Object> training = manifest.training();
        return training != null && training.get(NEAR_DUPLICATE_DISTANCE) instanceof Number n
                ? n.intValue()
                : PHOTOS_ONLY;
    }

    public static DataSplit of(List<LabelledFace> faces, double validationFraction, long seed) {
        Map<String, List<LabelledFace>> groups = new LinkedHashMap<>();
        faces.forEach(
                f -> groups.computeIfAbsent(f.group(), k -> new ArrayList<>()).add(f));
        List<String> withUnmasked = new ArrayList<>();
        List<String> allMasked = new ArrayList<>();
        groups.forEach((key, members) -> {
            boolean unmasked = members.stream().anyMatch(f -> f.label() == Label.WITHOUT_MASK);
            (unmasked ? withUnmasked : allMasked).add(key);
        });
        Set<String> validationGroups = new HashSet<>();
        validationGroups.addAll(pick(withUnmasked, validationFraction, new Random(seed)));
        validationGroups.addAll(pick(allMasked, validationFraction, new Random(seed + 1)));
        List<LabelledFace> train = new ArrayList<>();
        List<LabelledFace> validation = new ArrayList<>();
        for (LabelledFace face : faces) {
            (validationGroups.contains(face.group()) ? validation : train).add(face);
        }
        return new DataSplit(train, validation);
    }

    /** model.json's role of a training folder used whole ({@code train --train-whole}). */
    public static final String TRAINED_WHOLE = "train (whole, nothing held out)";

    /**
     * The faces a model held out for validation from this data set: the same split training made,
     * from the fraction and seed recorded in its {@code model.json}.
     */
    public static List<LabelledFace> heldOutBy(ModelManifest manifest, DataSet dataSet) {
        Map<String, Object> training = manifest.training();
        if (training == null
                || !(training.get("validation_fraction") instanceof Number fraction)
                || fraction.doubleValue() <= 0
                || !(training.get("split_seed") instanceof Number seed)) {
            throw new DataSetException("model " + manifest.id()
                    + " records no validation split (it was validated on folders of its own), so no part of"
                    + " this data set is known to be held out: evaluate it on all of it, or on another folder");
        }
        if (trainedWhole(training, dataSet.root())) {
            throw new DataSetException("model " + manifest.id() + " was trained on all of " + dataSet.root()
                    + ", so none of it is held out; evaluate it on another folder, or on all of this one to see"
                    + " how well it learnt its training data");
        }
        return of(dataSet.faces(), fraction.doubleValue(), seed.longValue(), nearDuplicateDistance(manifest))
                .validation();
    }

    /**
     * Whether model.json lists this folder as used whole. Paths are recorded as given to
     * {@code train}, often relative to where it ran, so a recorded path matches any folder ending
     * in the same names.
     */
    private static boolean trainedWhole(Map<String, Object> training, Path folder) {
        if (!(training.get("sources") instanceof List<?> sources)) {
            return false;
        }
        Path absolute = folder.toAbsolutePath().normalize();
        for (Object source : sources) {
            if (source instanceof Map<?, ?> map
                    && TRAINED_WHOLE.equals(map.get("role"))
                    && map.get("path") instanceof String recorded
                    && absolute.endsWith(withoutLeadingDots(Path.of(recorded).normalize()))) {
                return true;
            }
        }
        return false;
    }

    private static Path withoutLeadingDots(Path path) {
        int first = 0;
        while (first < path.getNameCount() - 1 && path.getName(first).toString().equals("..")) {
            first++;
        }
        return path.isAbsolute() ? path : path.subpath(first, path.getNameCount());
    }

    private static List<String> pick(List<String> keys, double fraction, Random random) {
        List<String> shuffled = new ArrayList<>(keys);
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, random);
        int n = (int) Math.round(shuffled.size() * fraction);
        return shuffled.subList(0, n);
    }
}
