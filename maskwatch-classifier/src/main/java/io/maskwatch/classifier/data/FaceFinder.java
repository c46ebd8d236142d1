package io.maskwatch.classifier.data;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Finds the face in a picture of a class folder, which says what the picture shows but not
 * where the face is. In production the classifier only ever sees squares cut around detected
 * faces; pictures of whole people, or faces stretched into a non-square picture, look different.
 * Finding the face with the production detector and cutting it with the model's crop rule makes
 * training and evaluation see what deployed cameras give the classifier.
 */
public interface FaceFinder extends AutoCloseable {

    /** Uses every picture whole, as it is. */
    FaceFinder WHOLE_PICTURES = new FaceFinder() {
        @Override
        public Optional<LabelledFace.Box> find(BufferedImage picture) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "none (pictures used whole)";
        }
    };

    /** The face to classify in {@code picture}, or empty when none is found (the picture is then used whole). */
    Optional<LabelledFace.Box> find(BufferedImage picture);

    /** What finds the faces, for reports and {@code model.json}. */
    String describe();

    /**
     * How much pictures are enlarged before the search (1: as they are). Recorded in model.json,
     * so that evaluate searches a model's test pictures as its training pictures were searched.
     */
    default double imageScale() {
        return 1.0;
    }

    /** Releases what the finder holds (a native detector); nothing by default. */
    @Override
    default void close() {}
}
