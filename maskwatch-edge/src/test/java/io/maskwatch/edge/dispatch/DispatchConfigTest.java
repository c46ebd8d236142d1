package io.maskwatch.edge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.edge.config.StoreConfig;
import io.maskwatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedExampleLoads() {
        DispatchConfig config =
                DispatchConfig.load(SharedData.repoRoot().resolve("config/dispatch.example.yaml"), name -> null);

        assertThat(config.device().guid()).isEqualTo("a4af5779-29f5-48a5-99f3-f794716cc3f9");
        // Relative to config/, so the same store as edge.example.yaml's from any directory.
        assertThat(config.storePath())
                .isEqualTo(SharedData.repoRoot()
                        .resolve("data/maskwatch.db")
                        .toAbsolutePath()
                        .normalize());
        assertThat(config.topic()).isEqualTo("alert-topic");
        assertThat(config.topics().compliance()).isEqualTo("maskwatch-compliance");
        assertThat(config.topics().heartbeats()).isEqualTo("maskwatch-heartbeats");
        assertThat(config.heartbeat().interval()).isEqualTo(Duration.ofSeconds(60));
        // A dispatcher of its own loads no models: its heartbeat names those of the newest stored event.
        assertThat(config.heartbeat().models()).isNull();
        assertThat(config.kafka().clientProperties(name -> null)).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void theHeartbeatIntervalIsWholeSecondsFromOneToADayAndItsSectionIsStrict() throws Exception {
        Path file = dir.resolve("beat.yaml");
        Files.writeString(file, """
                deployment: {latitude: 42.36, longitude: -71.05}
                sources: [{uri: /dev/video0, name: entrance}, {uri: rtsp://cam/2}]
                dispatch: {heartbeat_interval: 15}
                """);
        HeartbeatConfig heartbeat = DispatchConfig.load(file, name -> null).heartbeat();
        assertThat(heartbeat.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(heartbeat.latitude()).isEqualTo(42.36);
        assertThat(heartbeat.sources()).containsExactly("entrance", "rtsp://cam/2");
        assertThat(DispatchConfig.load(file, Map.of("MASKWATCH_DISPATCH_HEARTBEAT_INTERVAL", "300")::get)
                        .heartbeat()
                        .interval())
                .isEqualTo(Duration.ofMinutes(5));

        for (String wrong : List.of("0", "86401", "1.5", "often")) {
            Files.writeString(file, "dispatch: {heartbeat_interval: " + wrong + "}\n");
            assertThatThrownBy(() -> DispatchConfig.load(file, name -> null))
                    .as(wrong)
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("dispatch.heartbeat_interval")
                    .hasMessageContaining("between 1 and 86400");
        }
        Files.writeString(file, "dispatch: {heartbeat: 30}\n");
        assertThatThrownBy(() -> DispatchConfig.load(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("dispatch.heartbeat");
        Files.writeString(file, "topics: {heartbeats: door-beats, compliance: door-counts}\n");
        DispatchConfig named = DispatchConfig.load(file, name -> null);
        assertThat(named.topics().heartbeats()).isEqualTo("door-beats");
        assertThat(named.topics().compliance()).isEqualTo("door-counts");
    }

    @Test
    void aSetOnTheCommandLineWinsOverTheEnvironmentForTheInProcessDispatcher() throws Exception {
        Path file = Files.writeString(dir.resolve("precedence.yaml"), "kafka:\n  bootstrap_servers: file:9092\n");
        Map<String, String> env = Map.of("MASKWATCH_KAFKA_BOOTSTRAP_SERVERS", "env:9092");
        // detect reads its file with --set overrides, then hands the result to its dispatcher.
        DispatchConfig fromSet =
                DispatchConfig.of(EdgeConfigLoader.load(file, Map.of("kafka.bootstrap_servers", "set:9092"), env::get));
        assertThat(fromSet.kafka().bootstrapServers()).isEqualTo("set:9092");
        DispatchConfig fromEnv = DispatchConfig.of(EdgeConfigLoader.load(file, Map.of(), env::get));
        assertThat(fromEnv.kafka().bootstrapServers()).isEqualTo("env:9092");
    }

    @Test
    void readsTheSharedDeviceFileAsDetectDoesAndTakesEnvironmentOverrides() throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, """
                device: {guid: dev-7, type: Pi, enrolled_on: "2020-01-01 10:00:00"}
                deployment: {latitude: 42.36, longitude: -71.05}
                models: {face_detection: {model: yunet.onnx, threshold: 0.6}}
                camera: {source: rtsp://cam/1}
                kafka: {bootstrap_servers: "file:9092"}
                """);
        DispatchConfig config = DispatchConfig.load(file, Map.of("MASKWATCH_KAFKA_BOOTSTRAP_SERVERS", "env:9092")::get);

        assertThat(config.device())
                .isEqualTo(EdgeConfigLoader.load(file, Map.of()).device());
        assertThat(config.device().enrolledOn()).isEqualTo("2020-01-01 10:00:00");
        assertThat(config.storePath()).isEqualTo(Path.of(StoreConfig.DEFAULT_PATH));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("env:9092");
    }

    @Test
    void aMisspeltKafkaKeyIsAnErrorNamingIt() throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, "kafka: {bootstrap_server: \"host:9092\"}\n");
        assertThatThrownBy(() -> DispatchConfig.load(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("bootstrap_server");
    }

    @Test
    void producerIsIdempotentWithAcksAllWhateverThePropertiesSay() {
        var kafka = kafkaWith(Map.of(
                "acks",
                "0",
                "enable.idempotence",
                "false",
                "max.in.flight.requests.per.connection",
                "5",
                "linger.ms",
                "50"));
        Map<String, Object> props = Dispatcher.producerProperties(kafka, name -> null, "dev");
        assertThat(props)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.in.flight.requests.per.connection", 1)
                .containsEntry("linger.ms", "50");
    }

    @Test
    void aSendIsGivenUpWithinHalfAMinuteUnlessConfiguredOtherwise() {
        Map<String, Object> defaults = Dispatcher.producerProperties(kafkaWith(Map.of()), name -> null, "dev");
        assertThat(defaults)
                .containsEntry("delivery.timeout.ms", 30_000)
                .containsEntry("request.timeout.ms", 10_000)
                .containsEntry("max.block.ms", 10_000);

        Map<String, Object> configured =
                Dispatcher.producerProperties(kafkaWith(Map.of("delivery.timeout.ms", "120000")), name -> null, "dev");
        assertThat(configured).containsEntry("delivery.timeout.ms", "120000");
    }

    private static io.maskwatch.wire.KafkaSettings kafkaWith(Map<String, String> properties) {
        return new io.maskwatch.wire.KafkaSettings("h:1", null, null, null, null, properties);
    }
}
