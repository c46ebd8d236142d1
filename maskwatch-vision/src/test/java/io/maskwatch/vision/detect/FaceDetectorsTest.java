package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.core.InputException;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.config.FaceDetectionConfig;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing and loading detectors; each detector on a real face pasted into a drawn frame. */
class FaceDetectorsTest {
    @TempDir
    Path dir;

    private static FaceDetectionConfig model(String model) {
        return new FaceDetectionConfig(model, null, null, 0.6);
    }

    @Test
    void yunetIsFoundInTheCacheAndWithoutItHaarIsTheLoudFallback() throws Exception {
        ModelDirectories empty = new ModelDirectories(dir.resolve("empty-cache").toString());
        FaceDetectors.Choice fallback = FaceDetectors.resolve(model("yunet"), empty);
        assertThat(fallback.kind()).isEqualTo(FaceDetectors.Kind.HAAR);
        assertThat(fallback.fallback()).isTrue();

        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.copy(FaceSamples.yunetModel(), cache.resolve(KnownModel.YUNET.fileName()));
        FaceDetectors.Choice yunet = FaceDetectors.resolve(model("yunet"), new ModelDirectories(cache.toString()));
        assertThat(yunet.kind()).isEqualTo(FaceDetectors.Kind.YUNET);
        assertThat(yunet.fallback()).isFalse();
        assertThat(yunet.modelName()).isEqualTo("face_detection_yunet_2023mar.onnx");
    }

    @Test
    void aModelOfAnotherKindOrAMissingFileIsAClearError() throws Exception {
        ModelDirectories dirs = new ModelDirectories(dir.toString());
        Path tflite = Files.write(dir.resolve("face.tflite"), new byte[] {1});
        assertThatThrownBy(() -> FaceDetectors.resolve(model(tflite.toString()), dirs))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is not a detector MaskWatch can run");
        assertThatThrownBy(() ->
                        FaceDetectors.resolve(model(dir.resolve("gone.onnx").toString()), dirs))
                .hasMessageContaining("models.face_detection.model: file not found");
        assertThatThrownBy(() -> FaceDetectors.resolve(model("ssd"), dirs))
                .hasMessageContaining("neither opencv_face_detector_uint8.pb nor");
        Path corrupt = Files.write(dir.resolve("bad.onnx"), new byte[] {0, 1, 2, 3});
        FaceDetectors.Choice choice = FaceDetectors.resolve(model(corrupt.toString()), dirs);
        assertThatThrownBy(() -> FaceDetectors.create(choice, 0.6, 1, 0, 0))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cannot be loaded by ONNX Runtime")
                .hasMessageContaining("run 'maskwatch models pull'");
        FaceDetectors.Choice inOpenCv =
                choice.with(new FaceDetectors.Inference(FaceDetectionConfig.Runtime.OPENCV, InferenceProvider.CPU, 1));
        assertThatThrownBy(() -> FaceDetectors.create(inOpenCv, 0.6, 1, 0, 0))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cannot be loaded by OpenCV");
    }

    @Test
    void theRuntimeComesFromTheConfigurationAndTheDetectorSaysWhatRunsIt() {
        ModelDirectories dirs = new ModelDirectories(dir.toString());
        String yunet = FaceSamples.yunetModel().toString();
        for (FaceDetectionConfig.Runtime runtime : FaceDetectionConfig.Runtime.values()) {
            FaceDetectors.Choice choice = FaceDetectors.resolve(
                            new FaceDetectionConfig(yunet, null, null, 0.6, runtime, InferenceProvider.CPU), dirs)
                    .withThreads(2);
            assertThat(choice.inference()).isEqualTo(new FaceDetectors.Inference(runtime, InferenceProvider.CPU, 2));
            try (FaceDetector detector = FaceDetectors.create(choice, 0.6, 2.0, 1600, 0)) {
                assertThat(detector.provider().runtime()).isEqualTo(runtime.configName());
                assertThat(detector.provider().used()).isEqualTo(InferenceProvider.CPU);
            }
        }
        assertThat(new FaceDetectors.Choice(FaceDetectors.Kind.YUNET, FaceSamples.yunetModel(), null, false)
                        .inference()
                        .runtime())
                .isEqualTo(FaceDetectionConfig.DEFAULT_RUNTIME)
                .isEqualTo(FaceDetectionConfig.Runtime.ONNXRUNTIME);
    }

    @Test
    void everyDetectorFindsUnmaskedFacesWherePasted() throws Exception {
        Path ssd = SharedData.require("models/opencv_face_detector_uint8.pb");
        List<Mat> faces = FaceSamples.detectable("without_mask", 8, 150);
        for (FaceDetectors.Choice choice : List.of(
                FaceDetectors.resolve(model(FaceSamples.yunetModel().toString()), new ModelDirectories(null)),
                FaceDetectors.resolve(model(ssd.toString()), new ModelDirectories(null)),
                FaceDetectors.resolve(model("haar"), new ModelDirectories(null)))) {
            int found = 0;
            try (FaceDetector detector = FaceDetectors.create(choice, 0.5, 1, 0, 24)) {
                for (Mat face : faces) {
                    try (Mat frame = Scene.background(Scene.WIDTH, Scene.HEIGHT)) {
                        Scene.paste(frame, face, 300, 90);
                        Detection truth = new Detection(300, 90, 300 + face.cols(), 90 + face.rows(), 1);
                        List<Detection> boxes = detector.detect(frame);
                        assertThat(boxes).as(choice.kind().name()).hasSizeLessThanOrEqualTo(1);
                        if (boxes.size() == 1 && Detection.iou(boxes.get(0), truth) > 0.25f) {
                            found++;
                        }
                    }
                }
            }
            System.out.printf("%s found %d of %d unmasked faces%n", choice.kind(), found, faces.size());
            assertThat(found)
                    .as(choice.kind().name())
                    .isGreaterThanOrEqualTo(choice.kind() == FaceDetectors.Kind.HAAR ? 2 : 7);
        }
    }

    @Test
    void scalingUpFindsFacesTooSmallForTheDetectorAtNativeSize() throws Exception {
        Mat face = FaceSamples.detectable("without_mask", 1, 120).get(0);
        Mat tiny = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(
                face, tiny, new org.bytedeco.opencv.opencv_core.Size(face.cols() * 12 / 120, 12));
        try (Mat frame = Scene.background(320, 240);
                FaceDetector native1 = YuNetDetector.load(FaceSamples.yunetModel(), 0.6f);
                FaceDetector scaled = new ScaledDetector(YuNetDetector.load(FaceSamples.yunetModel(), 0.6f), 3.0, 0)) {
            Scene.paste(frame, tiny, 150, 100);
            List<Detection> found = scaled.detect(frame);
            assertThat(found).hasSize(1);
            // Boxes come back in pixels of the original frame.
            assertThat(found.get(0).centerX()).isBetween(150f, 150f + tiny.cols());
            assertThat(found.get(0).centerY()).isBetween(100f, 112f);
            assertThat(native1.detect(frame)).isEmpty();
        }
    }

    @Test
    void landmarksComeBackInTheOriginalImageNearTheEyes() throws Exception {
        Mat face = FaceSamples.detectable("without_mask", 1, 120).get(0);
        try (Mat frame = Scene.background(640, 360);
                FaceDetector native1 = YuNetDetector.load(FaceSamples.yunetModel(), 0.6f);
                FaceDetector scaled = FaceDetectors.create(
                        new FaceDetectors.Choice(FaceDetectors.Kind.YUNET, FaceSamples.yunetModel(), null, false),
                        0.6,
                        2.0,
                        1600,
                        0)) {
            Scene.paste(frame, face, 200, 100);
            List<Detection> atNative = native1.detect(frame);
            List<Detection> found = scaled.detect(frame);
            assertThat(atNative).hasSize(1);
            assertThat(found).hasSize(1);
            Detection d = found.get(0);
            for (Landmarks.Point p : d.landmarks().points()) {
                assertThat(p.x()).isBetween(d.x1(), d.x2());
                assertThat(p.y()).isBetween(d.y1(), d.y2());
            }
            // Found on the 2x image and scaled back, the eyes lie within a few pixels of where the
            // detector finds them on the image itself, in its upper half, the right eye on the left.
            Landmarks here = atNative.get(0).landmarks();
            assertThat(d.landmarks().rightEye().x()).isCloseTo(here.rightEye().x(), within(4f));
            assertThat(d.landmarks().rightEye().y()).isCloseTo(here.rightEye().y(), within(4f));
            assertThat(d.landmarks().leftEye().x()).isCloseTo(here.leftEye().x(), within(4f));
            assertThat(d.landmarks().rightEye().x())
                    .isLessThan(d.landmarks().leftEye().x());
            assertThat(d.landmarks().rightEye().y()).isLessThan(d.centerY());
            assertThat(scaled).isInstanceOf(FaceCheckedDetector.class);
        }
    }

    @Test
    void theFaceCheckDropsAndCountsWhatIsNotAFace() throws Exception {
        Mat face = FaceSamples.detectable("without_mask", 1, 120).get(0);
        FaceDetectors.Choice yunet =
                new FaceDetectors.Choice(FaceDetectors.Kind.YUNET, FaceSamples.yunetModel(), null, false);
        // A score floor no detection reaches stands in for a detection on no face.
        FaceCheck.Settings impossible = new FaceCheck.Settings(true, 1.0, 0.6, 2.6);
        try (Mat frame = Scene.background(640, 360);
                FaceDetector checked = FaceDetectors.create(yunet, 0.6, 1.0, 0, 0, impossible);
                FaceDetector unchecked = FaceDetectors.create(yunet, 0.6, 1.0, 0, 0, FaceCheck.Settings.OFF)) {
            Scene.paste(frame, face, 200, 100);
            assertThat(unchecked.detect(frame)).hasSize(1);
            assertThat(checked.detect(frame)).isEmpty();
            assertThat(checked.detect(frame)).isEmpty();
            assertThat(((FaceCheckedDetector) checked).dropped()).isEqualTo(2);
            assertThat(unchecked).isNotInstanceOf(FaceCheckedDetector.class);
        }
    }
}
