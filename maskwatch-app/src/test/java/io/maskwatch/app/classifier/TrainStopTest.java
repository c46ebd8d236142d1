package io.maskwatch.app.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.app.MaskWatch;
import io.maskwatch.testing.SyntheticFaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                MaskWatch.class.getName(),
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
                "--no-progress");
        // Through the environment, not -cp: ONNX Runtime crashes at start-up with a command line
        // over about 4 KB (see GracefulStopTest).
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            while (line != null && !line.contains("epoch 2/500")) {
                output.add(line);
                line = lines.readLine();
            }
            if (line == null) {
                throw new AssertionError("train never finished its second epoch (exit " + process.waitFor() + "):\n"
                        + String.join("\n", output));
            }
            // SIGINT, as Ctrl-C sends it.
            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid()))
                    .start()
                    .waitFor();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            for (String rest; (rest = lines.readLine()) != null; ) {
                output.add(rest);
            }
        }
        String printed = String.join("\n", output);
        assertThat(process.exitValue()).as(printed).isZero();
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
