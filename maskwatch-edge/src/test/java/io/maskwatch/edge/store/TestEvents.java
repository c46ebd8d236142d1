package io.maskwatch.edge.store;

import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.vision.event.FaceEvent;
import java.time.Instant;
import java.util.UUID;

/** Events made up by tests: every field derived from the index, an image of the requested size. */
public final class TestEvents {
    public static final DeviceInfo DEVICE = new DeviceInfo(
            "Raspberry Pi 4 Model B",
            "a4af5779-29f5-48a5-99f3-f794716cc3f9",
            "2020-01-01 10:00:00.633803",
            "2020-08-20 07:00:00.763214",
            -71.0582912,
            42.3602534);
    public static final ModelInfo FACE_MODEL = new ModelInfo("yunet.onnx", "9b1c7a3e-0d7f-4c55-9d8e-0a5f1f9d2b11", 0.4);
    public static final ModelInfo MASK_MODEL =
            new ModelInfo("mask-mobilenetv2.onnx", "f2d1c0b3-6a8e-4e7d-8c1b-2e3f4a5b6c7d", 0.8);

    private TestEvents() {}

    /** Who saw the test events. */
    public static final EventOrigin ORIGIN = new EventOrigin(DEVICE, FACE_MODEL, MASK_MODEL);

    public static FaceEvent event(int index, int imageBytes) {
        return event(index, imageBytes, false);
    }

    /** Like {@link #event(int, int)}, with a crop below the evidence minimums (stored, never sent). */
    public static FaceEvent lowEvidence(int index, int imageBytes) {
        return event(index, imageBytes, true);
    }

    private static FaceEvent event(int index, int imageBytes, boolean lowEvidence) {
        byte[] image = SyntheticJpeg.ofSize(imageBytes, index);
        return new FaceEvent(
                UUID.randomUUID(),
                Instant.parse("2024-03-01T09:00:00.123456Z").plusMillis(index * 1000L),
                "cam-" + (index % 3),
                index,
                index % 100,
                10 + index % 50,
                100 + index % 100,
                150 + index % 50,
                0.8 + (index % 20) / 100.0,
                "jpeg",
                64 + index % 10,
                80 + index % 10,
                image,
                lowEvidence ? 40 + index % 10 : 200 + index % 50,
                lowEvidence);
    }
}
