package io.maskwatch.vision.config;

import io.maskwatch.core.config.ConfigFile;
import io.maskwatch.core.config.ConfigSection;
import java.util.Map;

/**
 * The sections of a device's configuration that the vision library reads, made from dotted
 * settings ({@code tracking.cooldown_seconds} to {@code "5"}) with every other key at its default,
 * read and checked as the device's loader reads them.
 */
public record VisionSettings(DetectionConfig detection, StreamConfig stream, TrackingConfig tracking) {
    public static VisionSettings of(Map<String, String> settings) {
        return ConfigFile.load(null, "config/edge.example.yaml", name -> null, settings, VisionSettings::read)
                .config();
    }

    private static VisionSettings read(ConfigSection root) {
        return new VisionSettings(
                DetectionConfig.read(root.section("detection")),
                StreamConfig.read(root.section("stream")),
                TrackingConfig.read(root.section("tracking")));
    }

    public static VisionSettings defaults() {
        return of(Map.of());
    }
}
