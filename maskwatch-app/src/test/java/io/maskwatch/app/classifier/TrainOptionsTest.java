package io.maskwatch.app.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import io.maskwatch.testing.SyntheticFaces;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options that cannot work are refused before any data is read, naming the option and what it takes. */
class TrainOptionsTest {

    @Test
    void syntheticMaskProbabilityOutsideZeroToOneIsAClearError(@TempDir Path dir) throws Exception {
        CommandRun run = train(dir, "--synthetic-masks", "1.5");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--synthetic-masks is a probability between 0 and 1, got 1.5");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void inputSizeThatIsNoMultipleOf32IsAClearError(@TempDir Path dir) throws Exception {
        CommandRun run = train(dir, "--input-size", "50");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--input-size must be a multiple of 32");
    }

    /** {@code train} on a small drawn data set in {@code dir}, writing to {@code dir/m}, with extra options. */
    private static CommandRun train(Path dir, String option, String value) throws Exception {
        Path data = SyntheticFaces.writeClassFolders(dir.resolve("data"), 4, 32, 1);
        return CommandRun.of(
                "train", "--data", data.toString(), "-o", dir.resolve("m").toString(), option, value);
    }
}
