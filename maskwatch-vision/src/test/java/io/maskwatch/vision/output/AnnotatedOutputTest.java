package io.maskwatch.vision.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.YuNetDetector;
import io.maskwatch.vision.pipeline.DetectionPipeline;
import io.maskwatch.vision.pipeline.PipelineSettings;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import io.maskwatch.vision.source.VideoFrame;
import io.maskwatch.vision.testing.CollectingEventSink;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --json} and {@code --out} describe the same faces: the JSON boxes are the drawn boxes. */
class AnnotatedOutputTest {
    @TempDir
    Path dir;

    @Test
    void jsonBoxesAreWhereTheAnnotatedVideoDrawsThem() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 2, 100);
        Path video = Scene.write(
                dir.resolve("in.mp4"),
                40,
                List.of(
                        new Scene.Actor(faces.get(0), 0, 40, 80, 90, 2, 0),
                        Scene.Actor.still(faces.get(1), 10, 40, 420, 150)));
        Path json = dir.resolve("detections.jsonl");
        Path annotated = dir.resolve("annotated.mp4");
        VisionSettings config = VisionSettings.defaults();
        try (OnnxMaskClassifier onnx = OnnxMaskClassifier.load(StandInClassifier.constant(dir.resolve("m"), 0.9f), 1);
                CropClassifier classifier = new CropClassifier(onnx);
                YuNetDetector detector = YuNetDetector.load(FaceSamples.yunetModel(), 0.6f);
                FrameSource source = Sources.open(video.toString(), "in.mp4", config.stream());
                JsonLinesWriter jsonLines = JsonLinesWriter.open(json);
                AnnotatedVideo out = new AnnotatedVideo(annotated, source.frameRate())) {
            new DetectionPipeline(
                            source,
                            detector,
                            detector,
                            classifier,
                            new PipelineSettings(1, 16, 0.5, config.tracking()),
                            new AtomicLong()::incrementAndGet,
                            new CollectingEventSink(),
                            List.of(jsonLines, out),
                            new StageTimes(),
                            null)
                    .run();
        }

        List<JsonNode> lines = readLines(json);
        assertThat(lines).hasSize(40);
        assertThat(lines.get(0).get("source").asText()).isEqualTo("in.mp4");
        assertThat(lines.get(12).get("frame").asInt()).isEqualTo(12);
        assertThat(lines.get(5).get("faces")).hasSize(1);
        assertThat(lines.get(30).get("faces")).hasSize(2);
        JsonNode face = lines.get(30).get("faces").get(0);
        assertThat(face.get("label").asText()).isEqualTo("no_mask");
        assertThat(face.get("probability").asDouble()).isEqualTo(0.9);
        assertThat(face.get("score").asDouble()).isBetween(0.6, 1.0);
        assertThat(face.get("track").asLong()).isPositive();

        int checked = 0;
        try (FrameSource drawn = Sources.open(annotated.toString(), "annotated", config.stream());
                FrameSource plain = Sources.open(video.toString(), "in", config.stream())) {
            for (JsonNode line : lines) {
                try (VideoFrame frame = drawn.next();
                        VideoFrame original = plain.next()) {
                    assertThat(frame).as("annotated frame " + line.get("frame")).isNotNull();
                    for (JsonNode f : line.get("faces")) {
                        int[] b = new int[4];
                        for (int i = 0; i < 4; i++) {
                            b[i] = f.get("box").get(i).asInt();
                        }
                        // The red box runs along the JSON box's bottom and left edges ...
                        assertThat(redness(frame.image(), b[0] + 3, b[3], b[2] - 3, b[3]))
                                .isGreaterThan(0.7);
                        assertThat(redness(frame.image(), b[0], b[1] + 3, b[0], b[3] - 3))
                                .isGreaterThan(0.7);
                        // ... where the input was not red ...
                        assertThat(redness(original.image(), b[0] + 3, b[3], b[2] - 3, b[3]))
                                .isLessThan(0.3);
                        // ... and 6 px outside it the picture is as it was.
                        assertThat(redness(frame.image(), b[0] + 3, b[3] + 6, b[2] - 3, b[3] + 6))
                                .isCloseTo(
                                        redness(original.image(), b[0] + 3, b[3] + 6, b[2] - 3, b[3] + 6),
                                        org.assertj.core.data.Offset.offset(0.15));
                        assertThat(redness(frame.image(), b[0] - 6, b[1] + 3, b[0] - 6, b[3] - 3))
                                .isCloseTo(
                                        redness(original.image(), b[0] - 6, b[1] + 3, b[0] - 6, b[3] - 3),
                                        org.assertj.core.data.Offset.offset(0.15));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(60);
    }

    private static List<JsonNode> readLines(Path json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(json)) {
            try {
                lines.add(mapper.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + line, e);
            }
        }
        return lines;
    }

    /** Share of pixels on a horizontal or vertical segment that are clearly red (BGR). */
    private static double redness(Mat bgr, int x1, int y1, int x2, int y2) {
        int red = 0;
        int total = 0;
        try (UByteIndexer px = bgr.createIndexer()) {
            for (int y = y1; y <= y2; y++) {
                for (int x = x1; x <= x2; x++) {
                    if (x < 0 || y < 0 || x >= bgr.cols() || y >= bgr.rows()) {
                        continue;
                    }
                    total++;
                    int b = px.get(y, x, 0);
                    int g = px.get(y, x, 1);
                    int r = px.get(y, x, 2);
                    if (r > 150 && g < 110 && b < 110) {
                        red++;
                    }
                }
            }
        }
        return total == 0 ? 0 : red / (double) total;
    }
}
