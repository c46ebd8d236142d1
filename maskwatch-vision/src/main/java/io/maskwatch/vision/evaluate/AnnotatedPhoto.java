package io.maskwatch.vision.evaluate;

import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.data.DataSet;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.vision.detect.Detection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A photo and every face annotated in it. The end-to-end evaluation works per photo: a detection
 * can only be judged against all the faces of its photo, so photos are never split by face.
 */
public record AnnotatedPhoto(Path image, List<Face> faces) {

    /** One annotated face. */
    public record Face(MatchedFace.Truth truth, Detection box) {}

    /**
     * The photos of a VOC data set, in the reader's order. Read it with {@link IncorrectMask#NO_MASK}
     * or {@link IncorrectMask#MASK} (not SKIP): a worn-incorrectly face must stay, or a detection on
     * it would count as one on no face.
     */
    public static List<AnnotatedPhoto> of(List<LabelledFace> faces) {
        Map<Path, List<Face>> byImage = new LinkedHashMap<>();
        for (LabelledFace f : faces) {
            LabelledFace.Box b = f.box();
            if (b == null) {
                throw new IllegalArgumentException(f.image() + " has no annotated box: not a VOC data set");
            }
            byImage.computeIfAbsent(f.image(), k -> new ArrayList<>())
                    .add(new Face(truthOf(f), new Detection(b.x1(), b.y1(), b.x2(), b.y2(), 1f)));
        }
        List<AnnotatedPhoto> photos = new ArrayList<>();
        byImage.forEach((image, list) -> photos.add(new AnnotatedPhoto(image, List.copyOf(list))));
        return photos;
    }

    /**
     * The photos the model held out for validation from this data set: those of the faces {@link
     * DataSplit#heldOutBy} gives, the split made with mask_weared_incorrect counted as the model's
     * training counted it (model.json {@code incorrect_mask_as}), whatever this evaluation counts it
     * as, since the split stratifies photos by whether they hold an unmasked face.
     *
     * @param all the data set read with worn-incorrectly faces kept (as no mask)
     */
    public static List<AnnotatedPhoto> heldOutBy(ModelManifest manifest, DataSet all) {
        IncorrectMask trainedAs = incorrectMaskOf(manifest);
        List<LabelledFace> asTrained = new ArrayList<>();
        for (LabelledFace f : all.faces()) {
            if (!f.wornIncorrectly() || trainedAs == IncorrectMask.NO_MASK) {
                asTrained.add(f);
            } else if (trainedAs == IncorrectMask.MASK) {
                asTrained.add(new LabelledFace(f.group(), f.image(), f.box(), Label.WITH_MASK, f.faceWidth(), true));
            }
        }
        DataSet split = new DataSet(all.root(), all.layout(), asTrained, all.skipped());
        Set<Path> heldOut = DataSplit.heldOutBy(manifest, split).stream()
                .map(LabelledFace::image)
                .collect(Collectors.toSet());
        return of(all.faces().stream().filter(f -> heldOut.contains(f.image())).toList());
    }

    private static IncorrectMask incorrectMaskOf(ModelManifest manifest) {
        Object recorded =
                manifest.training() == null ? null : manifest.training().get("incorrect_mask_as");
        if (recorded instanceof String s) {
            try {
                return IncorrectMask.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // An unknown value: train's default, as for models that record none.
            }
        }
        return IncorrectMask.NO_MASK;
    }

    private static MatchedFace.Truth truthOf(LabelledFace f) {
        if (f.wornIncorrectly()) {
            return MatchedFace.Truth.WORN_INCORRECTLY;
        }
        return f.label() == Label.WITHOUT_MASK ? MatchedFace.Truth.WITHOUT_MASK : MatchedFace.Truth.WITH_MASK;
    }
}
