package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.maskwatch.app.CommandRun;
import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.edge.store.ComplianceCount;
import io.maskwatch.edge.store.EventOrigin;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.StoredEvent;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.testing.Detail;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maskwatch detect} end to end: real detector, stand-in classifier, the real SQLite store. */
class DetectCommandTest {
    @TempDir
    static Path dir;

    static Path video;
    static Path noMask;
    static Path config;

    @BeforeAll
    static void scene() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 1, 110);
        video = Scene.write(
                dir.resolve("entrance.mp4"), 125, List.of(Scene.Actor.still(faces.get(0), 0, 125, 250, 110)));
        noMask = StandInClassifier.constant(dir.resolve("no-mask"), 0.93f);
        config = Files.writeString(dir.resolve("edge.yaml"), """
                device:
                  guid: a4af5779-29f5-48a5-99f3-f794716cc3f9
                  type: Raspberry Pi 4 Model B
                  enrolled_on: 2020-01-01 10:00:00.633803
                deployment:
                  deployed_on: 2020-08-20 07:00:00.763214
                  latitude: 42.3602534
                  longitude: -71.0582912
                models:
                  face_detection:
                    model: %s
                    guid: 11111111-2222-3333-4444-555555555555
                    threshold: 0.6
                  mask_classifier:
                    model: %s
                    guid: 66666666-7777-8888-9999-000000000000
                    labels: %s
                    threshold: 0.8
                """.formatted(
                        FaceSamples.yunetModel(), noMask, noMask.resolve("labels.txt")));
    }

    /** Runs {@code maskwatch detect} with the test configuration on {@code source}. */
    private static CommandRun detect(String source, String... more) {
        List<String> args =
                new java.util.ArrayList<>(List.of("detect", "--config", config.toString(), "--source", source));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void oneUnmaskedPersonBecomesOneCompleteEventInTheStore() throws Exception {
        Path store = dir.resolve("events.db");
        Path json = dir.resolve("detections.jsonl");
        Path out = dir.resolve("annotated.mp4");
        CommandRun run = detect(
                video.toString(), "--store", store.toString(), "--json", json.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("detect: yunet detector face_detection_yunet_2023mar.onnx");
        // Faces are detected on every third frame (detection.every = 3 by default).
        assertThat(run.out()).containsPattern("125 frames, 4\\d faces \\(0 too small\\), 1 tracks, 1 events");
        assertThat(Files.readAllLines(json)).hasSize(125);
        assertThat(Files.size(out)).isGreaterThan(10_000);
        try (EventStore events = EventStore.open(store)) {
            List<StoredEvent> stored = events.unsent(10);
            assertThat(stored).hasSize(1);
            FaceEvent e = stored.get(0).event();
            EventOrigin origin = stored.get(0).origin();
            assertThat(origin.device().guid()).isEqualTo("a4af5779-29f5-48a5-99f3-f794716cc3f9");
            assertThat(origin.device().type()).isEqualTo("Raspberry Pi 4 Model B");
            assertThat(origin.device().enrolledOn()).isEqualTo("2020-01-01 10:00:00.633803");
            assertThat(origin.device().deployedOn()).isEqualTo("2020-08-20 07:00:00.763214");
            assertThat(origin.device().latitude()).isEqualTo(42.3602534);
            assertThat(origin.device().longitude()).isEqualTo(-71.0582912);
            assertThat(origin.faceModel().name()).isEqualTo("face_detection_yunet_2023mar.onnx");
            assertThat(origin.faceModel().guid()).isEqualTo("11111111-2222-3333-4444-555555555555");
            assertThat(origin.faceModel().threshold()).isEqualTo(0.6);
            assertThat(origin.maskModel().guid()).isEqualTo("66666666-7777-8888-9999-000000000000");
            assertThat(origin.maskModel().threshold()).isEqualTo(0.8);
            assertThat(e.source()).isEqualTo(video.toString());
            assertThat(e.trackId()).isPositive();
            assertThat(e.x1()).isBetween(240, 330);
            assertThat(e.probability()).isEqualTo(0.93, org.assertj.core.data.Offset.offset(0.001));
            // The frame's time: the 5 s video (no creation_time) is taken to end when the file was
            // written, so every run dates it alike, and no frame is dated after now.
            Instant written = Files.getLastModifiedTime(video).toInstant();
            assertThat(e.time()).isBetween(written.minusSeconds(5), written);
            assertThat(e.imageFormat()).isEqualTo("jpeg");
            try (Mat image = imdecode(new Mat(new BytePointer(e.image())), IMREAD_COLOR)) {
                assertThat(image.cols()).isEqualTo(e.imageWidth());
                assertThat(image.rows()).isEqualTo(e.imageHeight());
            }
            List<ComplianceCount> counts = events.compliance(video.toString(), Instant.EPOCH);
            assertThat(counts.stream().mapToInt(ComplianceCount::withoutMask).sum())
                    .isBetween(1, 2);
            assertThat(counts.stream().mapToInt(ComplianceCount::withMask).sum())
                    .isZero();
        }
    }

    /** Where the sheet draws tile {@code i}: {@code EventSheet}'s 128 px tiles, 8 px margins, 28 px title. */
    private static int tileX(int i) {
        return 8 + i * (128 + 8);
    }

    /**
     * Runs detect on {@code video} into {@code NAME.db} with {@code --events-sheet NAME.png} and
     * checks the sheet: exactly {@code tiles} tiles in one row, each framed in {@code frame} (the
     * colour just left of the crop, halfway down).
     */
    private static CommandRun detectWithSheet(Path video, String name, int tiles, Color frame, String... more)
            throws Exception {
        Path sheet = dir.resolve("sheets/" + name + ".png");
        List<String> args = new java.util.ArrayList<>(
                List.of("--store", dir.resolve(name + ".db").toString(), "--events-sheet", sheet.toString()));
        args.addAll(List.of(more));
        CommandRun run = detect(video.toString(), args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("events sheet: " + sheet);
        BufferedImage png = ImageIO.read(sheet.toFile());
        assertThat(png.getWidth()).isEqualTo(tileX(tiles));
        for (int i = 0; i < tiles; i++) {
            assertThat(new Color(png.getRGB(tileX(i) - 1, 28 + 8 + 64)))
                    .as("tile %d", i)
                    .isEqualTo(frame);
        }
        return run;
    }

    @Test
    void eventsSheetHasOneFramedTilePerEventRedWhenSentGreyWhenLowEvidence() throws Exception {
        int[][] places = {{20, 120}, {250, 120}, {470, 120}};
        List<Mat> faces = FaceSamples.detectableAt("without_mask", 3, 100, places);
        List<Scene.Actor> actors = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            actors.add(Scene.Actor.still(faces.get(i), 0, 100, places[i][0], places[i][1]));
        }
        Path three = Scene.write(dir.resolve("three.mp4"), 100, actors);

        CommandRun sent = detectWithSheet(three, "three", 3, new Color(200, 30, 30));
        assertThat(sent.out()).contains("3 events stored (0 low-evidence, not sent)");

        // Minimums no crop reaches: the same people, all stored low-evidence, none to send, grey tiles.
        CommandRun strict = detectWithSheet(
                three, "strict", 3, new Color(150, 150, 150), "--set", "tracking.evidence_min_face=1000");
        assertThat(strict.out()).contains("3 events stored (3 low-evidence, not sent)");
        try (EventStore events = EventStore.open(dir.resolve("strict.db"))) {
            assertThat(events.unsent(10)).isEmpty();
            assertThat(events.lowEvidence())
                    .hasSize(3)
                    .allSatisfy(e -> assertThat(e.event().lowEvidence()).isTrue());
            // Still counted: each person once per minute (the 4 s may straddle one), as without a mask.
            assertThat(events.compliance(three.toString(), Instant.EPOCH).stream()
                            .mapToInt(ComplianceCount::withoutMask)
                            .sum())
                    .isBetween(3, 6);
        }
    }

    @Test
    void aFolderOfImagesGivesOneJsonLinePerImageNamedByFileAndSkipsTheUnreadable() throws Exception {
        Path scenes = SharedData.require("data/mask-scenes/images");
        Path folder = Files.createDirectories(dir.resolve("photos"));
        List<Path> photos;
        try (Stream<Path> files = Files.list(scenes)) {
            photos = files.sorted().limit(3).toList();
        }
        for (Path p : photos) {
            Files.copy(p, folder.resolve(p.getFileName()));
        }
        Files.write(folder.resolve("zz-broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0});
        Path json = dir.resolve("photos.jsonl");
        Path store = dir.resolve("photos.db");
        CommandRun run = detect(folder.toString(), "--store", store.toString(), "--json", json.toString());

        // Finished with a warning: the broken file is named once at the end, the rest is analysed.
        assertThat(run.exitCode()).as(run.err()).isEqualTo(io.maskwatch.app.ExitStatus.WARNINGS);
        assertThat(run.err()).contains("warning: " + folder + ": 1 of 4 images are not readable images");
        assertThat(run.out()).contains("1 skipped");
        List<String> lines = Files.readAllLines(json);
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(i)).startsWith("{\"source\":\"" + photos.get(i).getFileName() + "\",\"frame\":" + i);
        }
        long unmaskedFaces = lines.stream()
                .mapToLong(l -> l.split("\"label\":\"no_mask\"", -1).length - 1)
                .sum();
        assertThat(unmaskedFaces).isPositive();
        try (EventStore events = EventStore.open(store)) {
            // Stills: every face judged unmasked is its own event (those too small or blurred to
            // judge stored as low-evidence, not to be sent).
            assertThat(events.unsent(1000).size() + events.lowEvidence().size()).isEqualTo((int) unmaskedFaces);
        }
    }

    /**
     * {@code tracking.blur_bystanders} on a real photo of a row of people side by side (../shared):
     * the stand-in classifier says "no mask" to every face, so each face is an event whose crop
     * holds parts of its neighbours. Stored with the key on, the neighbours' faces in each crop
     * lose their detail (Laplacian variance under 5 % of the same crop stored without the key);
     * the person's own face is the same picture.
     */
    @Test
    void withBlurBystandersEachStoredCropShowsTheOthersFacesBlurred() throws Exception {
        Path photo = SharedData.require("data/mask-scenes/images/maksssksksss501.jpg");
        Path folder = Files.createDirectories(dir.resolve("row"));
        Files.copy(photo, folder.resolve(photo.getFileName()));
        Map<UUID, FaceEvent> plain = storedEvents(folder, "row-plain", "false");
        Map<UUID, FaceEvent> blurred = storedEvents(folder, "row-blurred", "true");
        assertThat(blurred.keySet()).isEqualTo(plain.keySet()).hasSizeGreaterThanOrEqualTo(2);

        double margin = ModelManifest.read(noMask).cropMargin();
        int[] size;
        try (Mat image = imread(photo.toString())) {
            size = new int[] {image.cols(), image.rows()};
        }
        int checked = 0;
        for (FaceEvent event : plain.values()) {
            FaceCrop region = FaceCrop.around(event.x1(), event.y1(), event.x2(), event.y2(), margin, size[0], size[1]);
            // The crop is recomputed from the stored (rounded) box: two pixels' leeway on each side.
            int[] own = inCrop(event, region, 2);
            int[] ownInside = inCrop(event, region, -2);
            try (Mat before = decode(event);
                    Mat after = decode(blurred.get(event.eventId()))) {
                double ownRatio =
                        Detail.laplacianVariance(after, ownInside) / Detail.laplacianVariance(before, ownInside);
                assertThat(ownRatio)
                        .as(
                                "the person's own face in event %s (JPEG blocks along the blur differ a little)",
                                event.eventId())
                        .isBetween(0.95, 1.05);
                for (FaceEvent other : plain.values()) {
                    int[] theirs = inCrop(other, region, -2);
                    if (other != event && visiblePixels(theirs, own, before) >= 200) {
                        assertThat(Detail.laplacianVariance(after, theirs, own)
                                        / Detail.laplacianVariance(before, theirs, own))
                                .as("the face of %s in the crop of %s", other.eventId(), event.eventId())
                                .isLessThan(0.05);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("neighbours' faces found in the crops").isPositive();
    }

    /** The events of one detect run on {@code source} with {@code tracking.blur_bystanders} as given. */
    private static Map<UUID, FaceEvent> storedEvents(Path source, String name, String blur) {
        Path store = dir.resolve(name + ".db");
        CommandRun run =
                detect(source.toString(), "--store", store.toString(), "--set", "tracking.blur_bystanders=" + blur);
        assertThat(run.exitCode()).as(run.err()).isZero();
        try (EventStore events = EventStore.open(store)) {
            Map<UUID, FaceEvent> byId = new HashMap<>();
            Stream.concat(events.unsent(1000).stream(), events.lowEvidence().stream())
                    .forEach(e -> byId.put(e.event().eventId(), e.event()));
            return byId;
        }
    }

    /** An event's face box in the pixels of {@code region}, grown by {@code grow} on each side (negative: shrunk). */
    private static int[] inCrop(FaceEvent e, FaceCrop region, int grow) {
        return new int[] {
            e.x1() - region.x1() - grow,
            e.y1() - region.y1() - grow,
            e.x2() - region.x1() + grow,
            e.y2() - region.y1() + grow
        };
    }

    /** Pixels of {@code box} inside {@code crop} and outside {@code excluded}. */
    private static int visiblePixels(int[] box, int[] excluded, Mat crop) {
        int[] inside = intersection(box, new int[] {0, 0, crop.cols(), crop.rows()});
        return area(inside) - area(intersection(inside, excluded));
    }

    private static int[] intersection(int[] a, int[] b) {
        return new int[] {Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])};
    }

    private static int area(int[] box) {
        return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
    }

    private static Mat decode(FaceEvent event) {
        return imdecode(new Mat(new BytePointer(event.image())), IMREAD_COLOR);
    }

    @Test
    void showWithoutADisplayRunsOnWithoutAWindow() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.awt.GraphicsEnvironment.isHeadless(), "a display exists here; the headless path is not reachable");
        CommandRun run = detect(
                video.toString(), "--show", "--store", dir.resolve("show.db").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("125 frames, 4\\d faces \\(0 too small\\), 1 tracks, 1 events");
    }

    @Test
    void severalSourcesEachGetTheirOwnSummaryLineThenTheirTotal() throws Exception {
        Path empty = Scene.write(dir.resolve("empty-hall.mp4"), 50, List.of());
        CommandRun run = detect(
                video.toString(),
                "--source",
                empty.toString(),
                "--store",
                dir.resolve("two.db").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("(?m)^" + Pattern.quote(video.toString())
                        + ": 125 frames, 4\\d faces \\(0 too small\\), 1 tracks, 1 events stored")
                .containsPattern("(?m)^" + Pattern.quote(empty.toString())
                        + ": 50 frames, 0 faces \\(0 too small\\), 0 tracks, 0 events stored")
                .containsPattern("(?m)^total of 2 sources: 175 frames, 4\\d faces \\(0 too small\\), 1 tracks, 1 events"
                        + " stored \\(\\d low-evidence, not sent\\), [\\d.]+ frames/s");
    }

    @Test
    void aSourceGivenTwiceOrTwoSourcesOfOneNameAreRefused() throws Exception {
        CommandRun twice = detect(video.toString(), "--source", video.toString());
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).startsWith("error: --source " + video + " is given twice");

        Path sameName = Files.writeString(
                dir.resolve("same-name.yaml"),
                Files.readString(config)
                        + "sources:\n  - {uri: /dev/video0, name: door}\n  - {uri: /dev/video1, name: door}\n");
        CommandRun named = CommandRun.of("detect", "--config", sameName.toString());
        assertThat(named.exitCode()).isEqualTo(2);
        assertThat(named.err())
                .contains("sources: two sources are named 'door'")
                .contains("give each its own 'name'");
    }

    @Test
    void aWrongTypeInTheConfigIsOneLineNamingTheKey() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "tracking:\n  cooldown_seconds: ten\n");
        CommandRun run = CommandRun.of("detect", "--config", bad.toString(), "--source", video.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().trim())
                .isEqualTo("error: " + bad + ": tracking.cooldown_seconds: expected a number between 0.0 and 604800.0,"
                        + " got 'ten'");
    }

    @Test
    void aMissingOrCorruptDetectorModelIsAClearErrorAndNothingIsStored() throws Exception {
        Path store = dir.resolve("never.db");
        CommandRun missing = detect(
                video.toString(),
                "--store",
                store.toString(),
                "--detector",
                dir.resolve("nope.onnx").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .contains("models.face_detection.model: file not found")
                .contains("models pull");

        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        CommandRun broken = detect(video.toString(), "--store", store.toString(), "--detector", corrupt.toString());
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("cannot be loaded by ONNX Runtime").doesNotContain("\tat ");
        assertThat(store).doesNotExist();
    }

    @Test
    void aMissingCameraOrClassifierIsAClearError() {
        CommandRun camera = detect("/dev/video97");
        assertThat(camera.exitCode()).isEqualTo(2);
        assertThat(camera.err()).contains("camera /dev/video97 not found");
        CommandRun model =
                detect(video.toString(), "--model", dir.resolve("no-model").toString());
        assertThat(model.exitCode()).isEqualTo(2);
        assertThat(model.err()).contains("mask classifier not found");
    }

    @Test
    void relativeModelPathsInTheConfigAreRelativeToTheConfigFile() throws Exception {
        // The tests run in the module's folder; the configuration and the model are in another.
        Path relative = Files.writeString(dir.resolve("relative.yaml"), """
                models:
                  face_detection:
                    model: %s
                  mask_classifier:
                    model: no-mask
                    labels: no-mask/labels.txt
                """.formatted(FaceSamples.yunetModel()));
        Path store = dir.resolve("relative.db");
        CommandRun run = CommandRun.of(
                "detect", "--config", relative.toString(), "--source", video.toString(), "--store", store.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        Path missing =
                Files.writeString(dir.resolve("missing.yaml"), "models:\n  mask_classifier:\n    model: gone/model\n");
        CommandRun gone = CommandRun.of(
                "detect", "--config", missing.toString(), "--source", video.toString(), "--store", store.toString());
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err())
                .contains("mask classifier not found: models.mask_classifier.model is gone/model (in the"
                        + " configuration file), tried " + dir.resolve("gone/model"))
                .contains("relative to the file's folder");
    }
}
