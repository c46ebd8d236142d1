package io.maskwatch.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.UserError;
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
                .isInstanceOf(UserError.class)
                .hasMessageContaining("mask classifier not found: " + dir.resolve("model.onnx"))
                .hasMessageContaining("maskwatch train");
    }

    @Test
    void missingManifestIsAClearError(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> OnnxMaskClassifier.load(dir, 1))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("model manifest not found");
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
                .isInstanceOf(UserError.class)
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
