package io.maskwatch.app.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.app.CommandRun;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.testing.SyntheticFaces;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --train-whole DIR}: every picture of DIR trains the model, the --data folders are
 * split as usual, and {@code evaluate --held-out} refuses DIR since nothing of it was held out.
 */
class TrainWholeFolderTest {

    @Test
    void aFolderUsedWholeLendsEveryPictureToTrainingAndIsNeverCalledHeldOut(@TempDir Path dir) throws Exception {
        Path whole = SyntheticFaces.writeClassFolders(dir.resolve("whole"), 20, 32, 1);
        Path split = SyntheticFaces.writeClassFolders(dir.resolve("split"), 20, 32, 2);
        Path model = dir.resolve("model");

        CommandRun train = CommandRun.of(
                TinyTraining.args(model, 1, "--train-whole", whole.toString(), "--data", split.toString()));
        assertThat(train.exitCode()).as(train.err()).isZero();

        JsonNode training = new ObjectMapper()
                .readTree(model.resolve("model.json").toFile())
                .get("training");
        // Pictures used whole are searched at no enlargement, which evaluate then defaults to.
        assertThat(training.at("/class_folder_pictures/image_scale").asDouble()).isEqualTo(1.0);
        JsonNode sources = training.get("sources");
        assertThat(sources.size()).isEqualTo(2);
        JsonNode splitSource = sources.get(0);
        JsonNode wholeSource = sources.get(1);
        assertThat(wholeSource.get("path").asText()).isEqualTo(whole.toString());
        assertThat(wholeSource.get("role").asText()).isEqualTo(DataSplit.TRAINED_WHOLE);
        assertThat(wholeSource.at("/train/with_mask").asInt()).isEqualTo(20);
        assertThat(wholeSource.at("/train/without_mask").asInt()).isEqualTo(20);
        assertThat(wholeSource.at("/validation/with_mask").asInt()).isZero();
        // A quarter of the split folder's pictures of each class is held out.
        assertThat(splitSource.at("/validation/with_mask").asInt()).isEqualTo(5);
        assertThat(splitSource.at("/validation/without_mask").asInt()).isEqualTo(5);

        CommandRun heldOutOfWhole = evaluateHeldOut(model, whole, dir.resolve("whole.json"));
        assertThat(heldOutOfWhole.exitCode()).isNotZero();
        assertThat(heldOutOfWhole.err())
                .contains("was trained on all of " + whole)
                .contains("--train-whole")
                .contains("evaluate it on another folder");

        CommandRun heldOutOfSplit = evaluateHeldOut(model, split, dir.resolve("split.json"));
        assertThat(heldOutOfSplit.exitCode()).as(heldOutOfSplit.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("split.json").toFile());
        assertThat(report.get("held_out").asBoolean()).isTrue();
        assertThat(report.get("faces").asInt()).isEqualTo(10);
    }

    @Test
    void aFolderIsEitherSplitOrUsedWholeNotBoth(@TempDir Path dir) throws Exception {
        Path data = SyntheticFaces.writeClassFolders(dir.resolve("data"), 4, 32, 1);
        CommandRun run = CommandRun.of(
                "train",
                "--data",
                data.toString(),
                "--train-whole",
                data.toString(),
                "-o",
                dir.resolve("m").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("either split (--data) or used whole (--train-whole), not both");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void noTrainingFolderAtAllIsAClearError(@TempDir Path dir) {
        CommandRun run = CommandRun.of("train", "-o", dir.resolve("m").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("no training data: give --data DIR");
    }

    private static CommandRun evaluateHeldOut(Path model, Path data, Path json) {
        return CommandRun.of(
                "evaluate",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--held-out",
                "--whole-pictures",
                "--json",
                json.toString());
    }
}
