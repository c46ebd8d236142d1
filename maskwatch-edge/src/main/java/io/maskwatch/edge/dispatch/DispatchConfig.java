package io.maskwatch.edge.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.maskwatch.core.kafka.KafkaSettings;
import io.maskwatch.core.kafka.SettingsFile;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the dispatcher reads from the device's configuration file: {@code device.guid / type /
 * enrolled_on}, {@code store.path} and the {@code kafka:} section. The rest of the file belongs
 * to the detector and is ignored here.
 */
public record DispatchConfig(Device device, Path storePath, KafkaSettings kafka) {
    public static final Path DEFAULT_STORE = Path.of("data", "maskwatch.db");

    /** The device keys the dispatcher uses. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String guid, String type, String enrolledOn) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Store(String path) {}

    /** Reads {@code file} (or only the environment when it is null) and applies MASKWATCH_KAFKA_* overrides. */
    public static DispatchConfig load(Path file, Function<String, String> env) {
        SettingsFile settings = file == null ? SettingsFile.empty() : SettingsFile.read(file);
        Device device = settings.section("device", Device.class);
        Store store = settings.section("store", Store.class);
        KafkaSettings kafka = settings.section("kafka", KafkaSettings.class);
        if (kafka == null) {
            kafka = KafkaSettings.plaintext(null);
        }
        return new DispatchConfig(
                device == null ? new Device(null, null, null) : device,
                store == null || store.path() == null || store.path().isBlank() ? DEFAULT_STORE : Path.of(store.path()),
                kafka.withEnvironment(env));
    }
}
