package io.maskwatch.app.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.app.CommandRun;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.testing.SharedData;
import io.maskwatch.testing.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maskwatch evaluate} on the real mask-faces/val pictures: by default the face is found
 * with the detector and cut as production cuts it; {@code --whole-pictures} uses pictures whole.
 */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one evaluate run wrote: its JSON report and the rows of its mistakes CSV. */
    private record Evaluated(JsonNode report, List<String> mistakes) {}

    @Test
    void findsTheFaceInEachPictureWithTheDetector(@TempDir Path tmp) throws Exception {
        Path yunet = SharedData.require("models/face_detection_yunet_2023mar.onnx");

        Evaluated run = evaluate(tmp, "--detector", yunet.toString());

        assertThat(run.report().get("faces").asInt()).isEqualTo(255);
        assertThat(run.report().get("class_folder_pictures").asText())
                .startsWith("faces found by yunet (face_detection_yunet_2023mar.onnx) in ")
                .endsWith(" of 255 pictures, the rest used whole");
        assertThat(Files.exists(tmp.resolve("val-pr.png"))).isTrue();
        // The figures at 0.5 and at the model's own threshold (detect's default) are both reported.
        assertThat(run.report().get("threshold").asDouble()).isEqualTo(0.5);
        double modelThreshold = ModelManifest.read(SharedData.repoRoot().resolve("models/mask-classifier"))
                .recommendedThreshold();
        assertThat(run.report().at("/at_model_threshold/threshold").asDouble()).isEqualTo(modelThreshold);
        assertThat(run.report().at("/at_model_threshold/report/accuracy").asDouble())
                .isBetween(0.5, 1.0);
        // Faces the detector found are reported with their box in the picture.
        assertThat(run.mistakes())
                .isNotEmpty()
                .anySatisfy(row -> assertThat(row.split(",")[1]).isNotEmpty());
    }

    @Test
    void wholePicturesAreUsedAsTheyAreOnRequest(@TempDir Path tmp) throws Exception {
        Evaluated run = evaluate(tmp, "--whole-pictures");

        assertThat(run.report().get("class_folder_pictures").asText()).isEqualTo("no pictures to search");
        assertThat(run.mistakes())
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.split(",")[1]).isEmpty());
    }

    @Test
    void picturesAreEnlargedBeforeTheSearchOnRequest(@TempDir Path tmp) throws Exception {
        Path yunet = SharedData.require("models/face_detection_yunet_2023mar.onnx");

        Evaluated run = evaluate(tmp, "--detector", yunet.toString(), "--image-scale", "2");

        assertThat(run.report().get("class_folder_pictures").asText())
                .startsWith("faces found by yunet (face_detection_yunet_2023mar.onnx), pictures enlarged x2.0 in ");
    }

    /** A model trained on enlarged pictures is judged on pictures enlarged alike unless told otherwise. */
    @Test
    void aModelsPicturesAreSearchedAtTheScaleItWasTrainedAt(@TempDir Path tmp) throws Exception {
        Path yunet = SharedData.require("models/face_detection_yunet_2023mar.onnx");
        Path data = SyntheticFaces.writeClassFolders(tmp.resolve("data"), 3, 64, 7);
        Path model = tmp.resolve("model");
        Path shipped = SharedData.repoRoot().resolve("models/mask-classifier");
        Files.createDirectories(model);
        for (String file : List.of("model.onnx", "labels.txt", ModelManifest.FILE_NAME)) {
            Files.copy(shipped.resolve(file), model.resolve(file));
        }
        ObjectNode manifest = (ObjectNode)
                JSON.readTree(model.resolve(ModelManifest.FILE_NAME).toFile());
        manifest.with("training").with("class_folder_pictures").put(ModelManifest.CLASS_FOLDER_IMAGE_SCALE, 2.0);
        JSON.writeValue(model.resolve(ModelManifest.FILE_NAME).toFile(), manifest);

        String search = "faces found by yunet (face_detection_yunet_2023mar.onnx)";
        assertThat(searchOf(tmp, model, data, "--detector", yunet.toString()))
                .startsWith(search + ", pictures enlarged x2.0 in ");
        assertThat(searchOf(tmp, model, data, "--detector", yunet.toString(), "--image-scale", "1"))
                .startsWith(search + " in ");
    }

    private static String searchOf(Path tmp, Path model, Path data, String... options) throws Exception {
        Path json = tmp.resolve("report.json");
        List<String> args = new ArrayList<>(
                List.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--json", json.toString()));
        args.addAll(List.of(options));
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(json.toFile()).get("class_folder_pictures").asText();
    }

    @Test
    void anImageScaleOutOfRangeIsAClearError() {
        Path val = SharedData.require("data/mask-faces/val");

        CommandRun run = CommandRun.of("evaluate", "--data", val.toString(), "--image-scale", "0");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err())
                .contains("--image-scale must be between 0.1 and 4.0")
                .contains("got 0.0");
    }

    @Test
    void aMissingDetectorFileIsAClearError(@TempDir Path tmp) {
        Path val = SharedData.require("data/mask-faces/val");

        CommandRun run = CommandRun.of(
                "evaluate",
                "--data",
                val.toString(),
                "--detector",
                tmp.resolve("gone.onnx").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("gone.onnx").contains("maskwatch models pull");
    }

    private static Evaluated evaluate(Path tmp, String... options) throws Exception {
        Path val = SharedData.require("data/mask-faces/val");
        Path json = tmp.resolve("val.json");
        Path mistakes = tmp.resolve("mistakes.csv");
        List<String> args = new ArrayList<>(List.of(
                "evaluate", "--data", val.toString(), "--json", json.toString(), "--mistakes", mistakes.toString()));
        args.addAll(List.of(options));
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(mistakes);
        return new Evaluated(JSON.readTree(json.toFile()), lines.subList(1, lines.size()));
    }
}
