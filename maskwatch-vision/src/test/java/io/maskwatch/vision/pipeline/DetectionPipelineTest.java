package io.maskwatch.vision.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.YuNetDetector;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.source.Sources;
import io.maskwatch.vision.testing.CollectingEventSink;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.Scene.Actor;
import io.maskwatch.vision.testing.StandInClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole analysis on drawn videos of real faces, with stand-in classifiers. */
class DetectionPipelineTest {
    private static final int TEN_SECONDS = 10 * Scene.FPS;

    @TempDir
    static Path dir;

    static List<Mat> bare;

    @BeforeAll
    static void faces() throws Exception {
        bare = FaceSamples.detectable("without_mask", 2, 120);
    }

    @Test
    void personStandingStillForTenSecondsRaisesExactlyOneEvent() throws Exception {
        Path video = Scene.write(
                dir.resolve("still.mp4"), TEN_SECONDS, List.of(Actor.still(bare.get(0), 0, TEN_SECONDS, 260, 100)));
        CollectingEventSink sink = new CollectingEventSink();
        RunSummary summary = run(video, StandInClassifier.constant(dir.resolve("no-mask"), 0.95f), sink);

        assertThat(summary.frames()).isEqualTo(TEN_SECONDS);
        assertThat(summary.tracks()).isEqualTo(1);
        assertThat(sink.events).hasSize(1);
        FaceEvent event = sink.events.get(0);
        assertThat(event.probability()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(0.01));
        // The box is where the face was pasted (the detector's box lies inside the photo).
        assertThat(event.x1()).isBetween(250, 340);
        assertThat(event.y1()).isBetween(90, 180);
        assertThat(event.x2()).isBetween(event.x1() + 40, 400);
        try (Mat decoded = imdecode(new Mat(new BytePointer(event.image())), IMREAD_COLOR)) {
            assertThat(decoded.cols()).isEqualTo(event.imageWidth());
            assertThat(decoded.rows()).isEqualTo(event.imageHeight());
        }
        assertThat(event.imageWidth()).isGreaterThan(event.x2() - event.x1());
    }

    @Test
    void twoDifferentUnmaskedPeopleRaiseTwoEvents() throws Exception {
        Path video = Scene.write(
                dir.resolve("two.mp4"),
                TEN_SECONDS,
                List.of(
                        Actor.still(bare.get(0), 0, 150, 60, 100),
                        Actor.still(bare.get(1), 100, TEN_SECONDS, 420, 120)));
        CollectingEventSink sink = new CollectingEventSink();
        run(video, StandInClassifier.constant(dir.resolve("no-mask-2"), 0.95f), sink);

        assertThat(sink.events).hasSize(2);
        assertThat(sink.events).extracting(FaceEvent::trackId).doesNotHaveDuplicates();
        assertThat(sink.events)
                .extracting(FaceEvent::x1)
                .anySatisfy(x -> assertThat(x).isLessThan(200));
        assertThat(sink.events)
                .extracting(FaceEvent::x1)
                .anySatisfy(x -> assertThat(x).isGreaterThan(380));
    }

    @Test
    void maskedPersonRaisesNoEventButIsCounted() throws Exception {
        Path video = Scene.write(
                dir.resolve("masked.mp4"), TEN_SECONDS, List.of(Actor.still(bare.get(0), 0, TEN_SECONDS, 260, 100)));
        CollectingEventSink sink = new CollectingEventSink();
        run(video, StandInClassifier.constant(dir.resolve("mask"), 0.05f), sink);

        assertThat(sink.events).isEmpty();
        assertThat(sink.counts).isNotEmpty();
        assertThat(sink.counts.stream().mapToInt(c -> c.withMask()).sum()).isGreaterThanOrEqualTo(1);
        assertThat(sink.counts.stream().mapToInt(c -> c.withoutMask()).sum()).isZero();
    }

    @Test
    void aPersonTooSmallToJudgeRaisesALowEvidenceEventAndIsStillCounted() throws Exception {
        Path video = Scene.write(dir.resolve("judge.mp4"), 100, List.of(Actor.still(bare.get(0), 0, 100, 260, 100)));
        CollectingEventSink sink = new CollectingEventSink();
        RunSummary summary = run(
                video,
                StandInClassifier.constant(dir.resolve("no-mask-3"), 0.95f),
                sink,
                Map.of("tracking.evidence_min_face", "500"));

        assertThat(sink.events)
                .singleElement()
                .satisfies(e -> assertThat(e.lowEvidence()).isTrue());
        assertThat(summary.events()).isEqualTo(1);
        assertThat(summary.lowEvidenceEvents()).isEqualTo(1);
        assertThat(summary.line()).contains("1 events stored (1 low-evidence, not sent)");
        assertThat(sink.counts.stream().mapToInt(c -> c.withoutMask()).sum()).isGreaterThanOrEqualTo(1);
    }

    private RunSummary run(Path video, Path model, CollectingEventSink sink) throws Exception {
        return run(video, model, sink, Map.of());
    }

    private RunSummary run(Path video, Path model, CollectingEventSink sink, Map<String, String> settings)
            throws Exception {
        VisionSettings config = VisionSettings.of(settings);
        try (OnnxMaskClassifier onnx = OnnxMaskClassifier.load(model, 1);
                CropClassifier classifier = new CropClassifier(onnx);
                YuNetDetector detector = YuNetDetector.load(FaceSamples.yunetModel(), 0.6f)) {
            var source = Sources.open(video.toString(), video.getFileName().toString(), config.stream());
            try (source) {
                DetectionPipeline pipeline = new DetectionPipeline(
                        source,
                        detector,
                        detector,
                        classifier,
                        new PipelineSettings(1, 16, onnx.manifest().recommendedThreshold(), config.tracking()),
                        new AtomicLong()::incrementAndGet,
                        sink,
                        List.of(),
                        new StageTimes(),
                        null);
                return pipeline.run();
            }
        }
    }
}
