package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelNames;
import io.maskwatch.wire.proto.DeviceHeartbeat;
import java.time.Instant;

/**
 * Builds the device's heartbeat: identity and place from the configuration, the models in use,
 * the software version, and from the store what waits to be sent (so the dashboard sees a device
 * that is alive but cut off from the broker, and since when).
 */
final class HeartbeatEncoder {
    private static final ModelNames NOT_KNOWN_YET = new ModelNames("", "");

    private final DeviceConfig device;
    private final HeartbeatConfig config;
    private final EventStore store;
    private final String softwareVersion;

    HeartbeatEncoder(DeviceConfig device, HeartbeatConfig config, EventStore store, String softwareVersion) {
        this.device = device;
        this.config = config;
        this.store = store;
        this.softwareVersion = softwareVersion;
    }

    /** The heartbeat as of {@code now}; throws what the store throws when it cannot be read. */
    DeviceHeartbeat encode(Instant now) {
        ModelNames models = config.models() != null
                ? config.models()
                : store.newestModelNames().orElse(NOT_KNOWN_YET);
        return DeviceHeartbeat.newBuilder()
                .setDeviceId(device.guid())
                .setDeviceType(device.type())
                .setLatitude((float) config.latitude())
                .setLongitude((float) config.longitude())
                .setSoftwareVersion(softwareVersion)
                .setFaceModel(models.faceModel())
                .setMaskModel(models.maskModel())
                .setSentAt(now.toString())
                .setBacklog(store.countUnsent())
                .setOldestUnsentAt(
                        store.oldestUnsentTime().map(Instant::toString).orElse(""))
                .addAllSources(config.sources())
                .build();
    }

    /** The version in the manifest of the jar holding this class ({@code Implementation-Version}). */
    static String softwareVersion() {
        String version = HeartbeatEncoder.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "unknown" : version;
    }
}
