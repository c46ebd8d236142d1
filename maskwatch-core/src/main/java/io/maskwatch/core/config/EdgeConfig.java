package io.maskwatch.core.config;

import java.util.List;

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
        KafkaConfig kafka) {

    static EdgeConfig read(ConfigSection root) {
        ConfigSection models = root.section("models");
        FaceDetectionConfig face = FaceDetectionConfig.read(models.section("face_detection"));
        MaskClassifierConfig mask = MaskClassifierConfig.read(models.section("mask_classifier"));
        models.rejectUnknownKeys();
        return new EdgeConfig(
                DeviceConfig.read(root.section("device")),
                DeploymentConfig.read(root.section("deployment")),
                face,
                mask,
                root.list("sources", "uri").stream().map(SourceConfig::read).toList(),
                DetectionConfig.read(root.section("detection")),
                StreamConfig.read(root.section("stream")),
                TrackingConfig.read(root.section("tracking")),
                StoreConfig.read(root.section("store")),
                KafkaConfig.read(root.section("kafka")));
    }
}
