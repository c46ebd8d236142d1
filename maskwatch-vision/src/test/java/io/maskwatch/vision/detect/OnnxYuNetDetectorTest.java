package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * YuNet in ONNX Runtime ({@link OnnxYuNetDetector}) against OpenCV's {@code FaceDetectorYN}
 * ({@link YuNetDetector}) on real crowd photos, at their own size and enlarged twice as {@code
 * detect} analyses photos: the same faces, box for box (IoU >= 0.9), scores within 0.01.
 */
class OnnxYuNetDetectorTest {
    private static final int PHOTOS = 40;
    private static final float THRESHOLD = 0.6f;

    @Test
    void findsTheFacesOpenCvFindsOnRealPhotos() throws Exception {
        Path model = SharedData.require("models/face_detection_yunet_2023mar.onnx");
        List<Path> photos = photos(SharedData.require("data/mask-scenes/images"), PHOTOS);
        Comparison native1 = new Comparison();
        Comparison enlarged = new Comparison();
        try (FaceDetector opencv = YuNetDetector.load(model, THRESHOLD);
                FaceDetector onnx = OnnxYuNetDetector.load(model, THRESHOLD, InferenceProvider.CPU, 1);
                FaceDetector opencv2 = new ScaledDetector(YuNetDetector.load(model, THRESHOLD), 2.0, 1600);
                FaceDetector onnx2 = new ScaledDetector(
                        OnnxYuNetDetector.load(model, THRESHOLD, InferenceProvider.CPU, 1), 2.0, 1600)) {
            for (Path photo : photos) {
                try (Mat bgr = imread(photo.toString())) {
                    native1.add(photo, opencv.detect(bgr), onnx.detect(bgr));
                    enlarged.add(photo, opencv2.detect(bgr), onnx2.detect(bgr));
                }
            }
        }
        native1.print("own size");
        enlarged.print("enlarged x2");
        for (Comparison c : List.of(native1, enlarged)) {
            assertThat(c.differences).as("photos where the two differ").isEmpty();
            assertThat(c.faces).as("faces compared").isGreaterThan(100);
        }
    }

    @Test
    void runsOnTheCpuWhenCudaIsAskedForButThisOnnxRuntimeHasNone() throws Exception {
        Path model = SharedData.require("models/face_detection_yunet_2023mar.onnx");
        Path photo = photos(SharedData.require("data/mask-scenes/images"), 1).get(0);
        try (OnnxYuNetDetector cuda = OnnxYuNetDetector.load(model, THRESHOLD, InferenceProvider.CUDA, 1);
                OnnxYuNetDetector cpu = OnnxYuNetDetector.load(model, THRESHOLD, InferenceProvider.CPU, 1);
                Mat bgr = imread(photo.toString())) {
            assertThat(cuda.provider().asked()).isEqualTo(InferenceProvider.CUDA);
            assertThat(cuda.provider().used()).isEqualTo(InferenceProvider.CPU);
            assertThat(cuda.provider().describe())
                    .startsWith("onnxruntime cpu (")
                    .contains(
                            "cuda asked for: this ONNX Runtime has no CUDA provider (the GPU variant is built with -Pgpu)");
            assertThat(cpu.provider().fellBack()).isFalse();
            assertThat(cuda.detect(bgr)).isNotEmpty().isEqualTo(cpu.detect(bgr));
        }
    }

    /** Every n-th photo of the folder, {@code count} in all (a spread, not the first few). */
    static List<Path> photos(Path folder, int count) throws Exception {
        List<Path> all;
        try (Stream<Path> files = Files.list(folder)) {
            all = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        int step = Math.max(1, all.size() / count);
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < all.size() && chosen.size() < count; i += step) {
            chosen.add(all.get(i));
        }
        return chosen;
    }

    /** The two detectors' faces, photo by photo. */
    private static final class Comparison {
        int photos;
        int faces;
        float minIou = 1;
        float maxScoreDifference;
        double sumScoreDifference;
        final List<String> differences = new ArrayList<>();

        void add(Path photo, List<Detection> opencv, List<Detection> onnx) {
            photos++;
            if (opencv.size() != onnx.size()) {
                differences.add(photo.getFileName() + ": " + opencv.size() + " faces in OpenCV, " + onnx.size()
                        + " in ONNX Runtime: " + opencv + " / " + onnx);
                return;
            }
            List<Detection> left = new ArrayList<>(onnx);
            for (Detection d : opencv) {
                Detection best = null;
                for (Detection o : left) {
                    if (best == null || Detection.iou(d, o) > Detection.iou(d, best)) {
                        best = o;
                    }
                }
                float iou = Detection.iou(d, best);
                float scoreDifference = Math.abs(d.score() - best.score());
                left.remove(best);
                faces++;
                minIou = Math.min(minIou, iou);
                maxScoreDifference = Math.max(maxScoreDifference, scoreDifference);
                sumScoreDifference += scoreDifference;
                if (iou < 0.9f || scoreDifference > 0.01f) {
                    differences.add(photo.getFileName() + ": " + d + " in OpenCV, " + best + " in ONNX Runtime");
                }
            }
        }

        void print(String how) {
            System.out.printf(
                    Locale.ROOT,
                    "YuNet, ONNX Runtime against OpenCV, %d photos at %s: %d faces, lowest IoU %.6f,"
                            + " score difference max %.2e mean %.2e, %d difference(s)%n",
                    photos,
                    how,
                    faces,
                    minIou,
                    maxScoreDifference,
                    faces == 0 ? 0 : sumScoreDifference / faces,
                    differences.size());
            differences.forEach(d -> System.out.println("  " + d));
        }
    }
}
