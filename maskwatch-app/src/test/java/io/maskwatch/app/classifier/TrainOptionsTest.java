package io.maskwatch.app.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import io.maskwatch.testing.SyntheticFaces;
import io.maskwatch.train.TrainingException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options that cannot work are refused before any data is read, naming the option and what it takes. */
class TrainOptionsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--synthetic-masks | 1.5  | --synthetic-masks is a probability between 0 and 1, got 1.5",
                "--real-mask-fabric | -0.5 | --real-mask-fabric is a share between 0 and 1, got -0.5",
                "--input-size      | 50   | --input-size must be a multiple of 32",
                "--average-from    | 31   | --average-from must be an epoch from 1 to --epochs (30), or 0 for off; got 31",
                "--label-smoothing | 1    | --label-smoothing must be at least 0 and below 1, got 1.0",
                "--teacher-weight  | 0    | --teacher-weight must be above 0 and at most 1, got 0.0",
                "--teacher         | no-model | teacher no-model holds no model.onnx: give a model directory written by 'maskwatch train' [teacher: --teacher]",
                "--near-duplicates | 300  | --near-duplicates must be -1 (by photo alone) or 0..256 bits, got 300",
            })
    void anOptionOutOfItsRangeIsAClearErrorBeforeAnyDataIsRead(
            String option, String value, String message, @TempDir Path dir) throws Exception {
        Path data = SyntheticFaces.writeClassFolders(dir.resolve("data"), 4, 32, 1);
        CommandRun run = CommandRun.of(
                "train", "--data", data.toString(), "-o", dir.resolve("m").toString(), option, value);
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains(message);
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void theTrainingLibrarysErrorsGetTheFlagsOfTheSettingsTheyName() {
        TrainingException library = new TrainingException(
                "the initial model m1 held out its validation photos with seed 5 and validation fraction 0.25");
        org.assertj.core.api.Assertions.assertThat(
                        TrainCommand.withFlags(library).getMessage())
                .startsWith(library.getMessage())
                .endsWith("[initial model: --init, validation fraction: --val-fraction, seed: --seed]");
        TrainingException plain = new TrainingException("no training data");
        assertThat(TrainCommand.withFlags(plain)).isSameAs(plain);
    }
}
