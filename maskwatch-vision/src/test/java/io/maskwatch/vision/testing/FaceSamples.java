package io.maskwatch.vision.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.config.DetectionConfig;
import io.maskwatch.vision.config.FaceDetectionConfig;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.FaceDetectors;
import io.maskwatch.vision.detect.ModelDirectories;
import io.maskwatch.vision.detect.YuNetDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Real face photos from {@code ../shared/data/mask-faces/val} for scenes drawn at test time (never
 * stored in the repository). Only photos on which YuNet finds the face wherever it is pasted on a
 * plain background are used, so a test's outcome does not hinge on a photo the detector cannot
 * see (which photo the classifier gets right is not screened: that is what tests check).
 */
public final class FaceSamples {
    private FaceSamples() {}

    public static Path yunetModel() {
        return SharedData.require("models/face_detection_yunet_2023mar.onnx");
    }

    /**
     * The detector detect runs on still images with its default settings (YuNet, images enlarged
     * x2), built through the factory detect uses; close it when done.
     */
    public static FaceDetector stillDetector(int minFaceSize) {
        FaceDetectors.Choice yunet = FaceDetectors.resolve(
                new FaceDetectionConfig(yunetModel().toString(), null, null, FaceDetectionConfig.DEFAULT_THRESHOLD),
                new ModelDirectories(null));
        return FaceDetectors.create(
                yunet,
                FaceDetectionConfig.DEFAULT_THRESHOLD,
                DetectionConfig.DEFAULT_IMAGE_SCALE,
                DetectionConfig.DEFAULT_IMAGE_MAX_SIDE,
                minFaceSize);
    }

    /**
     * @param kind {@code with_mask} or {@code without_mask}
     * @param height each photo is resized to this height (pixels)
     */
    public static List<Mat> detectable(String kind, int count, int height) throws Exception {
        return detectableAt(kind, count, height, null);
    }

    /**
     * Like {@link #detectable}, screened at the top-left corners where the test will paste the
     * faces ({@code null}: a few places spread over a scene).
     */
    public static List<Mat> detectableAt(String kind, int count, int height, int[][] places) throws Exception {
        Path folder = SharedData.require("data/mask-faces/val/" + kind);
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.sorted().toList();
        }
        List<Mat> out = new ArrayList<>();
        try (YuNetDetector detector = YuNetDetector.load(yunetModel(), 0.6f)) {
            for (Path file : files) {
                if (out.size() == count) {
                    break;
                }
                Mat face = scaled(imread(file.toString()), height);
                if (face.cols() > 0 && seenAlone(detector, face, places)) {
                    out.add(face);
                } else {
                    face.close();
                }
            }
        }
        if (out.size() < count) {
            throw new AssertionError("only " + out.size() + " detectable faces in " + folder);
        }
        return out;
    }

    /**
     * Whether YuNet finds the face, and only it, wherever a scene may put it: at several places of
     * a scene-sized frame (a masked face the detector sees in one place can escape it in another).
     */
    private static boolean seenAlone(YuNetDetector detector, Mat face, int[][] at) {
        int maxX = Math.max(0, Scene.WIDTH - face.cols());
        int maxY = Math.max(0, Scene.HEIGHT - face.rows());
        int[][] places = at != null
                ? at
                : new int[][] {
                    {maxX / 10, maxY / 10}, {maxX / 2, maxY / 2}, {maxX * 9 / 10, maxY * 9 / 10}, {maxX / 4, maxY}
                };
        for (int[] p : places) {
            try (Mat canvas = Scene.background(Scene.WIDTH, Scene.HEIGHT)) {
                Scene.paste(canvas, face, p[0], p[1]);
                List<Detection> found = detector.detect(canvas);
                Detection truth = new Detection(p[0], p[1], p[0] + face.cols(), p[1] + face.rows(), 1);
                if (found.size() != 1 || Detection.iou(found.get(0), truth) <= 0.2f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Mat scaled(Mat image, int height) {
        if (image.empty()) {
            return image;
        }
        int width = Math.max(1, Math.round(image.cols() * height / (float) image.rows()));
        Mat out = new Mat();
        try (Size size = new Size(width, height)) {
            resize(image, out, size, 0, 0, INTER_AREA);
        }
        image.close();
        return out;
    }
}
