package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.edge.store.ModelNames;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What the dispatcher takes from the device's configuration: the device's identity, the event
 * store, Kafka, the topics (events, compliance counts, heartbeats) and what the heartbeat reports.
 * The file is read as one (by {@link EdgeConfigLoader}, as {@code detect} reads it), so both
 * programs see the same defaults and a misspelt key is an error in either.
 */
public record DispatchConfig(
        DeviceConfig device, Path storePath, KafkaSettings kafka, TopicSettings topics, HeartbeatConfig heartbeat) {

    /** Events to {@code topic}; counts and heartbeats to their default topics, heartbeats as {@link HeartbeatConfig#defaults()}. */
    public DispatchConfig(DeviceConfig device, Path storePath, KafkaSettings kafka, String topic) {
        this(device, storePath, kafka, new TopicSettings(topic, null), HeartbeatConfig.defaults());
    }

    /**
     * The dispatcher's part of {@code config}. The environment was applied when the file was read
     * (before the command's --set, which therefore wins), not again here.
     */
    public static DispatchConfig of(EdgeConfig config) {
        return new DispatchConfig(
                config.device(),
                Path.of(config.store().path()),
                config.kafka(),
                config.topics(),
                new HeartbeatConfig(
                        config.dispatch().heartbeatInterval(),
                        config.deployment().latitude(),
                        config.deployment().longitude(),
                        config.sources().stream().map(SourceConfig::name).toList(),
                        null));
    }

    /** Reads {@code file} (or only the defaults and the environment when it is null). */
    public static DispatchConfig load(Path file, Function<String, String> env) {
        return of(EdgeConfigLoader.load(file, Map.of(), env));
    }

    /** Where events go ({@code topics.alerts}). */
    public String topic() {
        return topics.alerts();
    }

    /** This configuration with the models the detector of this process runs, for its heartbeat. */
    public DispatchConfig withModels(ModelNames inUse) {
        return new DispatchConfig(device, storePath, kafka, topics, heartbeat.withModels(inUse));
    }
}
