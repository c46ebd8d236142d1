package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import io.maskwatch.app.ExitStatus;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect} on damaged, empty and wrong input, made here from generated frames (no faces, no
 * ../shared): each case gets one MaskWatch line saying what happened and its documented exit status.
 */
class DamagedInputTest {
    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void model() throws Exception {
        model = StandInClassifier.constant(dir.resolve("model"), 0.9f);
    }

    /** detect with the Haar detector (bundled) and the stand-in classifier, into {@code store}. */
    private static CommandRun detect(Path source, Path store, String... more) {
        return detectWith(model, source, store, more);
    }

    private static CommandRun detectWith(Path classifier, Path source, Path store, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "detect",
                "--source",
                source.toString(),
                "--detector",
                "haar",
                "--model",
                classifier.toString(),
                "--store",
                store.toString()));
        args.addAll(Arrays.asList(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static Path images(String name, int readable, int broken) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        try (Mat image = Scene.background(80, 60)) {
            for (int i = 0; i < readable; i++) {
                opencv_imgcodecs.imwrite(folder.resolve("ok-" + i + ".png").toString(), image);
            }
        }
        for (int i = 0; i < broken; i++) {
            Files.write(folder.resolve("broken-" + i + ".jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        }
        return folder;
    }

    @Test
    void aCompleteVideoFinishesCleanAndATruncatedOneWithAWarning() throws Exception {
        Path whole = Scene.writeIndexedAtFront(dir.resolve("whole.mp4"), 100, List.of());
        CommandRun clean = detect(whole, dir.resolve("whole.db"));
        assertThat(clean.exitCode()).as(clean.err()).isEqualTo(ExitStatus.OK);
        assertThat(clean.out()).contains(whole + ": 100 frames");
        assertThat(clean.err()).doesNotContain("warning:");

        Path cut = Scene.writeIndexedAtFront(dir.resolve("cut.mp4"), 100, List.of());
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        CommandRun damaged = detect(cut, dir.resolve("cut.db"));

        assertThat(damaged.exitCode()).as(damaged.err()).isEqualTo(ExitStatus.WARNINGS);
        assertThat(damaged.out()).containsPattern(cut + ": [1-7]\\d frames");
        assertThat(damaged.err())
                .containsPattern("(?m)^warning: " + cut + ": read [1-7]\\d frames, then: the video ends, but its"
                        + " header announces 100 frames \\(the file is truncated or damaged; the frames before were"
                        + " analysed\\)$");

        CommandRun bench =
                CommandRun.of("bench", "--source", cut.toString(), "--detector", "haar", "--model", model.toString());
        assertThat(bench.exitCode()).as(bench.err()).isEqualTo(ExitStatus.WARNINGS);
        assertThat(bench.err()).contains("warning: " + cut + ": read ");
    }

    @Test
    void anEmptyFolderAndAFolderWithoutImagesAreUserErrorsBeforeTheStore() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path store = dir.resolve("empty.db");
        CommandRun run = detect(empty, store);
        assertThat(run.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(run.err()).startsWith("error: folder " + empty + " holds no images (it is empty)");
        assertThat(store).doesNotExist();

        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("readme.txt"), "not an image");
        CommandRun others = detect(notes, store);
        assertThat(others.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(others.err()).startsWith("error: folder " + notes + " holds no images (1 entry, none a file");
    }

    @Test
    void aFolderOfUnreadableImagesIsAnErrorAndOneBrokenImageAWarning() throws Exception {
        Path allBroken = images("all-broken", 0, 2);
        CommandRun none = detect(allBroken, dir.resolve("all-broken.db"));
        assertThat(none.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(none.err())
                .contains("error: nothing could be read from " + allBroken + ": 2 of 2 images are not readable images"
                        + " (corrupt, truncated or another format) and were skipped; replace the damaged files");

        Path oneBroken = images("one-broken", 2, 1);
        CommandRun some = detect(oneBroken, dir.resolve("one-broken.db"));
        assertThat(some.exitCode()).as(some.err()).isEqualTo(ExitStatus.WARNINGS);
        assertThat(some.out()).contains(oneBroken + ": 2 frames");
        assertThat(some.err())
                .contains("warning: " + oneBroken + ": 1 of 3 images are not readable images")
                .doesNotContain("error:");
    }

    @Test
    void anOutNameThatIsNoVideoIsAUserErrorBeforeTheStore() throws Exception {
        Path video = Scene.writeIndexedAtFront(dir.resolve("short.mp4"), 5, List.of());
        Path store = dir.resolve("out.db");
        CommandRun run = detect(video, store, "--out", dir.resolve("a.txt").toString());
        assertThat(run.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(run.err())
                .startsWith("error: --out " + dir.resolve("a.txt") + ": an annotated video is written as .mp4, .avi or"
                        + " .mkv");
        assertThat(store).doesNotExist();

        Path nowhere = dir.resolve("no-such-folder/a.mp4");
        CommandRun missing = detect(video, store, "--out", nowhere.toString());
        assertThat(missing.err()).startsWith("error: --out " + nowhere + ": the folder ");
        assertThat(store).doesNotExist();
    }

    @Test
    void aClassifierOfAnotherShapeIsAUserErrorAtLoad() throws Exception {
        Path video = Scene.writeIndexedAtFront(dir.resolve("shape.mp4"), 5, List.of());
        // The stand-in's ONNX takes 32 px crops; its model.json now says 64.
        Path wrong = StandInClassifier.constant(dir.resolve("wrong-size"), 0.9f);
        ModelManifest m = ModelManifest.read(wrong);
        new ModelManifest(
                        m.id(),
                        m.architecture(),
                        64,
                        m.mean(),
                        m.std(),
                        m.labels(),
                        m.noMaskIndex(),
                        m.cropMargin(),
                        m.recommendedThreshold(),
                        m.minFaceSize(),
                        m.createdAt(),
                        m.training(),
                        m.metrics())
                .write(wrong);
        Path store = dir.resolve("shape.db");
        CommandRun run = detectWith(wrong, video, store);
        assertThat(run.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(run.err())
                .startsWith("error: mask classifier " + wrong.resolve("model.onnx") + " does not fit its model.json:"
                        + " expected one input [N, 3, 64, 64] (inputSize 64)")
                .contains("found inputs [input [N, 3, 32, 32] float] and outputs [probabilities [N, 2] float]")
                .doesNotContain("\tat ");
        assertThat(store).doesNotExist();
    }

    @Test
    void theFaceDetectorAsClassifierIsAUserErrorAtLoad() throws Exception {
        Path video = Scene.writeIndexedAtFront(dir.resolve("yunet.mp4"), 5, List.of());
        Path folder = Files.createDirectories(dir.resolve("yunet-as-classifier"));
        Files.copy(SharedData.require("models/face_detection_yunet_2023mar.onnx"), folder.resolve("model.onnx"));
        Files.copy(model.resolve("model.json"), folder.resolve("model.json"));
        CommandRun run = detectWith(folder, video, dir.resolve("yunet.db"));
        assertThat(run.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(run.err())
                .startsWith("error: mask classifier " + folder.resolve("model.onnx") + " does not fit its model.json")
                .contains("found inputs [input [1, 3, 640, 640] float] and outputs [cls_8 [1, 6400, 1] float,")
                .doesNotContain("\tat ");
    }

    @Test
    void helpDocumentsTheExitStatusesAndOnlyDetectListsWarnings() {
        CommandRun help = CommandRun.of("detect", "--help");
        assertThat(help.out())
                .contains("Exit status:")
                .containsPattern("(?m)^ +0 +finished; every input was read whole")
                .containsPattern("(?m)^ +1 +unexpected failure")
                .containsPattern("(?m)^ +2 +bad input, configuration or flags")
                .containsPattern("(?m)^ +3 +finished with warnings");
        CommandRun dispatchHelp = CommandRun.of("dispatch", "--help");
        assertThat(dispatchHelp.out()).containsPattern("(?m)^ +2 +bad input").doesNotContain("finished with warnings");
    }
}
