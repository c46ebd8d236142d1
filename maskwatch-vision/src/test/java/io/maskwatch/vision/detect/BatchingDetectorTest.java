package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames of several sources (threads) through one shared YuNet: each gets its own faces back,
 * those the unbatched detector finds on it, while frames of the same size meet in batches.
 */
class BatchingDetectorTest {
    private static final int SOURCES = 4;
    private static final int ROUNDS = 12;
    private static final float THRESHOLD = 0.6f;

    private final List<Mat> frames = new ArrayList<>();

    @AfterEach
    void release() {
        frames.forEach(Mat::close);
    }

    @Test
    void eachSourceGetsItsOwnFacesAsTheUnbatchedDetectorFindsThem() throws Exception {
        Path model = SharedData.require("models/face_detection_yunet_2023mar.onnx");
        // Real photos as every source's frames: most brought to one size (they batch), one of its own.
        for (Path photo : OnnxYuNetDetectorTest.photos(SharedData.require("data/mask-scenes/images"), 6)) {
            Mat image = imread(photo.toString());
            if (frames.size() < 5) {
                Mat sized = new Mat();
                try (Size size = new Size(640, 480)) {
                    resize(image, sized, size);
                }
                image.close();
                image = sized;
            }
            frames.add(image);
        }
        List<List<Detection>> alone = new ArrayList<>();
        try (OnnxYuNetDetector unbatched = OnnxYuNetDetector.load(model, THRESHOLD, InferenceProvider.CPU, 1)) {
            for (Mat frame : frames) {
                alone.add(unbatched.detect(frame));
            }
        }
        assertThat(alone.stream().mapToInt(List::size).sum()).isGreaterThan(10);

        CyclicBarrier together = new CyclicBarrier(SOURCES);
        ExecutorService threads = Executors.newFixedThreadPool(SOURCES);
        try (BatchingDetector shared =
                new BatchingDetector(OnnxYuNetDetector.load(model, THRESHOLD, InferenceProvider.CPU, 1))) {
            List<Future<Integer>> sources = new ArrayList<>();
            for (int s = 0; s < SOURCES; s++) {
                int source = s;
                sources.add(threads.submit(() -> {
                    int checked = 0;
                    try (FaceDetector detector = shared.handle()) {
                        for (int round = 0; round < ROUNDS; round++) {
                            int f = (source + round) % frames.size();
                            together.await(); // every source's frame is ready at the same moment
                            assertSame(detector.detect(frames.get(f)), alone.get(f));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> source : sources) {
                assertThat(source.get()).isEqualTo(ROUNDS);
            }
            System.out.println("BatchingDetectorTest: " + shared.summary());
            assertThat(shared.largestBatch()).as("frames that met in one batch").isGreaterThan(1);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The same faces, in the same order, up to the last bits of floating point. */
    private static void assertSame(List<Detection> batched, List<Detection> alone) {
        assertThat(batched).hasSameSizeAs(alone);
        for (int i = 0; i < alone.size(); i++) {
            Detection b = batched.get(i);
            Detection a = alone.get(i);
            assertThat(Detection.iou(a, b)).isGreaterThan(0.999f);
            assertThat(Math.abs(a.score() - b.score())).isLessThan(1e-4f);
        }
    }
}
