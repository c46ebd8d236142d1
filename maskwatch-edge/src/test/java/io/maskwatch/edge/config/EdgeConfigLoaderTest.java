package io.maskwatch.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.core.InputException;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.config.DetectionConfig;
import io.maskwatch.vision.config.FaceDetectionConfig;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.vision.config.TrackingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeConfigLoaderTest {
    @TempDir
    Path dir;

    /** The seed's config.yaml, key for key. */
    private static final String SEED = """
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
                model: models/face.tflite
                guid: 11111111-2222-3333-4444-555555555555
                threshold: 0.4
              mask_classifier:
                model: models/mask.tflite
                guid: 66666666-7777-8888-9999-000000000000
                labels: models/labels.txt
                threshold: 0.8
            """;

    @Test
    void acceptsTheSeedKeysAsTheyAre() throws Exception {
        EdgeConfig c = EdgeConfigLoader.load(write(SEED), Map.of());
        assertThat(c.device().guid()).isEqualTo("a4af5779-29f5-48a5-99f3-f794716cc3f9");
        assertThat(c.device().type()).isEqualTo("Raspberry Pi 4 Model B");
        assertThat(c.device().enrolledOn()).isEqualTo("2020-01-01 10:00:00.633803");
        assertThat(c.deployment().deployedOn()).isEqualTo("2020-08-20 07:00:00.763214");
        assertThat(c.deployment().latitude()).isEqualTo(42.3602534);
        assertThat(c.deployment().longitude()).isEqualTo(-71.0582912);
        assertThat(c.faceDetection().model()).isEqualTo("models/face.tflite");
        assertThat(c.faceDetection().threshold()).isEqualTo(0.4);
        assertThat(c.maskClassifier().labels()).isEqualTo("models/labels.txt");
        assertThat(c.maskClassifier().threshold()).isEqualTo(0.8);
        assertThat(c.maskClassifier().guid()).isEqualTo("66666666-7777-8888-9999-000000000000");
    }

    @Test
    void keepsOtherComponentsKeysValid() throws Exception {
        EdgeConfig c = EdgeConfigLoader.load(write(SEED + """
                        store:
                          path: /var/lib/maskwatch/events.db
                        kafka:
                          bootstrap_servers: broker:9093
                          security_protocol: SASL_SSL
                          sasl_mechanism: PLAIN
                          sasl_username: edge
                          sasl_password_env: KAFKA_PASSWORD
                          properties:
                            acks: all
                            linger.ms: 5
                        """), Map.of());
        assertThat(c.store().path()).isEqualTo("/var/lib/maskwatch/events.db");
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker:9093");
        assertThat(c.kafka().saslPasswordEnv()).isEqualTo("KAFKA_PASSWORD");
        assertThat(c.kafka().properties()).containsEntry("acks", "all").containsEntry("linger.ms", "5");
    }

    @Test
    void commandLineOverridesAnyKeyAndIsValidatedLikeTheFile() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("tracking.cooldown_seconds", "30");
        overrides.put("models.face_detection.threshold", "0.7");
        overrides.put("device.type", "bench rig");
        EdgeConfig c = EdgeConfigLoader.load(write(SEED), overrides);
        assertThat(c.tracking().cooldownSeconds()).isEqualTo(30);
        assertThat(c.faceDetection().threshold()).isEqualTo(0.7);
        assertThat(c.device().type()).isEqualTo("bench rig");

        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("tracking.classify_every", "9")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.classify_every")
                .hasMessageContaining("between 1 and 5");
    }

    @Test
    void evidenceSettingsHaveDefaultsAndRangesAndTheReplacedDelayKeySaysWhatReplacedIt() throws Exception {
        TrackingConfig defaults = EdgeConfigLoader.load(null, Map.of()).tracking();
        assertThat(defaults.evidenceMinFace()).isEqualTo(22);
        assertThat(defaults.evidenceMinSharpness()).isEqualTo(100);
        assertThat(defaults.evidenceWaitSeconds()).isEqualTo(10);
        assertThat(defaults.evidenceMinFaceScore()).isEqualTo(0.7);

        TrackingConfig set = EdgeConfigLoader.load(
                        write("tracking:\n  evidence_min_face: 40\n  evidence_min_sharpness: 150\n"
                                + "  evidence_wait_seconds: 30\n"),
                        Map.of())
                .tracking();
        assertThat(new double[] {set.evidenceMinFace(), set.evidenceMinSharpness(), set.evidenceWaitSeconds()})
                .containsExactly(40, 150, 30);

        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("tracking.evidence_min_face", "-1")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.evidence_min_face: expected a whole number between 0 and 4096");
        assertThat(EdgeConfigLoader.load(null, Map.of("tracking.evidence_min_face_score", "0"))
                        .tracking()
                        .evidenceMinFaceScore())
                .isZero();
        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("tracking.evidence_min_face_score", "1.5")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.evidence_min_face_score: expected a number between 0.0 and 1.0");
        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("tracking.evidence_wait_seconds", "7200")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.evidence_wait_seconds: expected a number between 0.0 and 3600.0");
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("tracking:\n  event_delay_frames: 25\n"), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.event_delay_frames: replaced by tracking.evidence_wait_seconds")
                .hasMessageContaining("remove the key");
    }

    @Test
    void wrongTypeNamesTheKeyAndTheExpectedValue() throws Exception {
        Path file = write(SEED.replace("threshold: 0.4", "threshold: high"));
        assertThatThrownBy(() -> EdgeConfigLoader.load(file, Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("models.face_detection.threshold")
                .hasMessageContaining("expected a number between 0.0 and 1.0, got 'high'");
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("tracking:\n  vote_window: [1, 2]\n"), Map.of()))
                .hasMessageContaining("tracking.vote_window: expected a whole number");
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("device: 3\n"), Map.of()))
                .hasMessageContaining("device: expected a mapping of keys, got '3'");
    }

    @Test
    void aClassificationIntervalAboveFiveFramesIsRejected() {
        assertThatThrownBy(() ->
                        EdgeConfigLoader.load(null, Map.of("detection.every", "3", "tracking.classify_every", "4")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.classify_every: with detection.every = 3 faces would be re-classified"
                        + " every 6 frames; expected at most 5");
        EdgeConfig ok = EdgeConfigLoader.load(null, Map.of("detection.every", "2", "tracking.classify_every", "4"));
        assertThat(ok.tracking().classifyEvery()).isEqualTo(4);
    }

    @Test
    void misspeltKeyIsRejectedWithTheValidKeys() throws Exception {
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("tracking:\n  cooldown_secs: 5\n"), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.cooldown_secs: unknown key")
                .hasMessageContaining("cooldown_seconds");
    }

    @Test
    void inconsistentValuesAreRejected() throws Exception {
        assertThatThrownBy(() -> EdgeConfigLoader.load(
                        null, Map.of("tracking.vote_window", "3", "tracking.min_no_mask_frames", "5")))
                .hasMessageContaining("tracking.min_no_mask_frames: expected at most tracking.vote_window (3), got 5");
    }

    @Test
    void faceCheckKeysParseAndDefaultToTheFittedBounds() throws Exception {
        DetectionConfig defaults = EdgeConfigLoader.load(null, Map.of()).detection();
        assertThat(defaults.faceCheck()).isTrue();
        assertThat(defaults.minFaceScore()).isEqualTo(DetectionConfig.DEFAULT_MIN_FACE_SCORE);
        assertThat(defaults.faceAspectMin()).isEqualTo(DetectionConfig.DEFAULT_FACE_ASPECT_MIN);
        assertThat(defaults.faceAspectMax()).isEqualTo(DetectionConfig.DEFAULT_FACE_ASPECT_MAX);
        DetectionConfig set = EdgeConfigLoader.load(
                        write("detection:\n  face_check: false\n  min_face_score: 0.7\n"
                                + "  face_aspect_min: 0.8\n  face_aspect_max: 2.0\n"),
                        Map.of())
                .detection();
        assertThat(set.faceCheck()).isFalse();
        assertThat(set.minFaceScore()).isEqualTo(0.7);
        assertThat(set.faceAspectMin()).isEqualTo(0.8);
        assertThat(set.faceAspectMax()).isEqualTo(2.0);
    }

    @Test
    void badFaceCheckValuesNameTheKey() {
        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("detection.face_check", "sometimes")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("detection.face_check: expected true or false");
        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("detection.min_face_score", "1.5")))
                .hasMessageContaining("detection.min_face_score: expected a number between 0.0 and 1.0, got 1.5");
        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("detection.face_aspect_min", "0")))
                .hasMessageContaining("detection.face_aspect_min: expected a number between 0.1 and 10.0");
        assertThatThrownBy(() -> EdgeConfigLoader.load(
                        null, Map.of("detection.face_aspect_min", "2", "detection.face_aspect_max", "1.5")))
                .hasMessageContaining("detection.face_aspect_max: must be above face_aspect_min (2.0), got 1.5");
    }

    @Test
    void runtimeProviderAndBatchKeysHaveDefaultsAndRejectUnknownValues() throws Exception {
        EdgeConfig defaults = EdgeConfigLoader.load(null, Map.of());
        assertThat(defaults.faceDetection().runtime()).isEqualTo(FaceDetectionConfig.DEFAULT_RUNTIME);
        assertThat(defaults.faceDetection().provider()).isEqualTo(InferenceProvider.CPU);
        assertThat(defaults.maskClassifier().provider()).isEqualTo(InferenceProvider.CPU);
        assertThat(defaults.detection().batch()).isFalse();
        EdgeConfig set = EdgeConfigLoader.load(
                write("models:\n  face_detection:\n    runtime: OpenCV\n  mask_classifier:\n    provider: cuda\n"
                        + "detection:\n  batch: true\n"),
                Map.of());
        assertThat(set.faceDetection().runtime()).isEqualTo(FaceDetectionConfig.Runtime.OPENCV);
        assertThat(set.maskClassifier().provider()).isEqualTo(InferenceProvider.CUDA);
        assertThat(set.detection().batch()).isTrue();
        assertThat(EdgeConfigLoader.load(
                                null,
                                Map.of(
                                        "models.face_detection.runtime", "onnxruntime",
                                        "models.face_detection.provider", "cuda"))
                        .faceDetection()
                        .provider())
                .isEqualTo(InferenceProvider.CUDA);
        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("models.face_detection.runtime", "tensorrt")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(
                        "models.face_detection.runtime: expected one of [opencv, onnxruntime], got 'tensorrt'");
        assertThatThrownBy(() -> EdgeConfigLoader.load(null, Map.of("models.mask_classifier.provider", "gpu")))
                .hasMessageContaining("models.mask_classifier.provider: expected one of [cpu, cuda], got 'gpu'");
        assertThatThrownBy(() -> EdgeConfigLoader.load(
                        null,
                        Map.of("models.face_detection.runtime", "opencv", "models.face_detection.provider", "cuda")))
                .hasMessageContaining(
                        "models.face_detection.provider: cuda needs models.face_detection.runtime: onnxruntime");
    }

    @Test
    void sourcesMayBeTextOrMappings() throws Exception {
        EdgeConfig c = EdgeConfigLoader.load(
                write("sources:\n  - /dev/video0\n  - uri: rtsp://cam/1\n    name: door\n"), Map.of());
        assertThat(c.sources())
                .containsExactly(
                        new SourceConfig("/dev/video0", "/dev/video0"), new SourceConfig("rtsp://cam/1", "door"));
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("sources:\n  - name: door\n"), Map.of()))
                .hasMessageContaining("sources[0].uri: missing");
    }

    @Test
    void brokenYamlAndMissingFileAreClearErrors() throws Exception {
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("device: [unclosed\n"), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> EdgeConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("configuration file not found");
    }

    @Test
    void theEventsTopicHasOneNameOnDeviceAndServerAlike() throws Exception {
        assertThat(EdgeConfigLoader.load(null, Map.of()).topics().alerts()).isEqualTo("alert-topic");
        assertThat(EdgeConfigLoader.load(null, Map.of(), Map.of("MASKWATCH_TOPICS_ALERTS", "door-events")::get)
                        .topics()
                        .alerts())
                .isEqualTo("door-events");
        Path old = dir.resolve("old.yaml");
        Files.writeString(old, "kafka:\n  topic: alert-topic\n");
        assertThatThrownBy(() -> EdgeConfigLoader.load(old, Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("kafka.topic")
                .hasMessageContaining("topics.alerts");
        Path notify = dir.resolve("notify.yaml");
        Files.writeString(notify, "topics:\n  to_notify: to-notify-topic\n");
        assertThatThrownBy(() -> EdgeConfigLoader.load(notify, Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("topics.to_notify");
    }

    @Test
    void theExampleConfigLoadsWithItsDocumentedValues() {
        Path example = SharedData.repoRoot().resolve("config/edge.example.yaml");
        EdgeConfig c = EdgeConfigLoader.load(example, Map.of());
        assertThat(c.device().type()).isEqualTo("Raspberry Pi 4 Model B");
        assertThat(c.sources()).extracting(SourceConfig::name).containsExactly("entrance");
        assertThat(c.tracking().classifyEvery()).isBetween(1, 5);
        assertThat(c.topics().alerts()).isEqualTo("alert-topic");
        // The quick start runs without a broker: dispatch is off until bootstrap_servers is set.
        assertThat(c.kafka().bootstrapServers()).isNull();
        assertThat(c.detection().minFaceScore()).isEqualTo(DetectionConfig.DEFAULT_MIN_FACE_SCORE);
        // Relative to config/, wherever detect is run from; the shipped model is the installation's.
        assertThat(c.store().path())
                .isEqualTo(SharedData.repoRoot()
                        .resolve("data/maskwatch.db")
                        .toAbsolutePath()
                        .normalize()
                        .toString());
        assertThat(c.maskClassifier().model()).isEqualTo("models/mask-classifier");
        assertThat(c.ops().endpoint().bind()).isEqualTo("127.0.0.1");
        assertThat(c.ops().endpoint().portOr(OpsConfig.DISPATCH_PORT)).isEqualTo(OpsConfig.DETECT_PORT);
        assertThat(c.ops().sourceDownSeconds()).isEqualTo(60);
    }

    @Test
    void theOpsSectionIsReadLikeEveryOtherAndEachCommandHasItsOwnDefaultPort() throws Exception {
        EdgeConfig none = EdgeConfigLoader.load(write("device: {guid: d1}\n"), Map.of());
        assertThat(none.ops().endpoint().portOr(OpsConfig.DETECT_PORT)).isEqualTo(9464);
        assertThat(none.ops().endpoint().portOr(OpsConfig.DISPATCH_PORT)).isEqualTo(9465);
        assertThat(EdgeConfigLoader.load(null, Map.of(), Map.of("MASKWATCH_OPS_PORT", "0")::get)
                        .ops()
                        .endpoint()
                        .portOr(OpsConfig.DETECT_PORT))
                .isZero();
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("ops: {port: 70000}\n"), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("ops.port: expected a whole number between 0 and 65535, got 70000");
        assertThatThrownBy(() -> EdgeConfigLoader.load(write("ops: {source_down: 5}\n"), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("ops.source_down: unknown key")
                .hasMessageContaining("source_down_seconds");
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "edge", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void relativePathsInAFileAreRelativeToTheFileAndOverridesToTheCurrentDirectory() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(configDir.resolve("models/mine"));
        Files.createDirectories(configDir.resolve("clips"));
        Path file = configDir.resolve("edge.yaml");
        Files.writeString(file, """
                models:
                  face_detection:
                    model: ../detectors/face.onnx
                  mask_classifier:
                    model: models/mine
                    labels: models/mask-classifier/labels.txt
                store:
                  path: data/events.db
                sources:
                  - uri: clips/door.mp4
                  - uri: rtsp://camera/stream
                  - uri: 0
                """);

        EdgeConfig c = EdgeConfigLoader.load(file, Map.of("detection.model_cache", "cache"));

        assertThat(c.faceDetection().model())
                .isEqualTo(dir.resolve("detectors/face.onnx").toString());
        assertThat(c.maskClassifier().model())
                .isEqualTo(configDir.resolve("models/mine").toString());
        // Not next to the file: left for the installation's models/ (the shipped model).
        assertThat(c.maskClassifier().labels()).isEqualTo("models/mask-classifier/labels.txt");
        assertThat(c.store().path())
                .isEqualTo(configDir.resolve("data/events.db").toString());
        assertThat(c.sources().get(0).uri())
                .isEqualTo(configDir.resolve("clips/door.mp4").toString());
        assertThat(c.sources().get(0).name()).isEqualTo("clips/door.mp4");
        assertThat(c.sources().get(1).uri()).isEqualTo("rtsp://camera/stream");
        assertThat(c.sources().get(2).uri()).isEqualTo("0");
        assertThat(c.asWritten("models.mask_classifier.model")).isEqualTo("models/mine");
        assertThat(c.asWritten("models.mask_classifier.labels")).isNull();
        // --set is typed where the user stands: left for the current directory.
        assertThat(c.detection().modelCache()).isEqualTo("cache");
        assertThat(EdgeConfigLoader.load(file, Map.of("store.path", "here.db"))
                        .store()
                        .path())
                .isEqualTo("here.db");
    }

    @Test
    void theEnvironmentSetsAnyKeyByOneRuleBetweenTheFileAndTheOverrides() throws Exception {
        Path file = dir.resolve("env.yaml");
        Files.writeString(file, "tracking:\n  cooldown_seconds: 10\nstore:\n  path: file.db\n");
        Map<String, String> env = Map.of(
                "MASKWATCH_TRACKING_COOLDOWN_SECONDS", "30",
                "MASKWATCH_STORE_PATH", "from-env.db",
                "MASKWATCH_STORE_MAX_SIZE_MB", "64",
                "MASKWATCH_NOT_A_KEY", "ignored");

        EdgeConfig fromEnv = EdgeConfigLoader.load(file, Map.of(), env::get);
        assertThat(fromEnv.tracking().cooldownSeconds()).isEqualTo(30.0);
        // A path from the environment is the user's, not relative to the file.
        assertThat(fromEnv.store().path()).isEqualTo("from-env.db");
        assertThat(fromEnv.store().maxSizeMb()).isEqualTo(64.0);

        EdgeConfig overridden = EdgeConfigLoader.load(file, Map.of("tracking.cooldown_seconds", "45"), env::get);
        assertThat(overridden.tracking().cooldownSeconds()).isEqualTo(45.0);

        // Checked like the file: a bad value names the key.
        assertThatThrownBy(() -> EdgeConfigLoader.load(
                        file, Map.of(), Map.of("MASKWATCH_TRACKING_COOLDOWN_SECONDS", "soon")::get))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tracking.cooldown_seconds");
    }

    @Test
    void detectorNamesAreNotPaths() throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, "models:\n  face_detection:\n    model: yunet\n");
        assertThat(EdgeConfigLoader.load(file, Map.of()).faceDetection().model())
                .isEqualTo("yunet");
    }
}
