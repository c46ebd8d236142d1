package io.maskwatch.server.testing;

import com.google.protobuf.ByteString;
import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.wire.proto.Alert;
import java.time.Instant;
import java.util.UUID;

/** Wire messages made up by tests, in MaskWatch's format (with event id) and in the seed's. */
public final class TestAlerts {
    public static final String DEVICE = "a4af5779-29f5-48a5-99f3-f794716cc3f9";

    private TestAlerts() {}

    public static Alert.Builder seedFormat(int index, int imageBytes) {
        byte[] image = SyntheticJpeg.ofSize(imageBytes, index);
        return Alert.newBuilder()
                .setEventTime("2020-08-21 10:11:" + String.format("%02d", index % 60) + ".131415")
                .setCreatedBy(Alert.Device.newBuilder()
                        .setType("Raspberry Pi 4 Model B")
                        .setGuid(DEVICE)
                        .setEnrolledOn("2020-01-01 10:00:00.633803"))
                .setLocation(
                        Alert.Location.newBuilder().setLongitude(-71.0582912f).setLatitude(42.3602534f))
                .setFaceDetectionModel(Alert.Model.newBuilder()
                        .setName("ssd_mobilenet_v2_face_quant_postprocess_edgetpu.tflite")
                        .setGuid("face-model-1")
                        .setThreshold(0.4f))
                .setMaskClassifierModel(Alert.Model.newBuilder()
                        .setName("mask_classifier_edgetpu.tflite")
                        .setGuid("mask-model-1")
                        .setThreshold(0.8f))
                .setProbability(0.9f)
                .setImage(Alert.Image.newBuilder()
                        .setFormat("jpeg")
                        .setSize(Alert.Image.Size.newBuilder().setWidth(64).setHeight(80))
                        .setData(ByteString.copyFrom(image)));
    }

    public static Alert maskWatch(UUID eventId, int index, int imageBytes) {
        return seedFormat(index, imageBytes)
                .setEventTime(Instant.parse("2024-03-01T09:00:00.123456Z")
                        .plusSeconds(index)
                        .toString())
                .setEventId(eventId.toString())
                .setSource("cam-" + (index % 3))
                .setTrackId(index)
                .setProbability(0.8f + (index % 20) / 100f)
                .setFaceBox(Alert.Box.newBuilder()
                        .setX1(1)
                        .setY1(2)
                        .setX2(30 + index % 10)
                        .setY2(40))
                .build();
    }
}
