package io.maskwatch.vision.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.maskwatch.classifier.ModelLocator;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.data.DataSet;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.classifier.data.FaceDataSetReader;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Every detection on the mask-scenes photos, made as {@code detect} makes them for still images
 * (YuNet at the default threshold, images enlarged 2x up to 1600 px), the face check off, each
 * matched to the annotated face it overlaps most (IoU >= 0.4, as in {@link YuNetRecallTest}).
 * Photos are split as the shipped model split them: its held-out photos are never used to fit.
 */
final class SceneDetections {
    static final float MATCH_IOU = 0.4f;

    /**
     * One detection.
     *
     * @param heldOut its photo is one the shipped model held out
     * @param face the annotated face it matches, {@code null}: none (mostly not a face)
     */
    record Found(
            String photo, boolean heldOut, Detection detection, int imageWidth, int imageHeight, LabelledFace face) {
        boolean matched() {
            return face != null;
        }

        boolean unmasked() {
            return face != null && face.label() == Label.WITHOUT_MASK;
        }
    }

    private SceneDetections() {}

    static List<Found> scan() {
        Path scenes = SharedData.require("data/mask-scenes");
        Path model = SharedData.require("models/face_detection_yunet_2023mar.onnx");
        ModelManifest manifest = ModelManifest.read(SharedData.repoRoot().resolve(ModelLocator.SHIPPED_MODEL));
        DataSet all = new FaceDataSetReader(IncorrectMask.NO_MASK).read(scenes);
        Set<String> heldOut = DataSplit.heldOutBy(manifest, all).stream()
                .map(LabelledFace::group)
                .collect(Collectors.toSet());
        Map<String, List<LabelledFace>> photos = new LinkedHashMap<>();
        all.faces()
                .forEach(f -> photos.computeIfAbsent(f.group(), k -> new ArrayList<>())
                        .add(f));
        FaceDetectors.Choice yunet = new FaceDetectors.Choice(FaceDetectors.Kind.YUNET, model, null, false);
        List<Found> out = new ArrayList<>();
        try (FaceDetector detector = FaceDetectors.create(yunet, 0.6, 2.0, 1600, 0, FaceCheck.Settings.OFF)) {
            photos.forEach((photo, faces) -> {
                try (Mat bgr = imread(photo)) {
                    for (Detection d : detector.detect(bgr)) {
                        out.add(new Found(photo, heldOut.contains(photo), d, bgr.cols(), bgr.rows(), best(d, faces)));
                    }
                }
            });
        }
        return out;
    }

    private static LabelledFace best(Detection d, List<LabelledFace> faces) {
        LabelledFace best = null;
        float bestIou = MATCH_IOU;
        for (LabelledFace f : faces) {
            LabelledFace.Box b = f.box();
            float iou = Detection.iou(d, new Detection(b.x1(), b.y1(), b.x2(), b.y2(), 1f));
            if (iou >= bestIou) {
                best = f;
                bestIou = iou;
            }
        }
        return best;
    }
}
