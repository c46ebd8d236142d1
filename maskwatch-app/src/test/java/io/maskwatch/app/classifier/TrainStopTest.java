package io.maskwatch.app.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.app.MaskWatchProcess;
import io.maskwatch.testing.SyntheticFaces;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a running {@code train} process: it stops and still writes a complete model. */
class TrainStopTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void ctrlCWritesTheBestEpochSoFarAsACompleteModel() throws Exception {
        Path data = SyntheticFaces.writeClassFolders(dir.resolve("data"), 60, 40, 3);
        Path out = dir.resolve("model");
        String printed;
        int exit;
        try (MaskWatchProcess train = MaskWatchProcess.start(
                List.of("-Xmx1g", "-Dai.djl.offline=true"),
                "train",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "500",
                "--max-steps",
                "2",
                "--batch-size",
                "16",
                "--input-size",
                "32",
                "--width",
                "0.25",
                "--no-augment",
                // Drawn faces on plain backgrounds all hash alike: split them by picture.
                "--near-duplicates",
                "-1",
                "--no-progress")) {
            train.awaitLine(line -> line.contains("epoch 2/500"), "the end of epoch 2");
            train.interrupt();
            assertThat(train.waitFor(120, TimeUnit.SECONDS)).isTrue();
            printed = train.printed();
            exit = train.exitValue();
        }
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("stopping: the epoch under way is dropped").contains("(stopped early)");
        for (String file : List.of("model.onnx", "labels.txt", "model.json", "training.png", "validation.txt")) {
            assertThat(out.resolve(file)).as(file).exists();
        }
        int epochsRun = new ObjectMapper()
                .readTree(out.resolve("model.json").toFile())
                .at("/training/recipe/epochs_run")
                .asInt();
        assertThat(epochsRun).isBetween(2, 499);
    }
}
