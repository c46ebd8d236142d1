package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;
import io.maskwatch.vision.config.DetectionConfig;
import io.maskwatch.vision.config.FaceDetectionConfig;
import io.maskwatch.vision.config.MaskClassifierConfig;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.vision.config.StreamConfig;
import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.util.List;
import java.util.Map;

/**
 * The edge device's configuration: the seed's {@code config.yaml} keys ({@code device}, {@code
 * deployment}, {@code models}) as they are, plus MaskWatch's sections. Loaded by {@link
 * EdgeConfigLoader}; every value has a default, so a device runs from an empty file.
 */
public record EdgeConfig(
        DeviceConfig device,
        DeploymentConfig deployment,
        FaceDetectionConfig faceDetection,
        MaskClassifierConfig maskClassifier,
        List<SourceConfig> sources,
        DetectionConfig detection,
        StreamConfig stream,
        TrackingConfig tracking,
        StoreConfig store,
        KafkaSettings kafka,
        TopicSettings topics,
        DispatchSettings dispatch,
        LiveViewConfig liveView,
        OpsConfig ops,
        Map<String, String> pathsAsWritten) {

    /**
     * What the file said for a path it made absolute (relative to its folder), for errors that must
     * name both the value given and the path tried; {@code null} when the value is as given.
     */
    public String asWritten(String key) {
        return pathsAsWritten.get(key);
    }

    /** This configuration watching {@code others} instead of its own sources ({@code --source}). */
    public EdgeConfig withSources(List<SourceConfig> others) {
        return with(List.copyOf(others), pathsAsWritten);
    }

    EdgeConfig withPathsAsWritten(Map<String, String> written) {
        return with(sources, Map.copyOf(written));
    }

    private EdgeConfig with(List<SourceConfig> otherSources, Map<String, String> written) {
        return new EdgeConfig(
                device,
                deployment,
                faceDetection,
                maskClassifier,
                otherSources,
                detection,
                stream,
                tracking,
                store,
                kafka,
                topics,
                dispatch,
                liveView,
                ops,
                written);
    }

    public static EdgeConfig read(ConfigSection root) {
        ConfigSection models = root.section("models");
        FaceDetectionConfig face = FaceDetectionConfig.read(models.section("face_detection"));
        MaskClassifierConfig mask = MaskClassifierConfig.read(models.section("mask_classifier"));
        models.rejectUnknownKeys();
        DetectionConfig detection = DetectionConfig.read(root.section("detection"));
        ConfigSection trackingSection = root.section("tracking");
        TrackingConfig tracking = TrackingConfig.read(trackingSection);
        checkClassificationInterval(detection, tracking, trackingSection);
        return new EdgeConfig(
                DeviceConfig.read(root.section("device")),
                DeploymentConfig.read(root.section("deployment")),
                face,
                mask,
                distinctNames(
                        root,
                        root.list("sources", "uri").stream()
                                .map(SourceConfig::read)
                                .toList()),
                detection,
                StreamConfig.read(root.section("stream")),
                tracking,
                StoreConfig.read(root.section("store")),
                KafkaSettings.read(root.section("kafka")),
                TopicSettings.readDevice(root.section("topics")),
                DispatchSettings.read(root.section("dispatch")),
                LiveViewConfig.read(root.section("live_view")),
                OpsConfig.read(root.section("ops")),
                Map.of());
    }

    /**
     * Events, counts, metrics and detect's summary tell sources apart by name: two with one name would
     * be counted as one.
     */
    private static List<SourceConfig> distinctNames(ConfigSection root, List<SourceConfig> sources) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SourceConfig s : sources) {
            if (!seen.add(s.name())) {
                throw root.error(
                        "sources",
                        "two sources are named '" + s.name() + "' (the name defaults to the uri); events, counts and"
                                + " the summary tell sources apart by name: give each its own 'name'");
            }
        }
        return sources;
    }

    /** Longest interval, in frames, between two classifications of a face the pipeline allows. */
    public static final int MAX_CLASSIFICATION_INTERVAL = 5;

    /**
     * Faces are classified on frames where they are detected, so with detection on every n-th
     * frame a face is re-classified every {@code ceil(classify_every / n) * n} frames.
     */
    private static void checkClassificationInterval(
            DetectionConfig detection, TrackingConfig tracking, ConfigSection trackingSection) {
        int every = detection.every();
        int interval = (tracking.classifyEvery() + every - 1) / every * every;
        if (interval > MAX_CLASSIFICATION_INTERVAL) {
            throw trackingSection.error(
                    "classify_every",
                    "with detection.every = " + every + " faces would be re-classified every " + interval
                            + " frames; expected at most " + MAX_CLASSIFICATION_INTERVAL
                            + " (e.g. classify_every = " + every + ")");
        }
    }
}
