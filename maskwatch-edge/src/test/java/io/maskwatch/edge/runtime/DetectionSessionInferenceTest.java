package io.maskwatch.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.core.config.ConfigException;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.event.ComplianceCount;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the session runs its two models: the provider the configuration asks for (CUDA on this
 * CPU-only ONNX Runtime: the CPU, and why), and YuNet shared and batched across sources.
 */
@Timeout(300)
class DetectionSessionInferenceTest {
    private static final String NO_CUDA =
            "cuda asked for: this ONNX Runtime has no CUDA provider (the GPU variant is built with -Pgpu)";

    @TempDir
    Path dir;

    @Test
    void cudaAskedForOnThisCpuBuildRunsBothModelsOnTheCpuAndSaysWhy() throws Exception {
        EdgeConfig config = config(Map.of(
                "models.face_detection.provider", "cuda",
                "models.mask_classifier.provider", "cuda"));
        try (DetectionSession session = new DetectionSession(config);
                FaceDetector still = session.openStillDetector();
                Mat frame = Scene.background(640, 360)) {
            assertThat(session.detectorProvider().runtime()).isEqualTo("onnxruntime");
            assertThat(session.detectorProvider().used()).isEqualTo(InferenceProvider.CPU);
            assertThat(session.classifierProvider().used()).isEqualTo(InferenceProvider.CPU);
            assertThat(session.detectorProvider().describe()).endsWith(NO_CUDA);
            assertThat(session.classifierProvider().describe()).endsWith(NO_CUDA);
            assertThat(session.describe()).contains("onnxruntime cpu (").contains(NO_CUDA);
            // Both models work on the CPU.
            Scene.paste(frame, FaceSamples.detectable("without_mask", 1, 110).get(0), 200, 100);
            assertThat(still.detect(frame)).hasSize(1);
            assertThat(still.provider().used()).isEqualTo(InferenceProvider.CPU);
        }
    }

    @Test
    void twoSourcesBatchedFindWhatEachFindsUnbatched() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 2, 110);
        Path video = Scene.write(
                dir.resolve("door.mp4"),
                60,
                List.of(
                        Scene.Actor.still(faces.get(0), 0, 60, 100, 100),
                        Scene.Actor.still(faces.get(1), 20, 60, 400, 120)));
        Map<Boolean, List<RunSummary>> runs = new HashMap<>();
        for (boolean batch : new boolean[] {false, true}) {
            EdgeConfig config = config(Map.of("detection.batch", String.valueOf(batch)))
                    .withSources(List.of(
                            new SourceConfig(video.toString(), "left"), new SourceConfig(video.toString(), "right")));
            try (DetectionSession session = new DetectionSession(config)) {
                runs.put(batch, session.run(session.openSources(), new Discard(), s -> List.of(), new StageTimes()));
            }
        }
        for (int source = 0; source < 2; source++) {
            RunSummary alone = runs.get(false).get(source);
            RunSummary batched = runs.get(true).get(source);
            assertThat(alone.frames()).isEqualTo(60);
            assertThat(alone.faces()).isPositive();
            assertThat(batched.frames()).isEqualTo(alone.frames());
            assertThat(batched.faces()).isEqualTo(alone.faces());
            assertThat(batched.tracks()).isEqualTo(alone.tracks());
            assertThat(batched.events()).isEqualTo(alone.events());
        }
    }

    @Test
    void batchingWithOpenCvsRuntimeIsAConfigurationError() {
        EdgeConfig config = config(Map.of("detection.batch", "true", "models.face_detection.runtime", "opencv"));
        assertThatThrownBy(() -> new DetectionSession(config).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("detection.batch: true needs models.face_detection.runtime: onnxruntime");
    }

    private EdgeConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("models.face_detection.model", FaceSamples.yunetModel().toString());
        all.put("store.path", dir.resolve("events.db").toString());
        return EdgeConfigLoader.load(null, all, name -> null);
    }

    /** Events and counts go nowhere: the runs are compared by their summaries. */
    private static final class Discard implements EventSink {
        @Override
        public void event(FaceEvent event) {}

        @Override
        public void compliance(ComplianceCount count) {}

        @Override
        public void close() {}
    }
}
