package io.maskwatch.classifier.data;

import java.nio.file.Path;

/**
 * One face of a data set: an image file and, for annotated photos, the face box in it.
 *
 * @param group the photo it comes from; faces of one photo always fall in the same split
 * @param image the image file
 * @param box the annotated face box in pixels, or {@code null} when the whole image is the face
 * @param label the class
 * @param faceWidth width of the face in pixels (box width, or image width for crops; 0 if unknown)
 * @param wornIncorrectly annotated {@code mask_weared_incorrect} (mask below the nose), whichever
 *     label that was given
 */
public record LabelledFace(String group, Path image, Box box, Label label, int faceWidth, boolean wornIncorrectly) {

    /** A face box in pixels of its image. */
    public record Box(int x1, int y1, int x2, int y2) {
        public int width() {
            return x2 - x1;
        }

        public int height() {
            return y2 - y1;
        }
    }

    /** This picture's face where a {@link FaceFinder} found it. */
    public LabelledFace withFoundBox(Box found) {
        return new LabelledFace(group, image, found, label, found.width(), wornIncorrectly);
    }

    /** This face counted in another group (a near-duplicate's, {@link NearDuplicates}). */
    public LabelledFace inGroup(String other) {
        return new LabelledFace(other, image, box, label, faceWidth, wornIncorrectly);
    }

    public String describe() {
        return box == null ? image.toString() : image + " box " + box.x1 + "," + box.y1 + "," + box.x2 + "," + box.y2;
    }
}
