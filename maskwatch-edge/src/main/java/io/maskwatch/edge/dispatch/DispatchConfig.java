package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.wire.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What the dispatcher takes from the device's configuration: the device's identity, the event
 * store, Kafka and the topic. The file is read as one (by {@link EdgeConfigLoader}, as {@code detect} reads
 * it), so both programs see the same defaults and a misspelt key is an error in either.
 */
public record DispatchConfig(DeviceConfig device, Path storePath, KafkaSettings kafka, String topic) {

    /**
     * The dispatcher's part of {@code config}. The environment was applied when the file was read
     * (before the command's --set, which therefore wins), not again here.
     */
    public static DispatchConfig of(EdgeConfig config) {
        return new DispatchConfig(
                config.device(),
                Path.of(config.store().path()),
                config.kafka(),
                config.topics().alerts());
    }

    /** Reads {@code file} (or only the defaults and the environment when it is null). */
    public static DispatchConfig load(Path file, Function<String, String> env) {
        return of(EdgeConfigLoader.load(file, Map.of(), env));
    }
}
