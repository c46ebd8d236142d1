package io.maskwatch.app.delivery;

import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.edge.store.DeviceInfo;
import io.maskwatch.edge.store.EventOrigin;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.vision.event.FaceEvent;
import java.time.Instant;
import java.util.UUID;

/** Events for the end-to-end tests, on two devices. */
final class ChainEvents {
    static final DeviceInfo DEVICE_A = new DeviceInfo(
            "Raspberry Pi 4 Model B", "device-a", "2020-01-01 10:00:00", "2020-08-20 07:00:00", 2.35, 48.85);
    static final DeviceInfo DEVICE_B = new DeviceInfo(
            "Raspberry Pi 4 Model B", "device-b", "2020-01-01 10:00:00", "2020-08-20 07:00:00", -71.05, 42.36);

    private static final ModelInfo FACE = new ModelInfo("yunet.onnx", "face-1", 0.6);
    private static final ModelInfo MASK = new ModelInfo("mask.onnx", "mask-1", 0.8);

    private ChainEvents() {}

    /** Appends event {@code index}: even indexes seen by device A, odd by device B. */
    static void append(EventStore store, int index, int imageBytes) {
        store.append(event(index, imageBytes), new EventOrigin(index % 2 == 0 ? DEVICE_A : DEVICE_B, FACE, MASK));
    }

    private static FaceEvent event(int index, int imageBytes) {
        byte[] image = SyntheticJpeg.ofSize(imageBytes, index);
        return new FaceEvent(
                UUID.randomUUID(),
                Instant.parse("2024-03-01T09:00:00Z").plusSeconds(index),
                "cam-" + index % 2,
                index,
                1,
                2,
                50,
                60,
                0.9,
                "jpeg",
                64,
                64,
                image,
                200,
                false);
    }
}
