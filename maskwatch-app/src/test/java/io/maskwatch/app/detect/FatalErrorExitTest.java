package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import io.maskwatch.app.ExitStatus;
import io.maskwatch.app.MaskWatchProcess;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fatal error in a real {@code detect} process ends it once reported: the Ctrl-C hook used to wait
 * its 30 s grace for a run that had already failed. (The 10 s bound below is generous; the exit
 * comes well within 2 s of the error line.)
 */
@Timeout(120)
class FatalErrorExitTest {
    @TempDir
    Path dir;

    @Test
    void aClassifierThatFailsOnItsFirstBatchEndsTheProcessOnceReported() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 1, 110);
        Path video =
                Scene.write(dir.resolve("one.mp4"), 250, List.of(Scene.Actor.still(faces.get(0), 0, 250, 250, 110)));
        Path failing = StandInClassifier.failingOnOddBatches(dir.resolve("failing"));
        String printed = detectUntilItExits(
                ExitStatus.INTERNAL_ERROR,
                "error: ",
                video,
                FaceSamples.yunetModel().toString(),
                failing);
        assertThat(printed).contains("error: java.lang.IllegalStateException: ONNX Runtime failed");
    }

    @Test
    void aSourceThatFailsStopsTheOthersInsteadOfWaitingForTheirEnd() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 1, 110);
        Path face = Scene.write(dir.resolve("face.mp4"), 50, List.of(Scene.Actor.still(faces.get(0), 0, 50, 250, 110)));
        // No face, so never classified: without the stop it would be read to its end, as a camera forever.
        Path empty = Scene.write(dir.resolve("empty.mp4"), 1500, List.of());
        Path json = dir.resolve("frames.jsonl");
        CommandRun run = CommandRun.of(
                "detect",
                "--source",
                empty.toString(),
                "--source",
                face.toString(),
                "--detector",
                FaceSamples.yunetModel().toString(),
                "--model",
                StandInClassifier.failingOnOddBatches(dir.resolve("failing")).toString(),
                "--store",
                dir.resolve("events.db").toString(),
                "--json",
                json.toString());
        assertThat(run.exitCode()).isEqualTo(ExitStatus.INTERNAL_ERROR);
        assertThat(run.err()).startsWith("error: java.lang.IllegalStateException: ONNX Runtime failed");
        long emptyFrames = Files.readAllLines(json).stream()
                .filter(l -> l.contains("empty.mp4"))
                .count();
        assertThat(emptyFrames).isLessThan(1500);
    }

    @Test
    void anUnsupportedOutNameEndsTheProcessWithItsErrorLine() throws Exception {
        Path video = Scene.writeIndexedAtFront(dir.resolve("short.mp4"), 5, List.of());
        Path model = StandInClassifier.constant(dir.resolve("model"), 0.9f);
        detectUntilItExits(
                ExitStatus.USER_ERROR,
                "error: --out ",
                video,
                "haar",
                model,
                "--out",
                dir.resolve("a.txt").toString());
        assertThat(dir.resolve("events.db")).doesNotExist();
    }

    /**
     * Runs detect into {@code events.db} until a line starts with {@code errorLine}, then expects the
     * process to exit with {@code status} (10 s at most); returns what it printed.
     */
    private String detectUntilItExits(
            int status, String errorLine, Path video, String detector, Path model, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "detect",
                "--source",
                video.toString(),
                "--detector",
                detector,
                "--model",
                model.toString(),
                "--store",
                dir.resolve("events.db").toString()));
        args.addAll(List.of(more));
        try (MaskWatchProcess detect = MaskWatchProcess.start(List.of("-Xmx512m"), args.toArray(String[]::new))) {
            detect.awaitLine(line -> line.startsWith(errorLine), "the error line");
            assertThat(detect.waitFor(10, TimeUnit.SECONDS))
                    .as("exited after the error line")
                    .isTrue();
            assertThat(detect.exitValue()).isEqualTo(status);
            return detect.printed();
        }
    }
}
