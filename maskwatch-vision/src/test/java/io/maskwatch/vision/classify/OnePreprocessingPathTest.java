package io.maskwatch.vision.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.maskwatch.classifier.ModelLocator;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.data.DataSet;
import io.maskwatch.classifier.data.FaceDataSetReader;
import io.maskwatch.classifier.data.FaceImages;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.classifier.eval.Evaluation;
import io.maskwatch.testing.SharedData;
import io.maskwatch.testing.SyntheticFaces;
import io.maskwatch.vision.detect.Detection;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} (and training, which shares its loader and resize) makes the same classifier
 * input for a face as {@code detect}: the same crop, resized by the same OpenCV call, to the last
 * float. Faces smaller and larger than the input, so both halves of the resize are held.
 */
class OnePreprocessingPathTest {
    private static final Path MODEL = SharedData.repoRoot().resolve(ModelLocator.SHIPPED_MODEL);

    @Test
    void evaluateAndDetectMakeEqualTensorsOnAGeneratedPhoto(@TempDir Path dir) throws Exception {
        BufferedImage photo = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        var g = photo.createGraphics();
        g.drawImage(SyntheticFaces.crop(24, false, new Random(1)), 30, 40, null);
        g.drawImage(SyntheticFaces.crop(150, true, new Random(2)), 200, 100, null);
        g.dispose();
        Path file = dir.resolve("photo.png");
        ImageIO.write(photo, "png", file.toFile());

        List<LabelledFace.Box> boxes = List.of(
                new LabelledFace.Box(30, 40, 54, 64),
                new LabelledFace.Box(200, 100, 350, 250),
                // A face at the border: the crop is shifted to stay inside the photo.
                new LabelledFace.Box(380, 0, 400, 22));
        List<LabelledFace> faces = new ArrayList<>();
        for (LabelledFace.Box box : boxes) {
            faces.add(new LabelledFace(
                    "photo", file, box, io.maskwatch.classifier.data.Label.WITHOUT_MASK, box.width(), false));
        }
        assertEqualTensors(file, faces);
    }

    @Test
    void evaluateAndDetectMakeEqualTensorsOnARealScenePhoto() throws Exception {
        Path scenes = SharedData.require("data/mask-scenes");
        DataSet data = new FaceDataSetReader(IncorrectMask.NO_MASK).read(scenes);
        // The first photo with at least three faces: JPEG decoded by ImageIO (evaluate, train) and
        // by OpenCV (detect) must give the same pixels too.
        Path photo = data.faces().stream()
                .map(LabelledFace::image)
                .filter(p ->
                        data.faces().stream().filter(f -> f.image().equals(p)).count() >= 3)
                .findFirst()
                .orElseThrow();
        assertEqualTensors(
                photo,
                data.faces().stream().filter(f -> f.image().equals(photo)).toList());
    }

    private static void assertEqualTensors(Path photo, List<LabelledFace> faces) throws Exception {
        try (OnnxMaskClassifier onnx = OnnxMaskClassifier.load(MODEL, 1);
                CropClassifier detect = new CropClassifier(onnx);
                Mat image = imread(photo.toString())) {
            FaceImages.Result loaded = FaceImages.load(faces, onnx.manifest().cropMargin(), FaceImages.FULL_SIZE);
            FloatBuffer evaluated = Evaluation.tensors(loaded.faces(), onnx.manifest());
            List<Detection> detections = faces.stream()
                    .map(f -> new Detection(
                            f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2(), 0.9f))
                    .toList();
            FloatBuffer detected = detect.tensors(image, detections);
            assertThat(detected.remaining()).isEqualTo(evaluated.remaining()).isPositive();
            float[] a = new float[evaluated.remaining()];
            float[] b = new float[detected.remaining()];
            evaluated.get(a);
            detected.get(b);
            assertThat(b).containsExactly(a);
        }
    }
}
