package io.maskwatch.vision.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.FaceDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A PASCAL VOC folder ({@code images/} + {@code annotations/}) drawn at test time from real faces
 * ({@link FaceSamples}, so it needs ../shared), laid out so an end-to-end evaluation's counts are
 * known exactly. Each face is annotated with the box detect's still-image detector finds for it,
 * grown by 8% on each side as a human annotator's box would differ (IoU about 0.74).
 *
 * <ul>
 *   <li>{@code one.png}: two unmasked faces and one masked face, all annotated;
 *   <li>{@code two.png}: a masked face (annotated), an unmasked face nobody annotated, and an
 *       annotated unmasked face where nothing is drawn (the detector cannot find it);
 *   <li>{@code three.png}: an unmasked face annotated {@code mask_weared_incorrect};
 *   <li>{@code four.png}: not an image (unreadable), with one annotated face.
 * </ul>
 *
 * <p>So: 6 readable annotated faces (5 found), 4 count as unmasked (3 found), 5 detections on
 * with_mask, without_mask or no face plus one on the worn-incorrectly face, one detection on no face.
 * With a classifier that says "no mask" to everything: no-mask recall 3/4, precision 2/5.
 */
public final class AnnotatedScenes {
    public static final int ANNOTATED_READABLE = 6;
    private static final int[][] PLACES = {{20, 100}, {250, 100}, {480, 100}};
    private static final int FACE_HEIGHT = 120;
    /** Where {@code two.png}'s undrawn face is annotated. */
    private static final Detection NOTHING_THERE = new Detection(480, 100, 580, 220, 1f);

    private AnnotatedScenes() {}

    private record Annotated(String label, Detection box) {}

    public static Path write(Path root) throws Exception {
        List<Mat> masked = FaceSamples.detectableAt("with_mask", 2, FACE_HEIGHT, PLACES);
        List<Mat> unmasked = FaceSamples.detectableAt("without_mask", 3, FACE_HEIGHT, PLACES);
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("annotations"));
        try (FaceDetector still = FaceSamples.stillDetector(0)) {
            scene(
                    root,
                    "one.png",
                    still,
                    List.of(unmasked.get(0), unmasked.get(1), masked.get(0)),
                    List.of("without_mask", "without_mask", "with_mask"),
                    List.of());
            scene(
                    root,
                    "two.png",
                    still,
                    List.of(masked.get(1), unmasked.get(2)),
                    List.of("with_mask", ""),
                    List.of(new Annotated("without_mask", NOTHING_THERE)));
            scene(root, "three.png", still, List.of(unmasked.get(0)), List.of("mask_weared_incorrect"), List.of());
        }
        Files.writeString(root.resolve("images/four.png"), "not a picture");
        writeXml(root, "four.png", List.of(new Annotated("without_mask", NOTHING_THERE)));
        for (Mat m : masked) {
            m.close();
        }
        for (Mat m : unmasked) {
            m.close();
        }
        return root;
    }

    /**
     * Draws faces at {@link #PLACES} in order and annotates each with its label ("": not annotated)
     * at the box the detector finds for it, plus any {@code extra} annotations.
     */
    private static void scene(
            Path root, String name, FaceDetector still, List<Mat> faces, List<String> labels, List<Annotated> extra) {
        List<Annotated> objects = new ArrayList<>();
        try (Mat canvas = Scene.background(Scene.WIDTH, Scene.HEIGHT)) {
            for (int i = 0; i < faces.size(); i++) {
                Scene.paste(canvas, faces.get(i), PLACES[i][0], PLACES[i][1]);
            }
            List<Detection> found = still.detect(canvas);
            if (found.size() != faces.size()) {
                throw new AssertionError(name + ": the still detector finds " + found.size() + " faces, not the "
                        + faces.size() + " drawn: " + found);
            }
            for (int i = 0; i < faces.size(); i++) {
                Mat face = faces.get(i);
                Detection drawn = new Detection(
                        PLACES[i][0], PLACES[i][1], PLACES[i][0] + face.cols(), PLACES[i][1] + face.rows(), 1f);
                Detection box = found.stream()
                        .filter(d -> Detection.iou(d, drawn) > 0.2f)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(name + ": no detection on the face at " + drawn));
                if (!labels.get(i).isEmpty()) {
                    float grow = box.width() * 0.08f;
                    objects.add(new Annotated(
                            labels.get(i),
                            new Detection(box.x1() - grow, box.y1() - grow, box.x2() + grow, box.y2() + grow, 1f)));
                }
            }
            imwrite(root.resolve("images").resolve(name).toString(), canvas);
        }
        objects.addAll(extra);
        writeXml(root, name, objects);
    }

    private static void writeXml(Path root, String image, List<Annotated> objects) {
        StringBuilder xml = new StringBuilder("<annotation>\n  <filename>" + image + "</filename>\n  <size><width>"
                + Scene.WIDTH + "</width><height>" + Scene.HEIGHT + "</height><depth>3</depth></size>\n");
        for (Annotated o : objects) {
            xml.append(String.format(
                    Locale.ROOT,
                    "  <object><name>%s</name><bndbox><xmin>%.0f</xmin><ymin>%.0f</ymin><xmax>%.0f</xmax>"
                            + "<ymax>%.0f</ymax></bndbox></object>%n",
                    o.label(),
                    o.box().x1(),
                    o.box().y1(),
                    o.box().x2(),
                    o.box().y2()));
        }
        xml.append("</annotation>\n");
        try {
            Files.writeString(root.resolve("annotations").resolve(image.replace(".png", ".xml")), xml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
