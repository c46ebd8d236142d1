package io.maskwatch.vision.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.YuNetDetector;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import io.maskwatch.vision.testing.CollectingEventSink;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.Scene.Actor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with the shipped classifier on drawn videos of real people (photos from
 * ../shared): people in masks raise nothing, people without one raise one event each.
 */
class ShippedModelPipelineTest {
    private static final int EIGHT_SECONDS = 8 * Scene.FPS;

    @TempDir
    Path dir;

    @Test
    void maskedPeopleRaiseNothingAndEachUnmaskedPersonOneEvent() throws Exception {
        Path model = SharedData.repoRoot().resolve("models/mask-classifier");
        assumeTrue(Files.isRegularFile(model.resolve("model.onnx")), "the shipped model is not in models/ yet");
        int[][] left = {{60, 30}, {150, 200}};
        int[][] right = {{330, 30}, {520, 200}, {445, 200}};
        List<Mat> masked = FaceSamples.detectableAt("with_mask", 2, 110, left);
        List<Mat> bare = FaceSamples.detectableAt("without_mask", 2, 110, right);
        Path video = Scene.write(
                dir.resolve("crowd.mp4"),
                EIGHT_SECONDS,
                List.of(
                        // Masked people on the left, unmasked on the right; nobody crosses anybody.
                        Actor.still(masked.get(0), 0, EIGHT_SECONDS, 60, 30),
                        Actor.still(masked.get(1), 0, EIGHT_SECONDS, 150, 200),
                        Actor.still(bare.get(0), 40, EIGHT_SECONDS, 330, 30),
                        new Actor(bare.get(1), 0, 150, 520, 200, -0.5f, 0)));
        VisionSettings config = VisionSettings.defaults();
        CollectingEventSink sink = new CollectingEventSink();
        RunSummary summary;
        try (OnnxMaskClassifier onnx = OnnxMaskClassifier.load(model, 1);
                CropClassifier classifier = new CropClassifier(onnx);
                YuNetDetector detector = YuNetDetector.load(FaceSamples.yunetModel(), 0.6f);
                FrameSource source = Sources.open(video.toString(), "crowd", config.stream())) {
            summary = new DetectionPipeline(
                            source,
                            detector,
                            detector,
                            classifier,
                            new PipelineSettings(
                                    config.detection().every(),
                                    onnx.manifest().minFaceSize(),
                                    onnx.manifest().recommendedThreshold(),
                                    config.tracking()),
                            new AtomicLong()::incrementAndGet,
                            sink,
                            List.of(),
                            new StageTimes(),
                            null)
                    .run();
        }
        assertThat(summary.tracks()).isEqualTo(4);
        assertThat(sink.events).hasSize(2);
        // Both events are of the unmasked people: right half of the frame.
        assertThat(sink.events)
                .extracting(FaceEvent::x1)
                .allSatisfy(x -> assertThat(x).isGreaterThan(300));
        assertThat(sink.events).extracting(FaceEvent::trackId).doesNotHaveDuplicates();
        int with = sink.counts.stream().mapToInt(c -> c.withMask()).sum();
        int without = sink.counts.stream().mapToInt(c -> c.withoutMask()).sum();
        // Each person once per minute (twice if the video straddles a minute).
        assertThat(with).isBetween(2, 4);
        assertThat(without).isBetween(2, 4);
    }
}
