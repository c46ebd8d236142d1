package io.maskwatch.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxMaskClassifierTest {

    @Test
    void missingModelFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> OnnxMaskClassifier.load(dir, 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("mask classifier not found: " + dir.resolve("model.onnx"))
                .hasMessageContaining("maskwatch train");
    }

    @Test
    void missingManifestIsAClearError(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> OnnxMaskClassifier.load(dir, 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("model manifest not found");
    }

    @Test
    void aNetworkOfAnotherShapeIsRejectedAtLoadSayingWhatWasExpectedAndFound(@TempDir Path dir) throws Exception {
        Path shipped = SharedData.repoRoot().resolve("models/mask-classifier");
        ModelManifest manifest = ModelManifest.read(shipped);
        int s = manifest.inputSize();
        // The shipped model fits its own model.json ...
        OnnxMaskClassifier.load(shipped, 1).close();
        // ... the face detector, given the same model.json, does not.
        Files.copy(SharedData.require("models/face_detection_yunet_2023mar.onnx"), dir.resolve("model.onnx"));
        manifest.write(dir);
        assertThatThrownBy(() -> OnnxMaskClassifier.load(dir, 1))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("mask classifier " + dir.resolve("model.onnx") + " does not fit its model.json:"
                        + " expected one input [N, 3, " + s + ", " + s + "] (inputSize " + s + ") and a first output"
                        + " [N, 2] (with_mask, without_mask), all float; found inputs [input [")
                .hasMessageContaining("the folder holds another network: use a folder made by 'maskwatch train'");
    }

    @Test
    void corruptModelFileIsAClearError(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("model.onnx"), "not an onnx model".getBytes());
        new ModelManifest(
                        "m",
                        "mobilenetv2-w0.5",
                        64,
                        new float[] {0, 0, 0},
                        new float[] {1, 1, 1},
                        List.of("with_mask", "without_mask"),
                        1,
                        0.15,
                        0.5,
                        12,
                        "now",
                        Map.of(),
                        Map.of())
                .write(dir);
        assertThatThrownBy(() -> OnnxMaskClassifier.load(dir, 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cannot be loaded by ONNX Runtime")
                .hasMessageContaining("re-export");
    }

    @Test
    void cropsAreSquareWithMarginAndStayInsideTheImage() {
        FaceCrop inside = FaceCrop.around(40, 40, 60, 70, 0.25, 200, 100);
        assertThat(inside.width()).isEqualTo(45); // 30 px longer side * 1.5
        assertThat(inside.height()).isEqualTo(45);
        FaceCrop atEdge = FaceCrop.around(0, 0, 20, 20, 0.25, 200, 100);
        assertThat(atEdge.x1()).isZero();
        assertThat(atEdge.y1()).isZero();
        assertThat(atEdge.width()).isEqualTo(30);
        FaceCrop huge = FaceCrop.around(0, 0, 200, 100, 0.5, 200, 100);
        assertThat(huge.height()).isEqualTo(100);
        assertThat(huge.y2()).isEqualTo(100);
    }
}
