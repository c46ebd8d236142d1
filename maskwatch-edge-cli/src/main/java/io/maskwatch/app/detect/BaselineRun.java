package io.maskwatch.app.detect;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.FaceDetectors;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import io.maskwatch.vision.source.VideoFrame;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code bench --baseline}: decoding plus the detector on every frame at native size, nothing else
 * (the reference recipe of the architecture notes, about 145 frames/s on an idle 2-core machine).
 * Run right before the pipeline, it shows how fast this machine is at the moment, so a pipeline
 * figure taken while other work runs can still be compared with the reference.
 */
final class BaselineRun {
    private BaselineRun() {}

    static double run(EdgeConfig config, FaceDetectors.Choice detector, PrintWriter out) throws InterruptedException {
        String uri = config.sources().get(0).uri();
        long frames = 0;
        long faces = 0;
        long start = System.nanoTime();
        try (FrameSource source = Sources.open(uri, uri, config.stream());
                FaceDetector yunet =
                        FaceDetectors.create(detector, config.faceDetection().threshold(), 1.0, 0, 0)) {
            for (VideoFrame next; (next = source.next()) != null; frames++) {
                try (VideoFrame frame = next) {
                    faces += yunet.detect(frame.image()).size();
                }
            }
        }
        double fps = frames / ((System.nanoTime() - start) / 1e9);
        out.printf(
                Locale.ROOT,
                "baseline (decode + %s on every frame, nothing else): %d frames, %d faces, %.1f frames/s%n",
                detector.modelName(),
                frames,
                faces,
                fps);
        out.flush();
        return fps;
    }
}
