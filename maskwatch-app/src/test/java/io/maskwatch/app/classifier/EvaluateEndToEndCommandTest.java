package io.maskwatch.app.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.app.CommandRun;
import io.maskwatch.testing.SyntheticFaces;
import io.maskwatch.vision.evaluate.MistakeSheet;
import io.maskwatch.vision.testing.AnnotatedScenes;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.StandInClassifier;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maskwatch evaluate --end-to-end} on a VOC folder drawn from real faces ({@link
 * AnnotatedScenes}) with a stand-in classifier that gives every face a no-mask probability of 0.7
 * and recommends 0.5: detect's default threshold is the model's, so every face found is labelled no
 * mask unless the configuration raises the threshold.
 */
class EvaluateEndToEndCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path scenes;
    private static Path model;

    @BeforeAll
    static void drawPhotos() throws Exception {
        scenes = AnnotatedScenes.write(dir.resolve("scenes"));
        model = StandInClassifier.constant(dir.resolve("model"), 0.7f);
    }

    @Test
    void runsDetectsStillImagePathAndWritesTheReportAndTheSheet() throws Exception {
        Path json = dir.resolve("runs/e2e.json");

        CommandRun run = evaluate("--json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(json.toFile());
        assertThat(report.get("mode").asText()).isEqualTo("end_to_end");
        assertThat(report.get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(report.get("detector").asText()).isEqualTo("yunet");
        // The stand-in model's own minimum face size, as detect takes it when the configuration sets none.
        assertThat(report.get("classify_min_face_size").asInt()).isEqualTo(16);
        assertThat(report.get("photos").asInt()).isEqualTo(3);
        assertThat(report.get("unreadable_photos").toString()).contains("four.png");
        assertThat(ratio(report, "/faces_min_face/face_recall")).isEqualTo("5/6");
        assertThat(ratio(report, "/faces_min_face/no_mask_recall")).isEqualTo("3/4");
        assertThat(ratio(report, "/faces_min_face/no_mask_precision")).isEqualTo("2/5");
        assertThat(ratio(report, "/all_faces/no_mask_precision")).isEqualTo("2/5");
        assertThat(report.get("sweep_min_face")).hasSize(19);
        assertThat(report.get("recommended_threshold").isNull()).isTrue();

        // Next to the JSON: three false alarms above one miss.
        BufferedImage sheet = ImageIO.read(dir.resolve("runs/e2e-sheet.png").toFile());
        int part = 28 + 8 + MistakeSheet.TILE + 4 * 14 + 8 + 4;
        assertThat(sheet.getWidth()).isEqualTo(8 + 3 * (MistakeSheet.TILE + 8));
        assertThat(sheet.getHeight()).isEqualTo(2 * part);
    }

    @Test
    void theConfigurationsThresholdIsUsedAsDetectUsesIt() throws Exception {
        Path config = dir.resolve("edge.yaml");
        Files.writeString(config, "models:\n  mask_classifier:\n    threshold: 0.75\n");
        Path json = dir.resolve("configured.json");
        Path sheet = dir.resolve("elsewhere/sheet.png");

        CommandRun run =
                evaluate("--config", config.toString(), "--json", json.toString(), "--sheet", sheet.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(json.toFile());
        assertThat(report.get("threshold").asDouble()).isEqualTo(0.75);
        assertThat(ratio(report, "/faces_min_face/no_mask_recall")).isEqualTo("0/4");
        assertThat(ratio(report, "/faces_min_face/no_mask_precision")).isEqualTo("0/0");
        assertThat(Files.exists(sheet)).isTrue();
        assertThat(Files.exists(dir.resolve("configured-sheet.png"))).isFalse();
    }

    @Test
    void classFoldersAreRefusedWithWhatToDoInstead() {
        Path classFolders = SyntheticFaces.writeClassFolders(dir.resolve("crops"), 2, 32, 3);

        CommandRun run = CommandRun.of("evaluate", "--end-to-end", "--data", classFolders.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err())
                .contains("--end-to-end needs photos with annotated faces (images/ + annotations/")
                .contains("holds class folders")
                .contains("without --end-to-end");
    }

    @Test
    void theSheetWithoutEndToEndIsRefused() {
        Path classFolders = SyntheticFaces.writeClassFolders(dir.resolve("crops-2"), 2, 32, 3);

        CommandRun run = CommandRun.of(
                "evaluate",
                "--data",
                classFolders.toString(),
                "--sheet",
                dir.resolve("s.png").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--sheet, --config and --write-threshold belong to --end-to-end");
    }

    @Test
    void theChosenThresholdIsWrittenIntoTheModelWithWhatItGives() throws Exception {
        Path copy = heldOutModel("chosen");

        CommandRun run = evaluateModel(
                copy, "--held-out", "--write-threshold", "--threshold-for", "LABELS", "--target-precision", "0.1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode manifest = JSON.readTree(copy.resolve("model.json").toFile());
        // Every face scores 0.7: any threshold up to it labels them all; the middle of (0, 0.7] is chosen.
        assertThat(manifest.get("recommendedThreshold").asDouble())
                .isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-6));
        JsonNode choice = manifest.at("/metrics/threshold_choice");
        assertThat(choice.get("target_precision").asDouble()).isEqualTo(0.1);
        assertThat(choice.get("basis").asText()).isEqualTo("no-mask");
        assertThat(choice.get("previous_threshold").asDouble()).isEqualTo(0.5);
        assertThat(choice.at("/precision/of").asInt()).isPositive();
        assertThat(choice.get("min_face").asInt()).isEqualTo(24);
    }

    @Test
    void noThresholdIsWrittenWhenNoneReachesTheTargetOrThePhotosWereNotHeldOut() throws Exception {
        Path copy = heldOutModel("unreachable");
        String before = Files.readString(copy.resolve("model.json"));

        CommandRun unreachable = evaluateModel(
                copy, "--held-out", "--write-threshold", "--threshold-for", "LABELS", "--target-precision", "0.99");
        CommandRun notHeldOut = evaluateModel(copy, "--write-threshold");

        assertThat(unreachable.exitCode()).isNotZero();
        assertThat(unreachable.err())
                .contains("no threshold reaches no-mask precision 0.99")
                .contains("none was written");
        assertThat(notHeldOut.exitCode()).isNotZero();
        assertThat(notHeldOut.err()).contains("add --held-out");
        assertThat(Files.readString(copy.resolve("model.json"))).isEqualTo(before);
    }

    /** The stand-in model, copied, with a training record that holds half of the photos out. */
    private static Path heldOutModel(String name) throws Exception {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(copy.resolve("model.json").toFile());
        manifest.putObject("training").put("validation_fraction", 0.5).put("split_seed", 3);
        JSON.writeValue(copy.resolve("model.json").toFile(), manifest);
        return copy;
    }

    private static CommandRun evaluateModel(Path modelDir, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "evaluate",
                "--end-to-end",
                "--data",
                scenes.toString(),
                "--model",
                modelDir.toString(),
                "--detector",
                FaceSamples.yunetModel().toString(),
                "--min-face",
                "24"));
        args.addAll(List.of(options));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static CommandRun evaluate(String... options) {
        return evaluateModel(model, options);
    }

    private static String ratio(JsonNode report, String pointer) {
        JsonNode r = report.at(pointer);
        return r.get("count").asInt() + "/" + r.get("of").asInt();
    }
}
