package io.maskwatch.app.detect;

import io.maskwatch.app.UserError;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.vision.config.SourceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code detect} and {@code bench} share: the device's YAML and overrides of any of
 * its keys. The named options are shorthands for the most used keys; {@code --set} reaches all.
 */
public final class ConfigOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Edge configuration YAML (see config/edge.example.yaml); default: built-in defaults.")
    Path config;

    @Option(
            names = "--source",
            paramLabel = "URI",
            description = "Camera (/dev/video0 or 0), stream URL, video file, image or folder; repeatable."
                    + " Replaces the configured sources.")
    List<String> sources = new ArrayList<>();

    @Option(
            names = "--detector",
            paramLabel = "MODEL",
            description = "Face detector: yunet, ssd, haar or a model file (models.face_detection.model).")
    String detector;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Mask classifier directory (models.mask_classifier.model); default: the shipped model.")
    String model;

    @Option(names = "--store", paramLabel = "FILE", description = "SQLite event store (store.path).")
    String store;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override any configuration key, e.g. --set tracking.cooldown_seconds=60; repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The configuration with every command-line override applied (and validated), with a source to watch. */
    public EdgeConfig load() {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        putIfSet(all, "models.face_detection.model", detector);
        putIfSet(all, "models.mask_classifier.model", model);
        putIfSet(all, "store.path", store);
        EdgeConfig loaded = EdgeConfigLoader.load(config, all);
        if (sources.isEmpty() && loaded.sources().isEmpty()) {
            throw new UserError("no source to watch: pass --source (a camera, stream URL, video file or folder)"
                    + " or list them under 'sources' in the configuration");
        }
        sources.stream()
                .filter(uri -> sources.indexOf(uri) != sources.lastIndexOf(uri))
                .findFirst()
                .ifPresent(uri -> {
                    throw new UserError(
                            "--source " + uri + " is given twice; events, counts and the summary tell sources"
                                    + " apart by name (here the uri): give each source once");
                });
        return sources.isEmpty()
                ? loaded
                : loaded.withSources(
                        sources.stream().map(uri -> new SourceConfig(uri, uri)).toList());
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            // Quoted, so a path or name is never read as a number or a YAML structure.
            map.put(key, "'" + value.replace("'", "''") + "'");
        }
    }
}
