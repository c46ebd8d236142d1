package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TopicReader;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import io.maskwatch.wire.proto.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a broker configured, {@code detect} publishes its events itself (in-process Kafka broker). */
class DetectDispatchTest {
    @TempDir
    Path dir;

    @Test
    void theEventIsOnTheTopicAndMarkedSentWhenDetectEnds() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 1, 110);
        Path video =
                Scene.write(dir.resolve("door.mp4"), 75, List.of(Scene.Actor.still(faces.get(0), 0, 75, 250, 110)));
        String topic = "alerts-" + UUID.randomUUID();
        Path config = Files.writeString(
                dir.resolve("edge.yaml"), """
                device:
                  guid: 0f0e0d0c-0b0a-0908-0706-050403020100
                  type: test rig
                kafka:
                  bootstrap_servers: %s
                topics:
                  alerts: %s
                """.formatted(TestInfra.kafka().bootstrapServers(), topic));
        Path store = dir.resolve("events.db");
        CommandRun run = detect(config, video, store);
        assertThat(run.exitCode()).as(run.err()).isZero();

        List<ConsumerRecord<byte[], byte[]>> records =
                TopicReader.readUntil(topic, r -> !r.isEmpty(), Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        Alert alert = Alert.parseFrom(records.get(0).value());
        assertThat(alert.getCreatedBy().getGuid()).isEqualTo("0f0e0d0c-0b0a-0908-0706-050403020100");
        assertThat(alert.getSource()).isEqualTo(video.toString());
        assertThat(alert.getImage().getData().size()).isGreaterThan(500);
        try (EventStore events = EventStore.open(store)) {
            assertThat(events.countUnsent()).isZero();
        }
    }

    @Test
    void kafkaSettingsThatCannotBeUsedStopDetectBeforeAnyFrameNamingTheKey() throws Exception {
        Path video = Scene.write(dir.resolve("door.mp4"), 10, List.of());
        Path config = Files.writeString(
                dir.resolve("edge.yaml"), """
                kafka:
                  bootstrap_servers: %s
                  sasl_mechanism: PLAIN
                """.formatted(TestInfra.kafka().bootstrapServers()));
        Path store = dir.resolve("events.db");
        CommandRun run = detect(config, video, store);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("kafka.sasl_username").doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("frames,");
        try (EventStore events = EventStore.open(store)) {
            assertThat(events.countUnsent()).isZero();
        }
    }

    /** detect on {@code video} with YuNet and a stand-in classifier that calls every face bare. */
    private CommandRun detect(Path config, Path video, Path store) throws Exception {
        return CommandRun.of(
                "detect",
                "--config",
                config.toString(),
                "--source",
                video.toString(),
                "--store",
                store.toString(),
                "--detector",
                FaceSamples.yunetModel().toString(),
                "--model",
                StandInClassifier.constant(dir.resolve("model"), 0.9f).toString());
    }
}
